"""An edit rebuilds only what it touches, and never leaves a stale page: Sphinx reuses its environment between builds
of one output folder only when nothing but pages' text changed (engine.incremental)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from conftest import edit_csv, tree_digest

from multivector import paths
from multivector.engine import build, cache, incremental, keys, sources
from multivector.site import compiled, directives, handoff

AROUND = {"the site's code": "a", "the installed libraries": "b"}


def _notebook(markdown: str, shown: str = "") -> str:
    outputs = [{"output_type": "display_data", "data": {"text/markdown": shown}, "metadata": {}}] if shown else []
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [markdown]},
        {"cell_type": "code", "metadata": {}, "source": ["1"], "outputs": outputs, "execution_count": 1},
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# A handoff in the shape the build writes (engine.facts.handoff, with the edition's own facts).
HANDOFF = {
    "edition": {
        "id": "2024-00000000",
        "year": 2024,
        "url": "editions/2024-00000000/",
        "fingerprint": "aaaaaaaaaaaa",
        "built": "2026-12-07",
    },
    "data": {
        "version": "1.0.0",
        "fingerprint": "aaaaaaaaaaaa",
        "descriptor": {"resources": [{"name": "trade", "title": "Trade", "hash": "sha256:11", "bytes": 11}]},
    },
    "facts": {"figures": {"total": 1}},
    "changes": {"first": True},
    "earlier": [],
    "base_url": "",
}


def _stage(folder: Path) -> Path:
    """A small stage in the shape the build makes: configuration, handoff, a hand-written page that pastes glue from
    a notebook, the bibliography."""
    (folder / "book").mkdir(parents=True)
    (folder / "notebooks").mkdir()
    (folder / "_config.yml").write_text("title: A book\n", encoding="utf-8")
    (folder / "_toc.yml").write_text("root: book/about\n", encoding="utf-8")
    (folder / paths.HANDOFF).write_text(json.dumps(HANDOFF), encoding="utf-8")
    (folder / "book" / "about.md").write_text("(about)=\n# About\n\nOne paragraph.\n", encoding="utf-8")
    (folder / "book" / "index.md").write_text(
        "# Start\n\n{glue:text}`../notebooks/trade.ipynb::total:s` claims.\n", encoding="utf-8"
    )
    (folder / "book" / "references.bib").write_text("@misc{a, title={A}}\n", encoding="utf-8")
    (folder / "notebooks" / "trade.ipynb").write_text(_notebook("# Trade\n\nText."), encoding="utf-8")
    (folder / "notebooks" / "prices.ipynb").write_text(
        _notebook("# Prices\n\nText.", shown="A table."), encoding="utf-8"
    )
    _compile(folder / "_locales" / "ru" / "sphinx.mo", {"Search": "Поиск"})  # the themes' words, as in a translation
    return folder


def _compile(path: Path, words: dict[str, str], dated: dt.datetime | None = None) -> None:
    catalog = Catalog(locale="ru", domain="sphinx", creation_date=dated, revision_date=dated)  # None: now
    for english, russian in words.items():
        catalog.add(english, russian)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_mo(f, catalog)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _why(stage: Path, edit) -> str | None:
    before = {**AROUND, **incremental.digests(stage)}
    edit(stage)
    return incremental.why_fresh(before, {**AROUND, **incremental.digests(stage)})


def test_a_change_to_a_pages_text_alone_lets_sphinx_reuse_its_environment(tmp_path):
    stage = _stage(tmp_path / "stage")
    assert _why(stage, lambda s: _edit(s / "book" / "about.md", "One paragraph.", "Another paragraph.")) is None
    assert _why(stage, lambda s: _edit(s / "notebooks" / "prices.ipynb", "Text.", "Other text.")) is None


@pytest.mark.parametrize(
    ("file", "old", "new", "named"),
    [
        ("book/about.md", "# About", "# About this book", "headings"),  # every page's navigation shows it
        ("book/about.md", "(about)=", "(about-book)=", "targets"),  # references from other pages lead to it
        ("notebooks/prices.ipynb", "# Prices", "# Consumer prices", "headings"),
        ("notebooks/prices.ipynb", "A table.", "## A heading a kernel printed", "headings"),
        ("_config.yml", "A book", "Another book", "_config.yml"),
        ("_toc.yml", "book/about", "book/index", "_toc.yml"),
        ("book/references.bib", "title={A}", "title={B}", "references.bib"),
    ],
)
def test_anything_but_a_pages_text_gives_sphinx_a_fresh_environment_and_says_what(tmp_path, file, old, new, named):
    stage = _stage(tmp_path / "stage")
    why = _why(stage, lambda s: _edit(s / file, old, new))
    assert why is not None and named in why, why


def _handoff_changed(tmp_path: Path, change) -> tuple[dict, dict, Path, Path]:
    """A kept folder built from a stage whose appendix page reads the handoff; the stage's handoff then changed by
    `change` and the folder brought up to it. Returns the digests before and after, the folder, and a written page."""
    stage = _stage(tmp_path / "stage")
    (stage / "notebooks" / "sources.md").write_text(
        f"# Sources\n\n```{{{directives.DATA_SOURCES}}}\n```\n", encoding="utf-8"
    )
    kept = tmp_path / "site.sphinx" / "en"
    before = {**AROUND, **incremental.digests(stage)}
    kept.mkdir(parents=True)
    incremental.sync(stage, kept)
    written = kept / incremental.OUTPUT / "html" / "book" / "about.html"
    written.parent.mkdir(parents=True)
    written.write_text("<p>One paragraph.</p>", encoding="utf-8")
    os.utime(written, (5, 5))
    os.utime(kept / "notebooks" / "sources.md", (1, 1))  # as if read long ago
    os.utime(kept / "book" / "about.md", (1, 1))
    given = json.loads((stage / paths.HANDOFF).read_text(encoding="utf-8"))
    change(given)
    (stage / paths.HANDOFF).write_text(json.dumps(given), encoding="utf-8")
    now = {**AROUND, **incremental.digests(stage)}
    assert incremental.why_fresh(before, now) is None
    incremental.sync(stage, kept)
    incremental.read_again(before, now, kept)
    return before, now, kept, written


def _new_edition(given: dict) -> None:
    """What new data change in the handoff: the edition's id, address and fingerprint, the facts, a file's checksum."""
    given["edition"].update(id="2024-11111111", url="editions/2024-11111111/", fingerprint="bbbbbbbbbbbb")
    given["data"]["fingerprint"] = "bbbbbbbbbbbb"
    given["data"]["descriptor"]["resources"][0].update(hash="sha256:22", bytes=12)
    given["facts"] = {"figures": {"total": 2}}
    given["changes"] = {"first": False}


def test_new_data_have_sphinx_read_again_the_pages_that_show_the_handoff_and_write_no_other(tmp_path):
    before, now, kept, written = _handoff_changed(tmp_path, _new_edition)
    assert incremental.why_rewrite(before, now) is None
    assert (kept / "notebooks" / "sources.md").stat().st_mtime > 1  # read again: its directive reads the handoff
    assert (kept / "book" / "about.md").stat().st_mtime == 1  # not read again
    assert written.stat().st_mtime == 5  # not written again: it shows the edition's id only as a stand-in


@pytest.mark.parametrize(
    "change",
    [
        lambda g: g["data"].update(version="1.1.0"),
        lambda g: g.update(base_url="https://example.org/"),
        lambda g: g["edition"].update(built="2026-12-08"),
        lambda g: g["data"]["descriptor"]["resources"][0].update(title="Another title"),
    ],
    ids=["data version", "site address", "day built", "a file's title"],
)
def test_a_change_to_what_every_page_shows_of_the_handoff_has_sphinx_write_every_page(tmp_path, change):
    before, now, kept, written = _handoff_changed(tmp_path, change)
    assert incremental.why_rewrite(before, now) == f"{incremental.EVERY_PAGE} changed"
    assert written.stat().st_mtime == 0  # written again
    assert incremental.why_rewrite(now, now) is None


def test_a_page_pasting_glue_from_a_page_that_changed_is_read_again_and_nothing_starts_afresh(tmp_path):
    stage = _stage(tmp_path / "stage")
    kept = tmp_path / "site.sphinx" / "en"
    before = {**AROUND, **incremental.digests(stage)}
    kept.mkdir(parents=True)
    incremental.sync(stage, kept)
    for page in ("book/index.md", "book/about.md"):
        os.utime(kept / page, (1, 1))  # as if read long ago
    _edit(stage / "notebooks" / "trade.ipynb", "Text.", "Other text.")  # book/index.md shows its values
    now = {**AROUND, **incremental.digests(stage)}
    assert incremental.why_fresh(before, now) is None and incremental.why_rewrite(before, now) is None
    incremental.sync(stage, kept)
    incremental.read_again(before, now, kept)
    assert (kept / "book" / "index.md").stat().st_mtime > 1  # read again: it pastes the changed page's values
    assert (kept / "book" / "about.md").stat().st_mtime == 1


def test_the_themes_words_compiled_again_start_nothing_afresh_unless_a_word_changed(tmp_path):
    stage = _stage(tmp_path / "stage")
    compiled = stage / "_locales" / "ru" / "sphinx.mo"
    before = compiled.read_bytes()
    why = _why(stage, lambda s: _compile(compiled, {"Search": "Поиск"}, dt.datetime(2030, 1, 1)))
    assert compiled.read_bytes() != before and why is None  # other bytes (the header's date), the same words
    assert _why(stage, lambda s: _compile(compiled, {"Search": "Найти"})) == "_locales/ru/sphinx.mo changed"


@pytest.mark.parametrize("part", ["the site's code", "the installed libraries", "the 'ru' catalogs"])
def test_a_change_around_the_sources_gives_a_fresh_environment(tmp_path, part):
    stage = _stage(tmp_path / "stage")
    now = {**AROUND, "the 'ru' catalogs": "c", **incremental.digests(stage)}
    assert incremental.why_fresh(now, now) is None
    assert incremental.why_fresh(now, {**now, part: "changed"}) == f"{part} changed"


def test_the_context_covers_the_catalogs_of_the_language_and_the_day(tmp_path):
    inputs = cache.Inputs({}, {}, {}, "kernel", "site", "libraries", "bib")
    po = tmp_path / "page.po"
    po.write_text('msgid "a"\nmsgstr "б"\n', encoding="utf-8")
    english, russian = incremental.book_context(inputs), incremental.book_context(inputs, "ru", [po])
    assert set(russian) - set(english) == {"the 'ru' catalogs"} and "the day" in english
    po.write_text('msgid "a"\nmsgstr "в"\n', encoding="utf-8")
    assert incremental.book_context(inputs, "ru", [po]) != russian


def test_unchanged_sources_keep_their_times_and_only_edited_pages_are_rewritten(tmp_path):
    stage = _stage(tmp_path / "stage")
    out = tmp_path / "site"
    first = incremental.prepare(out, "en", stage, AROUND)
    assert first.fresh == "no earlier build succeeded here"
    (first.folder / "_build" / "html").mkdir(parents=True)  # as a run of Jupyter Book leaves it
    first.state.write_text(json.dumps(first.digests), encoding="utf-8")
    times = {p: p.stat().st_mtime_ns for p in first.folder.rglob("*") if p.is_file()}
    _edit(stage / "book" / "about.md", "One paragraph.", "Another paragraph.")
    for f in stage.rglob("*"):  # the build stages every file anew
        f.touch()

    second = incremental.prepare(out, "en", stage, AROUND)

    assert second.fresh is None and second.folder == first.folder
    now = {p: p.stat().st_mtime_ns for p in second.folder.rglob("*") if p.is_file()}
    assert [p for p in now if now[p] != times.get(p)] == [first.folder / "book" / "about.md"]
    assert (second.folder / "book" / "about.md").read_text(encoding="utf-8").endswith("Another paragraph.\n")


def test_what_the_build_adds_to_a_stage_is_neither_copied_nor_compared(tmp_path):
    stage = _stage(tmp_path / "stage")
    before = incremental.digests(stage)
    for added in (
        "jupyter-book.log",
        "_build/html/index.html",
        "_translations/ru/book/about.md",
        "notebooks/trade.log",
    ):
        (stage / added).parent.mkdir(parents=True, exist_ok=True)
        (stage / added).write_text("written by the build", encoding="utf-8")
    assert incremental.digests(stage) == before
    place = incremental.prepare(tmp_path / "site", "en", stage, AROUND)
    copied = {p.relative_to(place.folder).as_posix() for p in place.folder.rglob("*") if p.is_file()}
    fresh = _stage(tmp_path / "again")
    assert copied == {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}


def test_after_a_run_that_did_not_succeed_the_next_starts_afresh_in_an_emptied_folder(tmp_path):
    stage = _stage(tmp_path / "stage")
    out = tmp_path / "site"
    place = incremental.prepare(out, "en", stage, AROUND)
    (place.folder / "_build" / "html").mkdir(parents=True)
    place.state.write_text(json.dumps(place.digests), encoding="utf-8")
    assert incremental.prepare(out, "en", stage, AROUND).fresh is None  # a run starts ... and never finishes

    again = incremental.prepare(out, "en", stage, AROUND)

    assert again.fresh == "no earlier build succeeded here"
    assert not (again.folder / "_build").exists()


def test_a_folder_of_that_name_the_build_did_not_make_is_left_alone(tmp_path):
    stage = _stage(tmp_path / "stage")
    out = tmp_path / "site"
    theirs = incremental.kept(out)
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")

    place = incremental.prepare(out, "en", stage, AROUND)

    assert place.folder == stage and place.fresh and place.state is None
    assert [p.name for p in theirs.iterdir()] == ["notes.txt"]


# --- real builds: an edit, an interruption, a template ---------------------------------------------------------------

BUILD_SCRIPT = (
    "import json, sys\nfrom multivector.engine import build\n"
    "build.build(**json.loads(sys.argv[1]), report=build.Reporter(as_json=True))"
)
ABOUT = Path("book") / "about.md"
# Words of a sentence of the About page whose Russian translation the catalog holds, and the same words edited.
TRANSLATED = "carries no author's name"
EDITED = "names no author at all"
ADDED = "An edit made while the build was stopped."


@dataclass
class History:
    root: Path
    data: Path
    out: Path
    after_interruption: list[dict]
    after_edit: list[dict]
    edited_site: dict[str, bytes]
    clean_site: dict[str, bytes]
    after_data: list[dict]  # after one value of the data changed
    data_site: dict[str, bytes]
    twin_site: dict[str, bytes]  # a copy of the site before that change, built with a fresh Sphinx environment


def _books(events: list[dict]) -> dict[str, str | None]:
    """Per language, why Sphinx started afresh (None: it reused its environment)."""
    return {e["lang"]: e["fresh"] for e in events if e["event"] == "book"}


def _build(root: Path, out: Path, data: Path) -> list[dict]:
    report = build.Reporter(quiet=True)
    build.build(out=out, root=root, data_dir=data, report=report)
    return report.events


def _killed_while_jupyter_book_runs(root: Path, out: Path, data: Path) -> None:
    """A build stopped by SIGKILL (nothing can clean up) once Jupyter Book has begun in the kept folder."""
    args = json.dumps({"out": str(out), "root": str(root), "data_dir": str(data)})
    proc = subprocess.Popen(
        [sys.executable, "-c", BUILD_SCRIPT, args], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    for line in proc.stdout:
        if line.startswith("{") and json.loads(line).get("event") == "book":
            break
    else:
        pytest.fail("the build ended before Jupyter Book began")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> History:
    """One output folder built, then stopped mid-build after an edit, built again, then edited and rebuilt, and
    rebuilt after one value of the data changed; a clean build of the edited sources into another folder; and a copy
    of the site from before the data changed, built from the changed data with a fresh Sphinx environment."""
    work = tmp_path_factory.mktemp("incremental")
    root, out, data = work / "root", work / "site", work / "data"
    sources.copy_book(paths.ROOT, root)
    shutil.copytree(paths.ROOT / paths.LOCALES, root / paths.LOCALES)
    shutil.copytree(paths.DATA, data)
    _build(root, out, data)
    with (root / ABOUT).open("a", encoding="utf-8") as f:
        f.write(f"\n{ADDED}\n")
    _killed_while_jupyter_book_runs(root, out, data)
    after_interruption = _build(root, out, data)
    _edit(root / ABOUT, TRANSLATED, EDITED)
    after_edit = _build(root, out, data)
    edited_site = tree_digest(out)
    clean = work / "clean"
    _build(root, clean, data)
    twin = work / "twin"
    shutil.copytree(out, twin)  # the site alone: its build has no kept folder to reuse
    edit_csv(data, "cpi_yoy.csv", lambda text: text.replace("2019-01,105.2", "2019-01,105.3"))
    after_data = _build(root, out, data)
    _build(root, twin, data)
    return History(
        root,
        data,
        out,
        after_interruption,
        after_edit,
        edited_site,
        tree_digest(clean),
        after_data,
        tree_digest(out),
        tree_digest(twin),
    )


@pytest.mark.slow
def test_a_build_after_an_interrupted_one_starts_sphinx_afresh(history):
    # The English run was stopped in its kept folder; a translation's, if it had not begun, may well be reused.
    assert _books(history.after_interruption)["en"] == "no earlier build succeeded here"
    about = history.edited_site[str(ABOUT.with_suffix(".html"))].decode()
    assert ADDED in about


@pytest.mark.slow
def test_a_markdown_edit_rewrites_only_its_page_and_leaves_the_site_a_clean_build_gives(history):
    assert _books(history.after_edit) == {"en": None, "ru": None}, "Sphinx did not reuse its environment"
    english = history.edited_site[str(ABOUT.with_suffix(".html"))].decode()
    assert EDITED in english and ADDED in english
    # The Russian twin shows the edited sentence in English, with the note that its translation is outdated.
    russian = history.edited_site[str("ru" / ABOUT.with_suffix(".html"))].decode()
    assert EDITED in russian and 'data-mv-translation="outdated"' in russian
    differ = sorted(p for p in history.clean_site if history.edited_site.get(p) != history.clean_site[p])
    assert not differ and set(history.edited_site) == set(history.clean_site), differ[:10]


@pytest.mark.slow
def test_new_data_reuse_sphinxs_environment_write_only_changed_pages_and_leave_the_site_a_fresh_environment_gives(
    history,
):
    assert _books(history.after_data) == {"en": None, "ru": None}, "Sphinx did not reuse its environment"
    rewrites = {e["lang"]: e["rewrite"] for e in history.after_data if e["event"] == "book"}
    assert rewrites == {"en": None, "ru": None}  # the new edition's id and fingerprint are stand-ins to Sphinx
    assert history.data_site != history.edited_site  # a new edition, with the new value
    # No stand-in is left in the site, nor a word of one in the search indexes (the appendices render the values).
    words = [s.rsplit("-", 1)[1].encode() for s in (handoff.EDITION_ID, handoff.FINGERPRINT)]
    for path, content in history.data_site.items():
        assert handoff.EDITION_ID.encode() not in content and handoff.FINGERPRINT.encode() not in content, path
        assert not (path.endswith("searchindex.js") and any(w in content for w in words)), path
    differ = sorted(p for p in history.twin_site if history.data_site.get(p) != history.twin_site[p])
    assert not differ and set(history.data_site) == set(history.twin_site), differ[:10]


@pytest.mark.slow
def test_a_template_edit_gives_sphinx_a_fresh_environment_and_republishes_every_page(history, tmp_path, monkeypatch):
    package = tmp_path / "src" / "multivector"
    shutil.copytree(keys.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    for beside in paths.ROOT.iterdir():  # the files the package finds beside itself (CITATION.cff, the cache)
        if beside.name != "src":
            (tmp_path / beside.name).symlink_to(beside)
    probe = "<!-- multivector: a template edit -->"
    _edit(package / "site" / "templates" / "layout.html", "{%- block extrahead %}", "{%- block extrahead %}" + probe)
    monkeypatch.setattr(keys, "PACKAGE", package)  # what the build's keys read
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(package.parent), os.environ.get("PYTHONPATH", "")]))

    events = _build(history.root, history.out, history.data)

    assert _books(events) == {"en": "the site's code changed", "ru": "the site's code changed"}
    # The latest edition's pages (an earlier edition's archive is kept as it was published).
    pages = [
        p
        for p in history.out.rglob("*.html")
        if "_static" not in p.parts and p.name != "index.html" and p.relative_to(history.out).parts[0] != "editions"
    ]
    assert pages and not [p for p in pages if probe not in p.read_text(encoding="utf-8")]


def _sphinx_like(srcdir: Path, templates: Path, language: str) -> SimpleNamespace:
    """What site.compiled reads of a Sphinx application: its sources, its language and its builder's Jinja."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(templates))
    builder = SimpleNamespace(templates=SimpleNamespace(environment=environment))
    return SimpleNamespace(srcdir=srcdir, config=SimpleNamespace(language=language), builder=builder)


