"""Translated notebooks kept between builds (translation.kept): one read back is the translation made afresh, with the
same account of what it left in English; it is made again when its notebook, a catalog or the code changes."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from multivector.engine import translations
from multivector.translation import catalogs, datawords, kept, notebooks, stage

ENGLISH = "Kazakhstan's trade with Russia grew."
RUSSIAN = "Торговля Казахстана с Россией выросла."
UNTRANSLATED = "A paragraph nobody has translated yet."
NAME = "notebooks/summary"


def english_stage(folder: Path, *paragraphs: str) -> Path:
    """An executed notebook as the English stage holds it: markdown cells, and a code cell with a plain output."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(p) for p in paragraphs]
    cell = nbformat.v4.new_code_cell("1 + 1", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    nb.cells.append(cell)
    path = folder / "english" / f"{NAME}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def catalog_root(folder: Path) -> Path:
    """Catalogs for the language: the page's, translating ENGLISH and not UNTRANSLATED."""
    root = folder / "root"
    catalogs.update(root, "ru", NAME, [ENGLISH, UNTRANSLATED])
    path = catalogs.po_file(root, "ru", NAME)
    catalog = catalogs.read(path, "ru")
    catalog[ENGLISH].string = RUSSIAN
    catalogs.write(path, catalog)
    return root


def translator(root: Path, keep: kept.Kept | None) -> stage.Notebooks:
    words = catalogs.read(catalogs.po_file(root, "ru", catalogs.INTERFACE), "ru")
    return stage.Notebooks(root, "ru", words, datawords.Words.read(root, "ru"), keep)


@pytest.fixture
def case(tmp_path, monkeypatch):
    """An English notebook, its catalogs, a cache folder, and the list of notebooks translated (not read back)."""
    source, root = english_stage(tmp_path, ENGLISH, UNTRANSLATED), catalog_root(tmp_path)
    made = []
    real = notebooks.translate
    monkeypatch.setattr(notebooks, "translate", lambda src, *a, **k: made.append(src) or real(src, *a, **k))
    return source, root, kept.Kept(tmp_path / "kept", "code-1"), made


def translate(source, root, keep, out: Path) -> tuple[bytes, dict]:
    out.parent.mkdir(parents=True, exist_ok=True)
    record = translator(root, keep).translate(NAME, source, out)
    return out.read_bytes(), json.loads(json.dumps(record))  # pairs as lists, as read back


def test_a_translation_read_back_is_the_one_made_afresh_with_the_same_words_left_in_english(case, tmp_path):
    source, root, keep, made = case
    afresh = translate(source, root, None, tmp_path / "afresh.ipynb")
    first = translate(source, root, keep, tmp_path / "first.ipynb")
    again = translate(source, root, keep, tmp_path / "again.ipynb")
    assert len(made) == 2  # afresh, and the first kept one; the third was read back
    assert afresh == first == again
    text = afresh[0].decode()
    assert RUSSIAN in text and UNTRANSLATED in text and ENGLISH not in text
    found = stage.Found()
    found.add(NAME, again[1])
    assert found.stale == {NAME: [(catalogs.MISSING, UNTRANSLATED)]}


@pytest.mark.parametrize("change", ["notebook", "catalog", "another catalog", "code"])
def test_a_translation_is_made_again_when_its_notebook_a_catalog_or_the_code_changes(case, tmp_path, change):
    source, root, keep, made = case
    translate(source, root, keep, tmp_path / "first.ipynb")
    if change == "notebook":
        english_stage(tmp_path, ENGLISH)
    elif change == "catalog":
        path = catalogs.po_file(root, "ru", NAME)
        catalog = catalogs.read(path, "ru")
        catalog[UNTRANSLATED].string = "Абзац."
        catalogs.write(path, catalog)
    elif change == "another catalog":
        catalogs.update(root, "ru", catalogs.INTERFACE, ["Contents"])
    else:
        keep = kept.Kept(keep.folder, "code-2")
    body, _ = translate(source, root, keep, tmp_path / "second.ipynb")
    assert len(made) == 2
    assert body == translate(source, root, None, tmp_path / "afresh.ipynb")[0]


@pytest.mark.parametrize(
    "damage", ["", "{not json", "[]", '{"notebook": 1}', '{"notebook": "{}", "figures": [], "outputs": []}']
)
def test_a_damaged_kept_translation_is_made_again_and_replaced(case, tmp_path, damage):
    source, root, keep, made = case
    first = translate(source, root, keep, tmp_path / "first.ipynb")
    (record,) = keep.folder.rglob("*.json")
    record.write_text(damage, encoding="utf-8")
    assert translate(source, root, keep, tmp_path / "second.ipynb") == first
    assert translate(source, root, keep, tmp_path / "third.ipynb") == first
    assert len(made) == 2
    assert json.loads(record.read_text(encoding="utf-8"))["notebook"] == first[0].decode()


def test_kept_translations_are_pruned_to_the_most_recent(case, tmp_path):
    source, root, _, _ = case
    for i in range(kept.KEEP + 3):
        translate(source, root, kept.Kept(tmp_path / "kept", f"code-{i}"), tmp_path / f"{i}.ipynb")
    assert len(list((tmp_path / "kept").rglob("*.json"))) == kept.KEEP


def test_a_notebook_translated_as_its_kernel_finishes_is_read_back_by_the_stage_and_not_translated_again(
    case, tmp_path, monkeypatch
):
    source, root, _, made = case
    monkeypatch.setattr(translations, "TRANSLATED", ("ru",))
    job = SimpleNamespace(root=root, cache=tmp_path / "cache", inputs=SimpleNamespace(site_code="c", libraries="l"))
    job.cache.mkdir()
    translations.Ahead(job)(Path(NAME).name, source)
    assert len(made) == 1
    read_back = translate(source, root, translations.kept_translations(job), tmp_path / "stage" / "read_back.ipynb")
    fresh = translate(source, root, None, tmp_path / "stage" / "fresh.ipynb")
    assert len(made) == 2  # the fresh one alone: the stage's was read back
    assert read_back == fresh
    assert [p.name for p in job.cache.iterdir()] == [translations.TRANSLATIONS]  # nothing left aside
