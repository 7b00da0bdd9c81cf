"""The build's guess, before it reads any data, that it has work (engine.early): a file it reads was modified after
the last publish. The guess only starts Jupyter Book's process early; a wrong one costs time, never the site."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import psutil
import pytest

from multivector import paths
from multivector.engine import bookrun, build, early, execute, publish, sources


@pytest.fixture
def inputs(tmp_path, monkeypatch) -> dict[str, Path]:
    """Everything a build reads, in private copies dated an hour ago, and a publish's key written a minute later."""
    root, data = tmp_path / "root", tmp_path / "data"
    sources.copy_book(paths.ROOT, root)
    shutil.copytree(paths.ROOT / "locales", root / "locales")
    shutil.copytree(paths.DATA, data)
    for name, source in (("notebooks", paths.NOTEBOOKS), ("package", sources.PACKAGE)):
        shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name, source in (("references.bib", paths.BIBLIOGRAPHY), ("CITATION.cff", paths.CITATION)):
        shutil.copy2(source, tmp_path / name)
    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(sources, "PACKAGE", tmp_path / "package")
    monkeypatch.setattr(paths, "BIBLIOGRAPHY", tmp_path / "references.bib")
    monkeypatch.setattr(paths, "CITATION", tmp_path / "CITATION.cff")
    hour_ago = time.time() - 3600
    for top, dirs, names in os.walk(tmp_path):
        for n in (*dirs, *names):
            os.utime(Path(top) / n, (hour_ago, hour_ago))
    os.utime(tmp_path, (hour_ago, hour_ago))
    key = tmp_path / "site.stage" / paths.BUILD_KEY
    key.parent.mkdir()
    key.write_text("key\n", encoding="utf-8")
    os.utime(key, (hour_ago + 60, hour_ago + 60))  # after the inputs, before any edit (file times tick coarsely)
    return {"root": root, "data": data, "key": key, "top": tmp_path}


def likely(i: dict[str, Path]) -> bool:
    return early.work_likely(i["key"], sources.of_build(i["root"], {"data_dir": str(i["data"])}))


def test_nothing_modified_since_the_last_publish_means_no_work_is_guessed(inputs):
    assert not likely(inputs)


def test_without_a_publish_work_is_guessed(inputs):
    inputs["key"].unlink()
    assert likely(inputs)


@pytest.mark.parametrize(
    "where",
    [
        "data/cpi_yoy.csv",
        "root/_config.yml",
        "root/_toc.yml",
        "root/book/about.md",
        "root/locales/ru/LC_MESSAGES/interface.po",
        "notebooks/summary.ipynb",
        "references.bib",
        "CITATION.cff",
        "package/charts/theme.py",
        "package/site/templates/layout.html",
    ],
)
def test_a_file_the_build_reads_modified_since_means_work_is_guessed(inputs, where):
    path = inputs["top"] / where
    assert path.is_file()
    path.write_bytes(path.read_bytes())  # same bytes, a new time: a guess, not a decision
    assert likely(inputs)


@pytest.mark.parametrize("change", ["added", "removed"])
def test_a_file_added_to_or_removed_from_a_folder_the_build_reads_means_work_is_guessed(inputs, change):
    folder = inputs["data"] / "raw"
    if change == "added":
        (folder / "new.csv").write_text("a\n", encoding="utf-8")
    else:
        next(p for p in folder.rglob("*") if p.is_file()).unlink()
    assert likely(inputs)


@pytest.mark.slow
def test_a_build_that_guessed_work_and_found_none_leaves_the_site_as_it_is_and_no_process(built_site):
    key = publish.stage_dir(built_site) / paths.BUILD_KEY
    before = key.stat()
    os.utime(key, (0, 0))  # every input now reads as modified since the last publish: work is guessed
    try:
        assert early.work_likely(key, sources.of_build(paths.ROOT, {}))
        report = build.Reporter(quiet=True)
        build.build(out=built_site, report=report, pdf=True)
    finally:
        os.utime(key, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert report.events[-1]["message"].startswith("Nothing changed since the last build"), report.events[-1]
    left = [p for p in psutil.Process().children(recursive=True) if "engine.bookrun" in " ".join(p.cmdline())]
    assert left == []


@pytest.mark.slow
def test_a_build_that_guesses_no_work_starts_no_worker_and_no_jupyter_book(built_site, monkeypatch):
    # With nothing to do it shares no core with processes it would stop unused (0.3 s of a no-op build here).
    started = []
    monkeypatch.setattr(build, "work_likely", lambda *args: False)
    monkeypatch.setattr(execute.Workers, "start", lambda self, every=False: started.append("workers"))
    monkeypatch.setattr(bookrun.Book, "for_output", classmethod(lambda cls, *args: started.append("jupyter book")))
    report = build.Reporter(quiet=True)
    build.build(out=built_site, report=report, pdf=True)
    assert report.events[-1]["message"].startswith("Nothing changed since the last build"), report.events[-1]
    assert started == []


NOTEBOOKS_READ = {
    "data/cpi_yoy.csv": True,
    "notebooks/summary.ipynb": True,
    "references.bib": True,
    "package/analysis/compute.py": True,
    "root/book/about.md": False,
    "root/_config.yml": False,
    "root/locales/ru/LC_MESSAGES/interface.po": False,
    "CITATION.cff": False,
}


def test_only_a_file_the_notebooks_read_has_the_workers_guessed_busy(inputs):
    # A page, a setting or a catalog changed: Jupyter Book will run, no notebook will (the workers start when needed).
    kernels = sources.of_notebooks({"data_dir": str(inputs["data"])})
    dated = inputs["key"].stat().st_mtime - 60
    found = {}
    for where in NOTEBOOKS_READ:
        path = inputs["top"] / where
        path.write_bytes(path.read_bytes())
        found[where] = (early.work_likely(inputs["key"], kernels), likely(inputs))
        os.utime(path, (dated, dated))  # as old as the rest again
    assert found == {where: (busy, True) for where, busy in NOTEBOOKS_READ.items()}
