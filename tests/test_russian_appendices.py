"""The appendices' own words on Russian pages: the data sources' entries and the parameters' list say them in Russian
from interface.po, around what the data package and the parameter contract give (issue 29, item 3)."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from multivector import params, paths, text
from multivector.site import appendix, directives
from multivector.translation import catalogs, interface, stage


def _russian() -> dict[str, str]:
    words = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.INTERFACE), "ru")
    return stage.site_words(words, "")


def _openings(sentences) -> list[str]:
    """What each English sentence says before its first value: the words a Russian page must not show."""
    return [o for o in (s.split("{")[0].strip(" :") for s in sentences) if len(o) >= 5]


def test_the_data_sources_appendix_says_its_own_words_in_russian_and_the_data_packages_as_they_are():
    descriptor = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    english = appendix.data_sources_html(descriptor, "1.0.0", "f" * 12)
    page = BeautifulSoup(appendix.data_sources_html(descriptor, "1.0.0", "f" * 12, _russian()), "html.parser")
    said = " ".join(page.get_text(" ").split())
    # The appendix's own words, less those the data package's text happens to hold too ("not recorded").
    data_text = json.dumps(descriptor, ensure_ascii=False)
    frame = [
        o for o in _openings(interface.APPENDIX_WORDS.values()) if o in " ".join(english.split()) and o not in data_text
    ]
    assert frame, "the English appendix shows none of its own words: the test would prove nothing"
    for opening in frame:
        assert opening not in said, f"English left on the Russian appendix: {opening!r}"
    assert "Пакет данных" in said and "Столбцы" in said
    resource = descriptor["resources"][0]
    assert resource["title"] in said and page.select_one(f'a[href="../data/{resource["path"]}"]')


def test_the_parameters_list_gives_each_parameter_in_russian_with_its_own_default_and_bounds():
    for p in params.CONTRACT:
        russian, english = directives.parameter_text(p, _russian()), directives.parameter_text(p, {})
        assert p.help in english and p.help not in russian, p.name
        assert "по умолчанию" in russian and repr(p.default) in russian
        if p.minimum is not None:
            assert re.search(rf"от {p.minimum} до {p.maximum}", russian), russian


EDITION = {"id": "2024-0a1b2c3d", "year": 2024, "version": "1.0.0", "fingerprint": "f" * 12, "built": "2026-01-05"}


def test_the_first_editions_what_changed_and_editions_pages_are_wholly_russian():
    words = _russian()
    first = appendix.what_changed_markdown({"first": True}, words)
    assert first != appendix.what_changed_markdown({"first": True}) and re.search("[а-я]", first)
    page = appendix.editions_markdown([], {"edition": EDITION, "facts": None}, words)
    said = re.sub(r"`[^`]*`", "", page)  # what code spans hold is an address, not prose
    english = appendix.editions_markdown([], {"edition": EDITION, "facts": None})
    assert "This edition is the 1st" in english and "1-е издание" in page
    for opening in _openings(interface.CHANGE_WORDS.values()):
        assert opening not in said, f"English left on the Russian editions page: {opening!r}"


def test_a_comparison_says_its_headings_and_columns_in_russian_around_what_the_editions_hold():
    diff = {
        "first": False,
        "summary": [],
        "figures": [],
        "claims": [],
        "params": [{"parameter": "year", "old": 2024, "new": None}],
        "resources": [{"resource": "partners", "old": "sha256:" + "a" * 64, "new": None}],
    }
    page = appendix.what_changed_markdown(diff, _russian())
    assert "## Параметры" in page and "| параметр | прежде | теперь |" in page
    # A table's cells are escaped for MyST, the words of the page's own as much as the data's.
    assert f"| year | 2024 | {text.markdown('(нет)')} |" in page and "`aaaaaaaaaaaa` | (нет) |" in page
    assert "previous" not in page and "Parameters" not in page
