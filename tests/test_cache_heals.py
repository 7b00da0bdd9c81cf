"""No build ever fails because of the cache: a damaged cache file is named, discarded and made again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from multivector import paths
from multivector.engine import bookrun, build, cache, checks, steps

# Every test here builds a site or runs a build: `make test-fast` leaves the file out.
pytestmark = pytest.mark.slow


def _set_year(path: Path, _copies) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["papermill"]["parameters"]["year"] = 2025  # another build's page under this record's key
    path.write_text(json.dumps(nb), encoding="utf-8")


# One kind of damage per notebook, as a crash, a disk or a hand can leave it: notebook -> (what is done, how).
KINDS = {
    "summary": ("empty copy", lambda p, _: p.write_text("", encoding="utf-8")),
    "introduction": ("truncated copy", lambda p, _: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])),
    "multi_vectorism": ("record holding null", lambda p, _: p.with_suffix(".json").write_text("null")),
    "economic_limits": ("another notebook's copy", lambda p, c: shutil.copyfile(c["political_limits"], p)),
    "political_limits": ("copy run with other parameters", _set_year),
}
# The one the real build below makes again: every kind is found by the same plan, which the build follows.
REBUILT = "introduction"


def _damage(copies: dict[str, Path], names: tuple[str, ...] = tuple(KINDS)) -> dict[str, str]:
    """Damage the cached copies of `names`, each in its own way (KINDS): notebook -> what was done."""
    for name in names:
        KINDS[name][1](copies[name], copies)
    return {name: KINDS[name][0] for name in names}


def _private_cache(folder: Path) -> tuple[cache.Inputs, dict[str, Path]]:
    """A private cache holding the default edition's entries (other builds of the run may be writing the shared one):
    the default inputs, and each notebook's cached copy in it."""
    folder.mkdir()
    values, ds = checks.check(None, {})
    inputs = cache.current_inputs(steps.NOTEBOOKS, values, ds)
    for d in cache.plan(steps.NOTEBOOKS, inputs, paths.CACHE)[0]:
        for f in (d.copy, d.copy.with_suffix(".json")) if d.copy else ():
            shutil.copy2(f, folder / f.name)
    decisions, _ = cache.plan(steps.NOTEBOOKS, inputs, folder)
    copies = {d.name: d.copy for d in decisions if d.copy}
    assert set(copies) == set(steps.NOTEBOOKS), (
        f"the default build left no cached copy of {set(steps.NOTEBOOKS) - set(copies)}"
    )
    return inputs, copies


def test_every_kind_of_damaged_cache_file_is_named_and_discarded_and_its_notebook_runs_again(built_site, tmp_path):
    private = tmp_path / "cache"
    inputs, copies = _private_cache(private)
    damaged = _damage(copies)
    (private / bookrun.Book.MODULES).write_bytes(b"\xff\xfe")  # two bytes of garbage in the module list

    decisions, said = cache.plan(steps.NOTEBOOKS, inputs, private)
    for name, what in damaged.items():
        assert any(copies[name].name in note for note in said), f"{what} of {name} not named: {said}"
        assert not copies[name].exists() and not copies[name].with_suffix(".json").exists(), f"{what} of {name} kept"
    runs = {d.name for d in decisions if d.runs}
    assert runs == set(damaged), f"the plan runs {sorted(runs)}, not the damaged {sorted(damaged)}"
    note = bookrun.check_modules(private / bookrun.Book.MODULES)
    assert note and bookrun.Book.MODULES in note and not (private / bookrun.Book.MODULES).exists()


def test_a_build_over_a_damaged_cache_makes_the_damaged_file_again_and_succeeds(built_site, tmp_path):
    private = tmp_path / "cache"
    inputs, copies = _private_cache(private)
    damaged = _damage(copies, (REBUILT,))
    (private / bookrun.Book.MODULES).write_bytes(b"\xff\xfe")

    report = build.Reporter(quiet=True)
    build.build(out=tmp_path / "site", cache_dir=private, report=report)

    said = [e["discarded"] for e in report.events if e.get("discarded")]
    assert any(copies[REBUILT].name in note for note in said), f"{damaged[REBUILT]} of {REBUILT} not named: {said}"
    assert any(bookrun.Book.MODULES in note for note in said), said
    assert {e["notebook"] for e in report.events if e.get("status") == "ran"} == {REBUILT}
    assert report.events[-1]["event"] == "done"
    # What was made again is sound, and the module list was written anew.
    decisions, discarded = cache.plan(steps.NOTEBOOKS, inputs, private)
    assert discarded == [] and not any(d.runs for d in decisions)
    assert bookrun.check_modules(private / bookrun.Book.MODULES) is None


def test_a_failed_jupyter_book_run_shows_its_last_words_when_it_printed_no_warning(tmp_path):
    book = bookrun.Run(None, 0, tmp_path / "jupyter-book.log")
    book.log.write_text(
        'Running Jupyter-Book\nTraceback (most recent call last):\n  File "x.py"\n'
        "nbformat.reader.NotJSONError: Notebook does not appear to be JSON: ''\n",
        encoding="utf-8",
    )
    assert "NotJSONError" in book.first_error()
