"""The PDFs of the Russian pages: printed with a Russian footer, linked from each Russian section page in Russian, and
named in its head at the Russian folder's permanent address (issue 29, item 6)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from multivector import paths
from multivector.engine import translations
from multivector.site import cite_box
from multivector.tools import pdf
from multivector.translation import catalogs, interface, stage

BASE = "https://example.org/multivector/"


def _russian() -> dict[str, str]:
    words = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.INTERFACE), "ru")
    return stage.site_words(words, "")


def test_a_russian_pdf_numbers_its_pages_in_russian_and_an_english_one_as_it_always_did():
    russian = translations.page_words(paths.ROOT, "ru")
    assert russian != interface.PDF_WORDS["page"] and re.search("[а-я]", russian)
    footer = pdf.footer(russian)
    assert all(span in footer for span in pdf.PAGE_NUMBERS.values()) and " page " not in footer
    english = pdf.footer()
    assert " · page " + pdf.PAGE_NUMBERS["page"] + " of " + pdf.PAGE_NUMBERS["pages"] in english


def test_a_russian_section_page_links_its_pdfs_in_russian():
    links = BeautifulSoup(cite_box.pdf_links("summary", lambda path, _: f"../{path}", _russian()), "html.parser")
    said = links.get_text(" ")
    for english in interface.PDF_WORDS.values():
        assert english.split("{")[0].strip(" (") not in said
    assert [a["href"] for a in links.select("a")] == ["../pdf/summary.pdf", f"../pdf/{pdf.BOOK}"]


def test_the_russian_pdfs_permanent_address_is_in_the_russian_folder_of_the_edition():
    url = cite_box.pdf_url("summary", lambda path, _: path, BASE, "2024-abc", "ru")
    assert url == f"{BASE}editions/2024-abc/ru/{pdf.PDF_DIR}/summary.pdf"
    assert cite_box.pdf_url("summary", lambda path, _: path, BASE, "2024-abc") == (
        f"{BASE}editions/2024-abc/{pdf.PDF_DIR}/summary.pdf"
    )
