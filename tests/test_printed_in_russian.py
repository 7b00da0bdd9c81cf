"""What notebooks print besides prose and charts (claims tables, the ledger, source lists, the run card) is printed again
in Russian from the parts the kernel glued: the edition's words from outputs.po, the data's from data.po, numbers and
plural forms from the same values by CLDR, and whatever has no current translation in English, marked as English."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import english_run

from multivector import data, params, paths
from multivector.analysis import claims
from multivector.i18n import formatting
from multivector.i18n.sentences import english_of
from multivector.notebook import page, printed
from multivector.translation import catalogs, datawords, outputs, stage


def _say(catalog=None) -> outputs.Say:
    shipped = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.OUTPUTS), "ru")
    return outputs.Say("ru", shipped if catalog is None else catalog, datawords.Words.read(paths.ROOT, "ru"))


def _outside_english(html: str) -> str:
    """The text of `html` less what is marked as another language than Russian, and code."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.select('[lang]:not([lang^="ru"]), code'):
        node.decompose()
    return soup.get_text(" ")


@pytest.fixture(scope="module")
def ledger():
    ds = data.load(None, year=2024)
    return ds, claims.evaluate(ds, 2024)


def _table(ledger, ids=None) -> dict:
    """The parts of a claims table of the whole ledger (or the claims `ids`), as a page glues them."""
    _, frame = ledger
    chosen = frame if ids is None else frame[frame["id"].isin(ids)]
    refs = page.source_texts(chosen)
    return {"kind": printed.CLAIMS, "rows": printed.claim_rows(chosen, refs), "sources": refs}


@pytest.mark.parametrize(
    ("count", "russian", "english"),
    [
        (1, "1\u00a0месяц", "1\u00a0month"),
        (2, "2\u00a0месяца", "2\u00a0months"),
        (5, "5\u00a0месяцев", "5\u00a0months"),
        (21, "21\u00a0месяц", "21\u00a0months"),
    ],
)
def test_a_count_takes_the_plural_form_cldr_gives_its_language(count, russian, english):
    assert formatting.counted(count, "months", "ru") == russian
    assert formatting.counted(count, "months", "en") == english


def test_a_noun_without_counted_forms_is_refused_in_one_sentence():
    with pytest.raises(formatting.UnknownNoun, match="'parsecs' has no counted forms in ru"):
        formatting.counted(3, "parsecs", "ru")


def test_every_note_of_the_ledger_is_the_english_its_parts_give_in_every_year():
    for year in (2021, 2022, 2024, 2025):
        ds = data.load(None, year=year)
        for r in claims.evaluate(ds, year).itertuples():
            assert english_of(printed.said(r.note)) == str(r.note)
            if r.later:
                assert english_of(printed.said(r.later)) == str(r.later)


def test_the_whole_ledger_in_russian_has_no_english_outside_marked_text(ledger):
    html = outputs.claims_html(_table(ledger), _say())
    said = _outside_english(html)
    assert "Утверждение и источник" in said
    assert english_run(BeautifulSoup(html, "html.parser")) is None


def test_a_russian_note_gives_the_english_notes_numbers_in_russian_format(ledger):
    _, frame = ledger
    row = frame[frame["id"] == "russia_import_share"].iloc[0]
    html = outputs.claims_html(_table(ledger, ["russia_import_share"]), _say())
    share = re.search(r"([\d.]+) %", str(row.note)).group(1)
    assert formatting.percent(float(share), 1, "ru") in html
    assert "Россия" in html and "Russia" not in _outside_english(html)


def test_the_war_note_counts_its_months_in_the_russian_plural(ledger):
    _, frame = ledger
    row = frame[frame["check"].fillna("").str.startswith("war_years")].iloc[0]
    months = int(str(row.note).split()[0])
    html = outputs.claims_html(_table(ledger, [row.id]), _say())
    assert formatting.counted(months, "months", "ru") in html


def test_a_note_whose_template_has_no_translation_stays_english_and_is_marked_and_reported(ledger):
    say = _say(catalogs.template([]))
    html = outputs.claims_html(_table(ledger, ["imports_total"]), say)
    soup = BeautifulSoup(html, "html.parser")
    note = soup.select("td")[2].select("p")[1]
    assert note.select_one('span[lang="en"]').get_text() == "total imports in 2024: 60.40 bn USD"
    assert ("claims/flow_total", "total imports in {year}: {value}") in say.left
    assert english_run(soup) is None


