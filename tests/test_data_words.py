"""The data's own words in Russian (data.po): every word a reader sees from the data package is a message, a changed
one is never shown under its old translation, a new partner is named by CLDR, and a damaged package is a sentence."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from multivector import paths
from multivector.engine import sources
from multivector.translation import catalogs, commands, datawords


def _package(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data, ignore=shutil.ignore_patterns("raw"))
    return data


def _rows(data: Path, name: str) -> list[dict]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_word_column_of_every_row_of_the_bundled_data_is_a_message_with_its_own_place():
    found = dict(datawords.messages(paths.DATA))
    assert len(found) == len(datawords.messages(paths.DATA)), "two texts share a context"
    for resource, columns in datawords.TEXTS.items():
        key = {"partners": "partner", "events": "id", "claims": "id", "oil_exports": "year"}[resource]
        for row in _rows(paths.DATA, resource):
            for column in columns:
                if any(c.isalpha() for c in row[column]):
                    assert found[datawords.context(resource, column, row[key])] == row[column]
    descriptor = json.loads((paths.DATA / paths.DATAPACKAGE).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert found[f"datapackage/resources/{resource['name']}/title"] == resource["title"]


def test_the_bundled_data_words_have_a_current_russian_translation_where_the_tables_hold_them():
    words = datawords.Words.read(paths.ROOT, "ru")
    for context, english in datawords.messages(paths.DATA):
        if context.startswith(datawords.PACKAGE):
            continue  # the descriptor's texts: the data sources appendix's own test reads them
        found = words.found(*context.split("/", 2), english)
        assert found.status == catalogs.OK and found.text != english, context


def test_a_data_text_changed_by_new_data_is_shown_in_english_and_listed_never_under_its_old_translation():
    words = datawords.Words.read(paths.ROOT, "ru")
    label = next(r["label"] for r in _rows(paths.DATA, "events") if r["id"] == "crimea_annexation")
    assert words.text("events", "label", "crimea_annexation", label) != label
    changed = label + " after a referendum held under occupation"
    assert words.text("events", "label", "crimea_annexation", changed) == changed
    assert words.found("events", "label", "crimea_annexation", changed).status == catalogs.OUTDATED
    assert ("events/label/crimea_annexation", changed) in words.english
    # A text with no letters (a year) is its own translation.
    assert words.found("claims", "period", "x", "2024").status == catalogs.OK


def test_a_partner_new_to_the_catalog_is_named_by_cldr_and_an_unknown_code_stays_english():
    words = datawords.Words.read(paths.ROOT, "ru")
    assert words.partner("DE", "Germany") == "Германия"
    assert words.partner("RU", "Russia") == catalogs.look_up(words.catalog, "Russia", "partners/name/RU").text
    assert words.partner("XX1", "Somewhere") == "Somewhere"
    assert words.english == [("partners/name/XX1", "Somewhere")]


def test_translations_update_adds_new_data_texts_untranslated_and_marks_changed_ones_outdated(tmp_path):
    data = _package(tmp_path)
    shutil.copytree(paths.ROOT / paths.LOCALES, tmp_path / paths.LOCALES)
    events = (data / "events.csv").read_text(encoding="utf-8")
    (data / "events.csv").write_text(events.replace("Russia annexes Crimea", "Russia annexes the Crimea"), "utf-8")
    counts = catalogs.update(tmp_path, "ru", catalogs.DATA, datawords.messages(data))
    catalog = catalogs.read(catalogs.po_file(tmp_path, "ru", catalogs.DATA), "ru")
    entry = catalog.get("Russia annexes the Crimea", "events/label/crimea_annexation")
    assert entry is not None and entry.fuzzy, "the changed label keeps its old translation marked outdated"
    assert counts[catalogs.OUTDATED] >= 1


def test_check_lists_the_data_words_with_no_current_translation(tmp_path):
    root = tmp_path
    sources.copy_book(paths.ROOT, root)
    for folder in ("notebooks", paths.LOCALES):
        shutil.copytree(paths.ROOT / folder, root / folder)
    data = _package(tmp_path)
    partners = (data / "partners.csv").read_text(encoding="utf-8")
    (data / "partners.csv").write_text(partners + "JP,Japan,\n", encoding="utf-8")
    lines = [line for line in commands.check_lines(root, tmp_path / "no-site") if "ru/data:" in line]
    assert lines and lines[0].startswith("translation: ru/data: 0 outdated,")
    japan = [line for line in commands.check_lines(root, tmp_path / "no-site") if "missing: Japan" in line]
    assert japan, "the new partner's name is listed as untranslated"


def test_a_damaged_data_package_is_a_sentence_naming_it_and_no_catalog_is_written(tmp_path):
    data = _package(tmp_path)
    (data / paths.DATAPACKAGE).write_text("{not json", encoding="utf-8")
    with pytest.raises(catalogs.CatalogError, match=r"data package's words cannot be read.*No catalog was changed"):
        datawords.messages(data)
    assert not (tmp_path / paths.LOCALES).exists()
