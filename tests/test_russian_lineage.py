"""A glued figure's lineage pop-up on a Russian page: its formula and inputs' labels from lineage.po, its words from
interface.po, and English with a note where a translation is missing or outdated (issue 29, item 3)."""

from __future__ import annotations

import copy
import re
from types import SimpleNamespace

from multivector import paths
from multivector.site import languages, lineage_html
from multivector.translation import catalogs, interface, lineage, stage

SCRIPT = lineage_html.Path(lineage_html.__file__).parent / "static" / lineage_html.SCRIPT
FORMULA = "crude oil exports 2024 ÷ total exports 2024"


def _catalog():
    return catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.LINEAGE), "ru")


def _output(formula: str = FORMULA) -> dict:
    inputs = [
        {"kind": "input", "label": "crude oil exports 2024", "path": "data/oil_exports.csv", "row": "year 2024"},
        {"kind": "param", "label": None, "name": "year", "value": "2024"},
    ]
    lineage_ = {"formula": formula, "inputs": inputs}
    return {"metadata": {paths.METADATA_KEY: {paths.LINEAGE: lineage_}}, "data": {}}


def test_a_translated_lineage_gives_its_formula_and_labels_in_russian_and_keeps_what_the_data_say():
    output = _output()
    assert not lineage.translate_output(output, _catalog())
    got = output["metadata"][paths.METADATA_KEY][paths.LINEAGE]
    assert got["formula"] == catalogs.look_up(_catalog(), FORMULA).text and re.search("[а-я]", got["formula"])
    assert got["inputs"][0]["label"].startswith("экспорт сырой нефти")
    assert (
        got["inputs"][0]["row"] == "year 2024"
        and got["inputs"][1] == _output()["metadata"][paths.METADATA_KEY][paths.LINEAGE]["inputs"][1]
    ), "what the data say was changed"
    assert lineage.STALE not in got


def test_a_lineage_without_a_current_translation_stays_english_and_says_why():
    output = _output("wheat harvest 2031 × 7")
    assert lineage.translate_output(output, _catalog())
    got = output["metadata"][paths.METADATA_KEY][paths.LINEAGE]
    assert got["formula"] == "wheat harvest 2031 × 7"
    assert got[lineage.STALE] == catalogs.MISSING
    # A new year's formula is like one translated before: its translation is outdated, as a page's paragraph's is.
    newer = lineage.translated(
        _output("crude oil exports 2031 ÷ total exports 2031")["metadata"][paths.METADATA_KEY][paths.LINEAGE],
        _catalog(),
    )
    assert (newer["formula"], newer[lineage.STALE]) == ("crude oil exports 2031 ÷ total exports 2031", "outdated")
    catalog = copy.deepcopy(_catalog())
    catalog[FORMULA].flags.add("fuzzy")
    assert lineage.translated(_output()["metadata"][paths.METADATA_KEY][paths.LINEAGE], catalog)[lineage.STALE] == (
        catalogs.OUTDATED
    )


def _russian_app():
    words = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.INTERFACE), "ru")
    config = SimpleNamespace(language="ru", **{interface.WORDS_SETTING: stage.site_words(words, "")})
    return SimpleNamespace(config=config)


def test_the_russian_pop_up_gets_every_word_it_says_and_both_notes_in_russian():
    found = languages.lineage_words(_russian_app())
    for english, russian in {**found["words"], **found["notes"]}.items():
        assert russian != english and re.search("[а-яё]", russian, re.I), f"{english!r} is not in Russian"
    assert set(found["notes"]) == {catalogs.OUTDATED, catalogs.MISSING}
    english = SimpleNamespace(config=SimpleNamespace(language="en"))
    assert languages.lineage_words(english) == {}, "an English page's sources changed"


def test_every_word_the_pop_up_script_says_is_one_the_catalog_holds():
    said = re.findall(r'say\("([^"]+)"', SCRIPT.read_text(encoding="utf-8"))
    assert said and set(said) == set(interface.LINEAGE_WORDS)
