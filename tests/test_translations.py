"""The Russian edition's text: catalogs kept in step with the English, never a stale translation published silently."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from multivector import paths
from multivector.engine import build, sources
from multivector.site import languages
from multivector.translation import blocks, catalogs, commands, interface, notebooks, stage
from multivector.translation.translate import Page, markdown

ENGLISH = (
    "Trade with Russia {glue:text}`ru_turnover_verb` to {glue:text}`ru_turnover_year` {cite}`makenerzhan_kz_data`."
)
RUSSIAN = "Товарооборот с Россией {glue:text}`ru_turnover_verb`: до {glue:text}`ru_turnover_year` {cite}`makenerzhan_kz_data`."
CHANGED = ENGLISH.replace("Trade with Russia", "Trade with the Russian Federation")


def _page(root: Path, name: str = "notebooks/summary") -> Page:
    words = catalogs.read(catalogs.po_file(root, "ru", catalogs.INTERFACE), "ru")
    return Page(name, "ru", catalogs.read(catalogs.po_file(root, "ru", name), "ru"), words)


def _translated(root: Path, english: str, russian: str, name: str = "notebooks/summary") -> None:
    catalogs.update(root, "ru", name, [english])
    path = catalogs.po_file(root, "ru", name)
    catalog = catalogs.read(path, "ru")
    catalog[english].string = russian
    catalogs.write(path, catalog)


def test_every_page_and_interface_string_of_the_edition_has_a_current_russian_translation():
    assert catalogs.status(paths.ROOT, "ru") == {}
    for name in (catalogs.INTERFACE, catalogs.FIGURES, catalogs.CHARTS, catalogs.OUTPUTS):
        catalog = catalogs.read(catalogs.po_file(paths.ROOT, "ru", name), "ru")
        assert [m.id for m in catalog if m.id and (not m.string or m.fuzzy)] == []


def test_a_current_translation_replaces_the_paragraph_and_keeps_every_role(tmp_path):
    _translated(tmp_path, ENGLISH, RUSSIAN)
    page = _page(tmp_path)
    out = markdown(f"(label)=\n## Heading\n\n{ENGLISH}", page)
    assert RUSSIAN in out and ENGLISH not in out
    assert out.startswith("(label)=")
    assert blocks.markup(out) >= blocks.markup(ENGLISH)


def test_a_translation_that_lost_a_role_is_not_published(tmp_path):
    _translated(tmp_path, ENGLISH, RUSSIAN.replace(" {cite}`makenerzhan_kz_data`", ""))
    out = markdown(ENGLISH, _page(tmp_path))
    assert ENGLISH in out and 'data-mv-translation="outdated"' in out


def test_a_changed_english_paragraph_marks_its_translation_fuzzy_and_shows_the_english_with_a_note(tmp_path):
    _translated(tmp_path, ENGLISH, RUSSIAN)
    # Before the catalog is updated, the changed paragraph is recognised as outdated by its likeness to the old one.
    page = _page(tmp_path)
    before = markdown(CHANGED, page)
    assert page.stale == [(catalogs.OUTDATED, CHANGED)]
    counts = catalogs.update(tmp_path, "ru", "notebooks/summary", [CHANGED])
    assert counts == {catalogs.OK: 0, catalogs.OUTDATED: 1, catalogs.MISSING: 0}
    assert catalogs.read(catalogs.po_file(tmp_path, "ru", "notebooks/summary"), "ru")[CHANGED].fuzzy
    after = markdown(CHANGED, _page(tmp_path))
    for out in (before, after):
        assert CHANGED in out and RUSSIAN not in out
        assert 'data-mv-translation="outdated"' in out
        assert 'href="../../notebooks/summary.html#:~:text=Trade%20with%20the%20Russian%20Federation"' in out
        assert '<div lang="en">' in out


def test_a_missing_translation_shows_the_english_text_never_an_empty_block(tmp_path):
    out = markdown(ENGLISH, _page(tmp_path))
    assert ENGLISH in out and 'data-mv-translation="missing"' in out


def test_check_lists_the_outdated_and_untranslated_passages_of_each_page(tmp_path):
    sources.copy_book(paths.ROOT, tmp_path)
    for folder in ("notebooks", paths.LOCALES):
        shutil.copytree(paths.ROOT / folder, tmp_path / folder)
    shutil.copytree(paths.DATA, tmp_path / paths.DATA.name, ignore=shutil.ignore_patterns("raw"))
    summary = tmp_path / "notebooks" / "summary.ipynb"
    nb = json.loads(summary.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and "Many vectors" in "".join(c["source"]))
    cell["source"] = "".join(cell["source"]).replace("Kazakhstan aspires", "Kazakhstan wishes") + "\n\nA new paragraph."
    summary.write_text(json.dumps(nb), encoding="utf-8")
    config = tmp_path / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(": a data edition", ": an edition with data"))
    lines = commands.check_lines(tmp_path, tmp_path / "site")
    assert lines[0] == "translation: ru/notebooks/summary: 1 outdated, 1 untranslated (shown in English with a note)"
    assert any("outdated: Kazakhstan wishes" in line for line in lines)
    assert any("missing: A new paragraph" in line for line in lines)
    assert "translation: ru/interface: 1 outdated, 0 untranslated (shown in English)" in lines


def _glued(name: str, english: str, texts: dict | None) -> dict:
    meta = {"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}}
    if texts:
        meta[paths.METADATA_KEY] = {paths.TEXTS: texts}
    return {
        "output_type": "display_data",
        "metadata": meta,
        "data": {"application/papermill.record/text/plain": repr(english)},
    }


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (_glued("share", "46.5\u00a0%", {"ru": "46,5\u00a0%"}), "46,5\u00a0%"),
        (_glued("ru_turnover_verb", "rose", None), "вырос"),
        (_glued("year", "2024", None), "2024"),
    ],
)
def test_a_glued_figure_is_the_kernels_russian_text_or_its_catalog_translation(tmp_path, output, expected):
    figures = catalogs.template([("ru_turnover_verb", "rose")])
    figures.get("rose", "ru_turnover_verb").string = "вырос"
    source = tmp_path / "a.ipynb"
    source.write_text(
        json.dumps({"cells": [{"cell_type": "code", "source": "", "outputs": [output]}]}), encoding="utf-8"
    )
    left = notebooks.translate(source, tmp_path / "b.ipynb", _page(tmp_path), figures)
    written = json.loads((tmp_path / "b.ipynb").read_text(encoding="utf-8"))["cells"][0]["outputs"][0]
    assert written["data"]["application/papermill.record/text/plain"] == repr(expected)
    assert left == []


def test_the_russian_stage_sets_sphinx_language_and_translates_the_configuration(tmp_path):
    english = tmp_path / "en"
    english.mkdir()
    (tmp_path / "ru").mkdir()
    for f in ("_config.yml", "_toc.yml"):
        shutil.copy2(paths.ROOT / f, english / f)
    stage.configure(
        english,
        tmp_path / "ru",
        "ru",
        catalogs.read(catalogs.po_file(paths.ROOT, "ru", "interface"), "ru"),
        paths.ROOT,
    )
    config = (tmp_path / "ru" / "_config.yml").read_text(encoding="utf-8")
    assert "language: ru" in config and "Диаграмма %s" in config
    assert "Приложения" in (tmp_path / "ru" / "_toc.yml").read_text(encoding="utf-8")


def test_the_russian_stages_own_words_are_kept_beside_its_configuration_and_read_with_it(tmp_path):
    # Not in _config.yml, which Jupyter Book parses twice in pure Python: 21 KB of words there cost each run 0.2 s.
    for lang in ("en", "ru"):
        (tmp_path / lang).mkdir()
    for f in ("_config.yml", "_toc.yml"):
        shutil.copy2(paths.ROOT / f, tmp_path / "en" / f)
    words = catalogs.read(catalogs.po_file(paths.ROOT, "ru", "interface"), "ru")
    stage.configure(tmp_path / "en", tmp_path / "ru", "ru", words, paths.ROOT)
    title = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    kept = json.loads((tmp_path / "ru" / interface.WORDS_FILE).read_text(encoding="utf-8"))
    assert kept == stage.site_words(words, title) and kept["Cite this section"] == "Как цитировать этот раздел"
    config = yaml.safe_load((tmp_path / "ru" / "_config.yml").read_text(encoding="utf-8"))
    assert interface.WORDS_SETTING not in config["sphinx"]["config"]
    for lang, expected in (("ru", kept), ("en", None)):
        read = {}
        languages.read_words(SimpleNamespace(srcdir=str(tmp_path / lang)), read)
        assert read.get(interface.WORDS_SETTING) == expected


@pytest.mark.slow
def test_a_damaged_catalog_is_refused_in_one_sentence_before_any_work(tmp_path):
    sources.copy_book(paths.ROOT, tmp_path / "root")
    po = catalogs.po_file(tmp_path / "root", "ru", "notebooks/summary")
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Summary"\nmsgstr "Краткое содержание"\nthis line is not gettext\n', encoding="utf-8")
    out = tmp_path / "site"
    with pytest.raises(catalogs.CatalogError) as refusal:
        build.build(out=out, root=tmp_path / "root", report=build.Reporter(quiet=True))
    message = str(refusal.value)
    assert message.startswith(f"{po}: not a gettext catalog") and "\n" not in message
    assert not out.exists()
