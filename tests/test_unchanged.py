"""A build with nothing to do ends before its steps load, and only when every byte it reads and everything it found
in its own folders is as the last build's proof says (engine.unchanged); anything else sends it through the steps."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from multivector import paths, sections
from multivector.engine import publish, sources, unchanged
from multivector.engine.job import Job
from multivector.engine.report import Reporter

EDITION, PREVIOUS = "2024-0a1b2c3d", "2023-00ff00ff"


@pytest.fixture
def folders(tmp_path, data_copy) -> dict[str, Path]:
    """A book, its data, and an output folder, stage and cache as a build that published edition EDITION leaves
    them, with its proof."""
    root, out, cache = tmp_path / "root", tmp_path / "site", tmp_path / "cache"
    sources.copy_book(paths.ROOT, root)
    shutil.copytree(paths.ROOT / paths.LOCALES, root / paths.LOCALES)
    for edition, made in ((EDITION, paths.BUILD_KEY), (PREVIOUS, paths.EDITION_FILE)):
        (out / "editions" / edition).mkdir(parents=True)
        (out / "editions" / edition / made).write_text(f"{edition}\n", encoding="utf-8")
    (out / "editions.json").write_text("[]\n", encoding="utf-8")
    publish.stage_dir(out).mkdir()
    (publish.stage_dir(out) / paths.BUILD_KEY).write_text("key\n", encoding="utf-8")
    cache.mkdir()
    for name in sections.EXECUTED:
        for suffix in (".ipynb", ".json"):
            (cache / f"{name}-0123456789abcdef{suffix}").write_text(name, encoding="utf-8")
    unchanged.remember(_job(root, out, cache, data_copy, ["2026 covers January-June"]), EDITION, PREVIOUS, COPIES)
    return {"root": root, "out": out, "cache": cache, "data": data_copy}


COPIES = {name: f"{name}-0123456789abcdef" for name in sections.EXECUTED}


def _job(root, out, cache, data, warnings=(), **changed) -> Job:
    settings = {"values": {"data_dir": str(data)}, "base_url": None, "pdf": False, "force": False, **changed}
    job = Job(
        settings["values"],
        out,
        root,
        cache,
        settings["force"],
        Reporter(quiet=True),
        settings["base_url"],
        settings["pdf"],
    )
    job.read = unchanged.inputs_digest(job)
    job.warnings = list(warnings)
    return job


def _proven(f: dict[str, Path], **changed) -> bool:
    return unchanged.holding(_job(f["root"], f["out"], f["cache"], f["data"], **changed)) is not None


def test_a_build_that_reads_what_the_proof_says_and_finds_its_folders_as_left_does_nothing_and_says_so(folders):
    job = _job(folders["root"], folders["out"], folders["cache"], folders["data"])
    unchanged.reuse(job, unchanged.holding(job))
    said = [(e["event"], e["message"].split(" (")[0]) for e in job.report.events]
    assert said[:2] == [("step", "1/4 Checking parameters and data"), ("warning", "warning: 2026 covers January-June")]
    assert said[2] == ("step", f"2/4 Executing {len(sections.EXECUTED)} notebooks with papermill")
    assert [e["notebook"] for e in job.report.events if e["event"] == "notebook"] == list(sections.EXECUTED)
    assert job.report.events[-1]["message"].startswith("Nothing changed since the last build")


@pytest.mark.parametrize(
    "edit",
    ["a data file", "a page of the book", "a catalog", "the parameters", "the address", "the PDF flag", "forced"],
)
def test_any_change_in_what_a_build_reads_or_is_asked_sends_it_through_the_steps(folders, edit):
    changed = {}
    if edit == "a data file":
        with (folders["data"] / "events.csv").open("a", encoding="utf-8") as f:
            f.write("\n")
    elif edit == "a page of the book":
        (folders["root"] / "book" / "about.md").write_text("# About\n", encoding="utf-8")
    elif edit == "a catalog":
        next((folders["root"] / paths.LOCALES).rglob("*.po")).write_text("", encoding="utf-8")
    elif edit == "the parameters":
        changed["values"] = {"data_dir": str(folders["data"]), "year": 2024}
    elif edit == "the address":
        changed["base_url"] = "https://example.org/book/"
    elif edit == "the PDF flag":
        changed["pdf"] = True
    else:
        changed["force"] = True
    assert not _proven(folders, **changed)


@pytest.mark.parametrize(
    "place",
    ["editions.json", "the edition's key", "the stage's key", "the facts compared with", "a cached copy", "a record"],
)
def test_any_change_in_the_builds_own_folders_sends_it_through_the_steps(folders, place):
    out, cache = folders["out"], folders["cache"]
    target = {
        "editions.json": out / "editions.json",
        "the edition's key": out / "editions" / EDITION / paths.BUILD_KEY,
        "the stage's key": publish.stage_dir(out) / paths.BUILD_KEY,
        "the facts compared with": out / "editions" / PREVIOUS / paths.EDITION_FILE,
        "a cached copy": cache / f"{sections.EXECUTED[0]}-0123456789abcdef.ipynb",
        "a record": cache / f"{sections.EXECUTED[-1]}-0123456789abcdef.json",
    }[place]
    target.write_text("changed\n", encoding="utf-8")
    assert not _proven(folders)
    target.unlink()
    assert not _proven(folders)


@pytest.mark.parametrize(
    "damage",
    ["not JSON", "a field missing", "an edition id leading out", "a copy of another notebook", "a copy leading out"],
)
def test_a_damaged_or_hostile_proof_is_ignored_and_reads_nothing_it_names(folders, damage, monkeypatch):
    proof = publish.stage_dir(folders["out"]) / paths.UNCHANGED_PROOF
    given = json.loads(proof.read_text(encoding="utf-8"))
    if damage == "not JSON":
        proof.write_text("{", encoding="utf-8")
    else:
        if damage == "a field missing":
            del given["state"]
        elif damage == "an edition id leading out":
            given["edition"] = "../../../etc"
        elif damage == "a copy of another notebook":
            given["copies"][sections.EXECUTED[0]] = COPIES[sections.EXECUTED[1]]
        else:
            given["copies"][sections.EXECUTED[0]] = f"{sections.EXECUTED[0]}-../../x"
        proof.write_text(json.dumps(given), encoding="utf-8")
    job = _job(folders["root"], folders["out"], folders["cache"], folders["data"])
    reads, read = [], Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: reads.append(path.resolve()) or read(path))
    assert unchanged.holding(job) is None
    top = folders["out"].parent.resolve()
    assert all(r.is_relative_to(top) for r in reads), reads


def test_a_build_that_cannot_read_an_input_takes_the_steps_and_leaves_no_proof(folders, monkeypatch):
    proof = publish.stage_dir(folders["out"]) / paths.UNCHANGED_PROOF
    proof.unlink()
    unreadable, read = folders["data"] / "events.csv", Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return read(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    job = _job(folders["root"], folders["out"], folders["cache"], folders["data"])
    assert job.read is None and unchanged.holding(job) is None
    unchanged.remember(job, EDITION, PREVIOUS, COPIES)
    assert not proof.exists()


def test_a_symbolic_link_among_the_inputs_is_not_followed_and_the_steps_decide(folders, tmp_path, monkeypatch):
    outside = tmp_path / "outside.csv"
    outside.write_text("a,b\n", encoding="utf-8")
    (folders["data"] / "extra.csv").symlink_to(outside)
    reads, read = [], Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: reads.append(path) or read(path))
    job = _job(folders["root"], folders["out"], folders["cache"], folders["data"])
    assert job.read is None and unchanged.holding(job) is None
    assert outside not in reads and folders["data"] / "extra.csv" not in reads


def test_a_build_with_nothing_to_do_still_refuses_a_file_a_person_put_among_the_pages(folders, monkeypatch):
    from multivector.engine import build

    def refuse(out):
        raise publish.OutputError(f"--out {out} holds notes.txt, which a build did not write")

    monkeypatch.setattr(build, "_build", lambda job, jobs: pytest.fail("the proof did not hold"))
    monkeypatch.setattr(publish, "check_contents", refuse)
    report = Reporter(quiet=True)
    with pytest.raises(publish.OutputError, match="notes.txt"):
        build.build(
            {"data_dir": str(folders["data"])},
            out=folders["out"],
            root=folders["root"],
            cache_dir=folders["cache"],
            report=report,
        )
    assert report.events == []  # refused before it says anything was reused