def test_compiled_templates_are_kept_per_language_and_an_edited_template_is_never_served_stale(tmp_path):
    srcdir, templates, kept = tmp_path / "src", tmp_path / "templates", tmp_path / "kept"
    srcdir.mkdir()
    templates.mkdir()
    (srcdir / paths.HANDOFF).write_text(json.dumps({compiled.KEY: str(kept)}), encoding="utf-8")
    (templates / "page.html").write_text("before {{ x }}", encoding="utf-8")
    first = _sphinx_like(srcdir, templates, "en")
    compiled.keep(first)
    assert first.builder.templates.environment.get_template("page.html").render(x=1) == "before 1"
    assert list((kept / "en").iterdir())  # compiled once, kept
    (templates / "page.html").write_text("after {{ x }}", encoding="utf-8")
    for language in ("en", "ru"):
        later = _sphinx_like(srcdir, templates, language)
        compiled.keep(later)
        assert later.builder.templates.environment.get_template("page.html").render(x=2) == "after 2"
    assert list((kept / "ru").iterdir())


def test_without_a_folder_from_the_build_templates_are_compiled_as_usual(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / paths.HANDOFF).write_text(json.dumps({}), encoding="utf-8")
    app = _sphinx_like(srcdir, tmp_path, "en")
    compiled.keep(app)
    assert app.builder.templates.environment.bytecode_cache is None
