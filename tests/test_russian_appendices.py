"""The appendices on Russian pages: the data sources' entries, the parameters' list and the what-changed and editions
pages say their own words in Russian from interface.po, the data package's from data.po, the editions' figures, claims
and reasons in Russian where the catalogs translate them, and whatever stays English is marked `lang="en"`
(issue 29, item 3)."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from multivector import params, paths, text
from multivector.analysis import labels
from multivector.engine import comparison, facts
from multivector.i18n import plurals
from multivector.site import appendix, directives
from multivector.site.wording import Voice, Wording
from multivector.translation import catalogs, datawords, interface, stage

# Three words of Latin letters in a row, with nothing but spaces or commas between them: English prose.
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’]+(?:[ ,\u00a0]+[A-Za-z][A-Za-z'’]+){2}")


def _russian() -> Wording:
    """The Russian words of a translated build, as the stage hands them to Sphinx, with the data's and the figures'
    catalogs."""
    words = stage.site_words(catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.INTERFACE), "ru"), "")
    figures = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.FIGURES), "ru")
    return Wording("ru", words, datawords.Words.read(paths.ROOT, "ru"), figures)


def latin_runs(html: str) -> list[str]:
    """Runs of English words in `html` outside an element marked English, code, and links that show an address."""
    page = BeautifulSoup(html, "html.parser")
    for node in page.select('[lang="en"], code, pre'):
        node.decompose()
    return LATIN_RUN.findall(" ".join(page.get_text(" ").split()))


def _myst_html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def _openings(sentences) -> list[str]:
    """What each English sentence says before its first value: the words a Russian page must not show."""
    return [o for o in (s.split("{")[0].strip(" :") for s in sentences) if len(o) >= 5]


def test_the_data_sources_appendix_says_its_own_words_in_russian_and_the_data_packages_as_they_are():
    descriptor = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    english = appendix.data_sources_html(descriptor, "1.0.0", "f" * 12)
    russian = _russian()
    page = BeautifulSoup(appendix.data_sources_html(descriptor, "1.0.0", "f" * 12, russian), "html.parser")
    assert not latin_runs(str(page)), latin_runs(str(page))
    # data.po translates every text of the bundled package the page shows: none was left in English.
    assert russian.data.english == []
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
    assert page.select_one(f'a[href="../data/{resource["path"]}"]')
    # The data package's texts are data.po's; the sources' titles are as the sources give them, marked English.
    words = datawords.Words.read(paths.ROOT, "ru")
    assert words.text("datapackage", f"resources/{resource['name']}", "title", resource["title"]) in said
    titles = [s["title"] for r in descriptor["resources"] for s in r.get("sources", [])]
    marked = [node.get_text() for node in page.select('li > span[lang="en"]')]
    assert titles and all(t in marked for t in titles)
    assert LATIN_RUN.search(" ".join(english.split())), "the English page shows no English run: the test proves nothing"


def test_the_parameters_list_gives_each_parameter_in_russian_with_its_own_default_and_bounds():
    for p in params.CONTRACT:
        russian, english = directives.parameter_text(p, _russian()), directives.parameter_text(p, Wording())
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
    assert f"| `year` | 2024 | {text.markdown('(нет)')} |" in page and "`aaaaaaaaaaaa` | (нет) |" in page
    assert "previous" not in page and "Parameters" not in page


@pytest.fixture(scope="module")
def two_years(ds) -> dict[int, dict]:
    year = params.defaults()["year"]
    return {y: facts.summary(ds, params.validate({"year": y})) for y in (year, year - 1)}


def test_counts_take_the_russian_plural_form_gettexts_rule_picks_for_1_2_5_and_21():
    voice, wording = Voice(_russian()), _russian()
    said = {n: voice.count(comparison.FIGURES_CHANGED, n) for n in (1, 2, 5, 21)}
    assert said == {1: "Изменилась 1 цифра", 2: "Изменились 2 цифры", 5: "Изменились 5 цифр", 21: "Изменилась 21 цифра"}
    assert [wording.count(interface.BYTES, n) for n in (1, 2, 5, 21)] == ["1 байт", "2 байта", "5 байт", "21 байт"]
    # English keeps its two forms, as the edition always printed them.
    assert [plurals.choose(comparison.FIGURES_CHANGED, n).format(count=n) for n in (0, 1, 2)] == [
        "0 figures changed",
        "1 figure changed",
        "2 figures changed",
    ]


def test_a_what_changed_page_between_two_editions_is_russian_with_english_only_where_marked(two_years):
    year = params.defaults()["year"]
    diff = comparison.compare(two_years[year], two_years[year - 1])
    page = _myst_html(appendix.what_changed_markdown(diff, _russian()))
    assert not latin_runs(page), latin_runs(page)
    said = BeautifulSoup(page, "html.parser").get_text(" ")
    assert "п.\u00a0п." in said and "млрд\u00a0долл.\u00a0США" in said and " pp" not in said
    assert f"Проверено на данных за {year - 1} г.; цифра доклада относится к {year} г." in said
    english = appendix.what_changed_markdown(diff)
    assert text.markdown(diff["summary"][0]) in english and LATIN_RUN.search(text.plain(diff["summary"][0]))


def test_facts_from_older_editions_still_compare_on_a_russian_page(two_years):
    year = params.defaults()["year"]
    old = {
        **two_years[year],
        "figures": {s: {n: r["text"] for n, r in f.items()} for s, f in two_years[year]["figures"].items()},
        "claims": {k: r["status"] for k, r in two_years[year]["claims"].items()},
    }
    diff = comparison.compare(old, two_years[year - 1])
    page = _myst_html(appendix.what_changed_markdown(diff, _russian()))
    # Their figures are text only: English, marked; their labels and statuses are today's, in Russian.
    assert not latin_runs(page), latin_runs(page)
    assert BeautifulSoup(page, "html.parser").select('td span[lang="en"]')


def test_a_changed_english_label_shows_in_english_marked_not_under_its_old_translation():
    voice = Voice(_russian())
    label = next(iter(labels.FIGURES))
    assert 'lang="en"' not in voice.label(label)
    assert voice.label(label + " (revised)") == text.marked_markdown(label + " (revised)", "en")
    interface_po = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.INTERFACE), "ru")
    assert catalogs.look_up(interface_po, label + " (revised)").status == catalogs.OUTDATED


def test_the_published_russian_data_sources_and_what_changed_pages_show_no_english_outside_marked_elements(
    built_site, new_year_edition
):
    """The data sources of the default edition, and the what-changed and editions pages of an edition that follows
    another (with new partners and a new year), as the build publishes them in Russian."""
    pages = [(built_site, "data_sources")] + [(new_year_edition.out, p) for p in ("what_changed", "editions")]
    for site, name in pages:
        article = BeautifulSoup((site / "ru" / f"{paths.page(name)}.html").read_text(encoding="utf-8"), "html.parser")
        article = article.find("article")
        assert not latin_runs(str(article)), f"{name}: English outside lang='en': {latin_runs(str(article))}"
        if name != "data_sources":
            assert article.select("table td"), f"{name}: no comparison shown, so the test proves nothing"


def test_a_changed_data_package_text_shows_in_english_marked_and_the_build_warns():
    descriptor = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    resource = descriptor["resources"][0]
    resource["title"] += " (revised)"
    page = BeautifulSoup(appendix.data_sources_html(descriptor, "1.0.0", "f" * 12, _russian()), "html.parser")
    assert page.select_one(f"#resource-{resource['name']} h2 span[lang='en']").get_text() == resource["title"]
    left = datawords.shown_in_english(descriptor, datawords.Words.read(paths.ROOT, "ru"))
    assert left == [f"datapackage/resources/{resource['name']}/title"]
    assert any("data_sources: 1 text(s)" in w for w in stage.Found(english_data=left).warnings("ru"))


def test_a_plural_message_is_current_only_with_every_form_and_outdated_once_its_english_changes(tmp_path):
    message = comparison.FIGURES_CHANGED
    catalogs.update(tmp_path, "ru", "interface", [message])
    path = catalogs.po_file(tmp_path, "ru", "interface")
    assert "msgid_plural" in path.read_text(encoding="utf-8")
    catalog = catalogs.read(path, "ru")
    assert catalogs.look_up(catalog, message).status == catalogs.MISSING
    catalog.get(message.singular).string = ("{count} цифра", "{count} цифры", "")
    assert catalogs.look_up(catalog, message).status == catalogs.OUTDATED  # a form is missing
    catalog.get(message.singular).string = ("{count} цифра", "{count} цифры", "{count} цифр")
    assert catalogs.look_up(catalog, message) == catalogs.Found(
        catalogs.OK, ("{count} цифра", "{count} цифры", "{count} цифр")
    )
    catalogs.write(path, catalog)
    changed = plurals.Plural(message.singular, "{count} figures moved")
    catalogs.update(tmp_path, "ru", "interface", [changed])
    assert catalogs.look_up(catalogs.read(path, "ru"), changed).status == catalogs.OUTDATED


def test_numbers_from_facts_that_recorded_no_russian_text_are_written_in_russian_from_their_value(two_years):
    """Facts written before figures carried their other languages' texts (every edition built before this one)."""
    year = params.defaults()["year"]
    old = {
        **two_years[year],
        "figures": {
            s: {n: {k: v for k, v in r.items() if k != "texts"} for n, r in f.items()}
            for s, f in two_years[year]["figures"].items()
        },
    }
    rows = comparison.compare(old, two_years[year - 1])["figures"]
    numbers = [r for r in rows if r["change"] is not None]
    assert numbers and all(r["texts"]["old"] for r in numbers)
    voice = Voice(_russian())
    for r in numbers:
        assert voice.figure(r, "old") == text.markdown(r["texts"]["old"]["ru"]) and "lang" not in voice.figure(r, "old")
