"""No build ever fails because of the cache: a damaged cache file is named, discarded and made again."""

from __future__ import annotations

import json
import shutil

from multivector import bookrun, build, cache, paths


def _damage(copies: dict[str, str]) -> dict[str, str]:
    """One kind of damage per notebook, as a crash, a disk or a hand can leave it: notebook -> what was done."""

    def set_year(path):
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb["metadata"]["papermill"]["parameters"]["year"] = 2025  # another build's page under this record's key
        path.write_text(json.dumps(nb), encoding="utf-8")

    kinds = {
        "summary": ("empty copy", lambda p: p.write_text("", encoding="utf-8")),
        "introduction": ("truncated copy", lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])),
        "multi_vectorism": ("record holding null", lambda p: p.with_suffix(".json").write_text("null")),
        "economic_limits": ("another notebook's copy", lambda p: shutil.copyfile(copies["political_limits"], p)),
        "political_limits": ("copy run with other parameters", set_year),
    }
    for name, (_, damage) in kinds.items():
        damage(copies[name])
    return {name: what for name, (what, _) in kinds.items()}


def test_every_kind_of_damaged_cache_file_is_named_discarded_and_rebuilt(built_site, tmp_path):
    # A private cache holding the default edition's entries (other builds of the run may be writing the shared one).
    private = tmp_path / "cache"
    private.mkdir()
    values, ds = build.check(None, {})
    inputs = cache.current_inputs(build.NOTEBOOKS, values, ds)
    for d in cache.plan(build.NOTEBOOKS, inputs, paths.CACHE)[0]:
        for f in (d.copy, d.copy.with_suffix(".json")) if d.copy else ():
            shutil.copy2(f, private / f.name)
    decisions, _ = cache.plan(build.NOTEBOOKS, inputs, private)
    copies = {d.name: d.copy for d in decisions if d.copy}
    damaged = _damage(copies)
    (private / bookrun.Book.MODULES).write_bytes(b"\xff\xfe")  # two bytes of garbage in the module list

    report = build.Reporter(quiet=True)
    build.build(out=tmp_path / "site", cache_dir=private, report=report)

    said = [e["discarded"] for e in report.events if e.get("discarded")]
    for name in damaged:
        assert any(copies[name].name in note for note in said), f"{damaged[name]} of {name} not named: {said}"
    assert any(bookrun.Book.MODULES in note for note in said), said
    ran = {e["notebook"] for e in report.events if e.get("status") == "ran"}
    assert set(damaged) <= ran
    assert report.events[-1]["event"] == "done"
    # What was made again is sound, and the module list was written anew.
    _, discarded = cache.plan(build.NOTEBOOKS, cache.current_inputs(build.NOTEBOOKS, values, ds), private)
    assert discarded == [] and bookrun.check_modules(private / bookrun.Book.MODULES) is None


def test_a_failed_jupyter_book_run_shows_its_last_words_when_it_printed_no_warning(tmp_path):
    book = bookrun.Book.__new__(bookrun.Book)
    book.log = tmp_path / "jupyter-book.log"
    book.log.write_text(
        'Running Jupyter-Book\nTraceback (most recent call last):\n  File "x.py"\n'
        "nbformat.reader.NotJSONError: Notebook does not appear to be JSON: ''\n",
        encoding="utf-8",
    )
    assert "NotJSONError" in book.first_error()