def test_a_translation_that_lost_a_value_is_not_used(ledger):
    catalog = catalogs.template([("claims/flow_total", "total imports in {year}: {value}")])
    catalog.get("total imports in {year}: {value}", "claims/flow_total").string = "весь импорт: {value}"
    html = outputs.claims_html(_table(ledger, ["imports_total"]), _say(catalog))
    assert "весь импорт" not in html and "total imports in 2024" in html


def test_a_source_list_in_russian_keeps_each_sources_own_words_marked_as_english():
    entries = printed.source_entries(["grantseva2025", "makenerzhan_kz_data", "vanderhill2020", "euronews2022"])
    html = outputs.sources_html({"entries": entries}, _say())
    soup = BeautifulSoup(html, "html.parser")
    marked = [s.get_text() for s in soup.select('[lang="en"]')]
    assert "Kazakhstan After the Double Shock of 2022: Political, Economic and Military Consequences" in marked
    assert "Vera Grantseva" in marked and "Rachel Vanderhill" in marked
    assert "октябрь 2025" in html and "б.\u00a0г." in html
    said = _outside_english(html)
    assert "GitHub repository" not in said and "Quotes Andrei Serdyukov" not in said
    assert english_run(BeautifulSoup(html, "html.parser")) is None


def test_the_run_card_in_russian_names_what_the_page_read_in_russian():
    ds = data.load(None, year=2024)
    read = ["claims", "events@summary", "cpi_yoy@2019", "cpi_yoy@2024"]
    parts = printed.run_card_parts(ds, params.validate({"year": 2024}), "2026-12-07", read)
    html = outputs.run_card_html(parts, _say())
    said = _outside_english(html)
    assert formatting.moment("2026-12-07", "day", "ru") in said and "Карточка запуска" in said
    # A section's rows and a year's rows are said differently: the years are no sections.
    assert "events (строки разделов summary)" in " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert "cpi_yoy (строки за 2019, 2024)" in " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert english_run(BeautifulSoup(html, "html.parser")) is None


def test_every_printed_word_of_the_shipped_ledger_and_bibliography_has_a_current_russian_translation(ledger):
    catalog = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.OUTPUTS), "ru")
    keys = re.findall(r"^@\w+\{([^,]+),", paths.BIBLIOGRAPHY.read_text(encoding="utf-8"), re.MULTILINE)
    sources = {"kind": printed.SOURCES, "entries": printed.source_entries(keys)}
    wanted = [*outputs.STATIC, *outputs.messages(_table(ledger)), *outputs.messages(sources)]
    assert len(keys) > 10 and len(wanted) > len(outputs.STATIC)
    assert catalogs.stale_messages(catalog, wanted) == {catalogs.OUTDATED: [], catalogs.MISSING: []}


def test_a_run_card_without_translations_is_the_english_card_marked_as_english():
    ds = data.load(None, year=2024)
    parts = printed.run_card_parts(ds, params.validate({"year": 2024}), "2026-12-07", ["claims", "events@summary"])
    say = _say(catalogs.template([]))
    soup = BeautifulSoup(outputs.run_card_html(parts, say), "html.parser")
    assert english_run(soup) is None and "&lt;" not in str(soup)
    assert soup.select_one('[lang="en"] code').get_text() == "claims"
    assert (printed.RUN_CARD, printed.RUN_WORDS["read"]) in say.left


def test_a_claims_text_whose_data_po_translation_is_outdated_is_shown_in_english_marked_and_reported(ledger):
    table = _table(ledger, ["imports_total"])
    table["rows"][0]["claim"]["en"] = "Total imports, as a changed claims.csv says it"
    say = _say()
    soup = BeautifulSoup(outputs.claims_html(table, say), "html.parser")
    claim = soup.select_one("td p")
    assert claim.select_one('span[lang="en"]').get_text() == "Total imports, as a changed claims.csv says it"
    assert ("data.po: claims/claim/imports_total", "Total imports, as a changed claims.csv says it") in say.left


def test_the_build_warns_of_each_page_whose_printed_outputs_kept_english_text():
    found = stage.Found(english_outputs={"notebooks/summary": [("claims/status", "differs")]})
    assert any(w.startswith("ru/notebooks/summary: 1 text(s) of its claims tables") for w in found.warnings("ru"))
