"""Data that change while a build runs are never published as a mix, and no cached page stands in for a page that
read other data than the data now (issue 24, item 1: `build &`, then an edit and `rehash` while notebooks run)."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import edit_csv

from multivector import data, paths
from multivector.engine import build, checks, execute, publish, records, steps
from multivector.engine.report import BuildError

# Every test here builds a site or runs a build: `make test-fast` leaves the file out.
pytestmark = pytest.mark.slow

CHANGED_FILE = "trade_totals.csv"
# The row the reproduction edits, and the value it puts there (one no page of the shipped data shows).
ORIGINAL_ROW, CHANGED_ROW = "2024,exports,81.67,", "2024,exports,97.53,"
ORIGINAL_VALUE, CHANGED_VALUE = "81.67", "97.53"
CHANGED_YEAR = ORIGINAL_ROW.split(",")[0]
# The notebooks that run before the file changes; every other one runs after it.
BEFORE_THE_CHANGE = ("summary",)


@dataclasses.dataclass
class Interrupted:
    folder: Path  # the data folder, changed while its build ran
    out: Path  # where that build was asked to publish
    cache: Path
    original: bytes  # the changed file as it was when the build checked it
    error: Exception | None  # what the build raised
    report: build.Reporter


def build_changing_the_data_meanwhile(root: Path, change) -> Interrupted:
    """A build whose data file is changed by `change(folder)` once the first notebooks have run, before the others
    start: the issue's nine seconds, made deterministic by a hook between two rounds of execution."""
    folder, out, cache_dir = root / "data", root / "site", root / "cache"
    shutil.copytree(paths.DATA, folder)
    original = (folder / CHANGED_FILE).read_bytes()
    assert ORIGINAL_ROW.encode() in original
    real = execute.execute

    def change_between(todo, stage, values, env, pool, report, meanwhile=None, each=None):
        first = [d for d in todo if d.name in BEFORE_THE_CHANGE]
        assert first, "the notebooks meant to run before the change are not among those to run"
        seconds, failed = real(first, stage, values, env, pool, report, meanwhile, each)
        change(folder)
        more, failed_more = real([d for d in todo if d not in first], stage, values, env, pool, report, each=each)
        return {**seconds, **more}, failed + failed_more

    report = build.Reporter(quiet=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build.execute, "execute", change_between)
        try:
            build.build(data_dir=folder, out=out, cache_dir=cache_dir, jobs=2, report=report)
            error = None
        except BuildError as exc:
            error = exc
    return Interrupted(folder, out, cache_dir, original, error, report)


def change_and_rehash(folder: Path) -> None:
    """What `data update` does to a folder: the file rewritten, its checksum recorded."""
    edit_csv(folder, CHANGED_FILE, lambda t: t.replace(ORIGINAL_ROW, CHANGED_ROW))


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory) -> Interrupted:
    return build_changing_the_data_meanwhile(tmp_path_factory.mktemp("changed-mid-build"), change_and_rehash)


def test_data_changed_while_notebooks_run_stop_the_build_and_nothing_is_published(interrupted):
    ran = {e["notebook"] for e in interrupted.report.events if e.get("status") == "ran"}
    assert set(BEFORE_THE_CHANGE) < ran  # notebooks did run on both sides of the change
    assert interrupted.error is not None, "the build published pages made from two versions of the data"
    assert f"{CHANGED_FILE} changed while the build was running" in str(interrupted.error)
    # The output folder did not exist before this build, and still does not: no edition, no listing, no page.
    assert not interrupted.out.exists(), sorted(interrupted.out.rglob("*"))
    assert not publish.stage_dir(interrupted.out).exists()


def test_restoring_the_data_never_reuses_a_page_that_read_other_data(interrupted, tmp_path):
    assert interrupted.error is not None
    (interrupted.folder / CHANGED_FILE).write_bytes(interrupted.original)
    edit_csv(interrupted.folder, CHANGED_FILE, lambda t: t)  # rehash: the data are exactly those of the start again
    out = tmp_path / "site"
    report = build.Reporter(quiet=True)
    build.build(data_dir=interrupted.folder, out=out, cache_dir=interrupted.cache, jobs=2, report=report)

    status = {e["notebook"]: e["status"] for e in report.events if e.get("event") == "notebook"}
    stage = publish.stage_dir(out) / "notebooks"
    # A page read the changed row if it read the whole file or that row's year (data.Dataset.rows).
    changed = {Path(CHANGED_FILE).stem, data.part(Path(CHANGED_FILE).stem, CHANGED_YEAR)}
    readers = {n for n in steps.NOTEBOOKS if changed & set(records.recorded_reads(stage / f"{n}.ipynb"))}
    read_the_change = readers - set(BEFORE_THE_CHANGE)
    assert read_the_change, f"no notebook after the change reads {CHANGED_FILE}: the test proves nothing"
    # What read the changed file runs again; what read the data as they are now is reused.
    assert {n for n, s in status.items() if s == "ran"} == read_the_change, status
    assert {n for n, s in status.items() if s == "reused"} == set(steps.NOTEBOOKS) - read_the_change, status

    pages = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    assert not [p for p, text in pages.items() if CHANGED_VALUE in text]
    shown = [n for n in read_the_change if ORIGINAL_VALUE in pages[out / "notebooks" / f"{n}.html"]]
    assert shown, f"no page that read {CHANGED_FILE} shows its value {ORIGINAL_VALUE}"
    assert (out / "data" / CHANGED_FILE).read_bytes() == interrupted.original
    now = checks.check(interrupted.folder, {"data_dir": str(interrupted.folder)})[1].digests()
    for n in steps.NOTEBOOKS:  # every executed copy the site is made of read the data as they are now
        read = records.recorded_digests(stage / f"{n}.ipynb")
        assert read == {r: now.get(r) for r in read}, n


def test_notebooks_failing_on_a_file_rewritten_meanwhile_are_said_to_have_met_changed_data(tmp_path):
    """An editor saving the file before `rehash` runs: the notebooks that load it meanwhile fail on its checksum."""

    def rewrite(folder: Path) -> None:
        path = folder / CHANGED_FILE
        path.write_text(path.read_text(encoding="utf-8").replace(ORIGINAL_ROW, CHANGED_ROW), encoding="utf-8")

    interrupted = build_changing_the_data_meanwhile(tmp_path, rewrite)
    assert any(e.get("status") == "failed" for e in interrupted.report.events)
    assert interrupted.error is not None
    assert f"{CHANGED_FILE} changed while the build was running" in str(interrupted.error)
    assert not interrupted.out.exists()


def test_a_data_file_changed_before_it_is_copied_into_the_site_is_refused(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    _, ds = checks.check(folder, {"data_dir": str(folder)})
    edit_csv(folder, CHANGED_FILE, lambda t: t.replace(ORIGINAL_ROW, CHANGED_ROW))
    with pytest.raises(BuildError, match=f"{CHANGED_FILE} changed while the build was running"):
        publish.copy_data(ds, tmp_path / "site" / "data")


def test_a_data_file_copied_unchanged_is_the_one_checked(tmp_path):
    _, ds = checks.check(None, {})
    publish.copy_data(ds, tmp_path / "data")
    for r in ds.descriptor["resources"]:
        digest = hashlib.sha256((tmp_path / "data" / Path(r["path"]).name).read_bytes()).hexdigest()
        assert r["hash"] == f"sha256:{digest}", r["path"]
