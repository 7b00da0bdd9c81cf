"""The words a chart card shows from the data, on a Russian page: partners' names, events' labels and dates, series
and panel labels made from them, flags, computed labels and the data table, each from its catalog (data.po for the
data's own words, charts.po for the edition's), composite labels filled from their Russian parts, English kept and
marked `lang="en"` only where a text has no current translation (issue 29, charts)."""

from __future__ import annotations

import html
import json
import re
from io import StringIO
from urllib.parse import unquote

import pandas as pd
import pytest
from babel.messages.catalog import Catalog

from multivector import charts, data, sections
from multivector.analysis import compute
from multivector.charts import words
from multivector.i18n import formatting
from multivector.translation import card_words, cards, catalogs, datawords

YEAR, BASELINE = 2024, 2021


@pytest.fixture(scope="module")
def ds():
    return data.load(None, year=YEAR)


def _data_words(ds, events=True) -> datawords.Words:
    """data.po as a translator would fill it: partners' names, and (if `events`) events' labels."""
    catalog = Catalog(locale="ru")
    names = {"RU": "Россия", "CN": "Китай", "EU27": "ЕС", "TR": "Турция", "US": "США"}
    for code, english in ds.partner_names().items():
        catalog.add(english, names.get(code, "Партнёр " + code), context=f"partners/name/{code}")
    for row in ds["events"].itertuples() if events else ():
        catalog.add(row.label, f"Событие «{row.id}»", context=f"events/label/{row.id}")
    return datawords.Words(catalog, "ru")


def _charts_po(card, russian: dict[str, str] | None = None, leave: tuple[str, ...] = ()) -> Catalog:
    """charts.po for a card: every text translated (`russian`'s, else a marked stand-in), but those of `leave`."""
    catalog = catalogs.template(cards.card_strings(card.parts()))
    for n, message in enumerate(catalog):
        if message.id and message.id not in leave:
            message.string = (russian or {}).get(message.id) or _stand_in(message.id, n)
    return catalog


def _stand_in(english: str, n: int) -> str:
    """A Russian stand-in for an English text that keeps its placeholders."""
    return f"ру{n} " + " ".join(f"{{{f}}}" for f in sorted(words.fields(english)))


def _russian(card, ds, charts_po=None, data=None):
    return cards.translated(
        card.parts(), "ru", charts_po or _charts_po(card), Catalog(locale="ru"), data or _data_words(ds)
    )


def _spec(markup: str) -> dict:
    return json.loads(html.unescape(re.search(r'class="mv-spec"[^>]*>(.*?)</script>', markup, re.S).group(1)))["spec"]


def _rows(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _table(markup: str) -> pd.DataFrame:
    return pd.read_html(StringIO(markup[markup.index("<table") :]))[0]


def _spaced(text: str) -> str:
    return re.sub(r"\s", " ", text)


def _svg(markup: str) -> str:
    return html.unescape(markup[markup.index("<svg") : markup.index("</svg>")])


def test_a_partners_name_in_a_legend_and_tooltip_is_its_data_catalog_translation(ds):
    card = charts.partner_shares(ds, YEAR)
    markup, left = _russian(card, ds)
    names = {row["name"] for row in _rows(_spec(markup))}
    assert {"Россия", "Китай", "ЕС"} <= names
    assert not names & set(ds.partner_names().values()), "an English partner's name is left in the chart's data"
    assert "Китай" in _svg(markup) and "China" not in _svg(markup)
    # The colour scale's domain is in the same words as the data, so every partner keeps its colour.
    domain = next(e["scale"]["domain"] for e in _find(_spec(markup), "color"))
    assert set(domain) <= names
    assert left == []


def _find(spec, key):
    found = []
    if isinstance(spec, dict):
        found += [spec[key]] if key in spec else []
        for v in spec.values():
            found += _find(v, key)
    elif isinstance(spec, list):
        for v in spec:
            found += _find(v, key)
    return found


def test_a_label_made_from_a_partners_name_is_the_russian_template_filled_with_the_russian_name(ds):
    card = charts.russia_trade(ds, YEAR)
    translated = {"Exports to {partner}": "{partner}: экспорт", "Imports from {partner}": "{partner}: импорт"}
    data = _data_words(ds)
    data.catalog.get("Russia", "partners/name/RU").string = "Российская Федерация"
    markup, left = _russian(card, ds, _charts_po(card, translated), data)
    series = {row["series_label"] for row in _rows(_spec(markup))}
    # Filled from the catalog's name, not parsed back from "Exports to Russia".
    assert {"Российская Федерация: экспорт", "Российская Федерация: импорт"} <= series
    assert "Exports to Russia" not in _svg(markup) and "Российская Федерация" in _svg(markup)
    assert left == []


def test_a_template_without_a_current_translation_keeps_its_english_label_marked_and_reported(ds):
    card = charts.russia_trade(ds, YEAR)
    markup, left = _russian(card, ds, _charts_po(card, leave=("Exports to {partner}",)))
    assert "Exports to {partner}" in left
    assert re.search(r'<text[^>]*lang="en"[^>]*>Exports to Russia</text>', markup)
    assert {"Exports to Russia"} & {row["series_label"] for row in _rows(_spec(markup))}


def test_the_key_indicators_panels_are_named_in_russian_from_templates_and_the_data_catalog(ds):
    card = charts.indicators(ds, YEAR, BASELINE)
    translated = {"{partner}'s share of exports": "{partner}: доля в экспорте"}
    markup, left = _russian(card, ds, _charts_po(card, translated))
    labels = set(_table(markup).iloc[:, 0])
    assert "Россия: доля в экспорте" in labels
    assert not labels & {label for _, label, _, _ in compute.INDICATORS}
    assert "Россия: доля в экспорте" in _svg(markup) and "Russia's share" not in _svg(markup)
    assert formatting.unit("billions_usd", "ru") in set(_table(markup).iloc[:, 1])
    assert left == []


def test_event_labels_and_dates_in_a_timeline_and_its_table_are_russian_or_marked_english(ds):
    which = sections.get("introduction").timeline
    card = charts.timeline(ds, which)
    e = compute.events(ds, sections=which.events_of)
    markup, left = _russian(card, ds)
    table = _table(markup)
    assert list(table.iloc[:, 1]) == [f"Событие «{i}»" for i in e["id"]]
    russian_dates = [formatting.moment(d, p, "ru") for d, p in zip(e["date"], e["precision"], strict=True)]
    assert list(map(_spaced, table.iloc[:, 0].astype(str))) == list(map(_spaced, russian_dates))
    assert {row["label"] for row in _rows(_spec(markup))} == {f"Событие «{i}»" for i in e["id"]}
    assert left == []
    # Without data.po's labels, the English ones are shown, marked, and reported.
    markup, left = _russian(card, ds, data=_data_words(ds, events=False))
    assert set(left) == set(e["label"])
    assert markup.count('<span lang="en">') == len(e)


def test_a_partial_years_flag_and_coverage_are_said_in_russian(ds):
    card = charts.oil_share(ds, YEAR)
    partial = compute.oil_share(ds).query("partial")
    assert not partial.empty, "the bundled data have a partial year of crude exports"
    markup, left = _russian(card, ds, _charts_po(card, {"{months} mo.": "{months} мес."}))
    rows = _rows(_spec(markup))
    flags = {row["flag"] for row in rows if row["partial"]}
    assert flags == {f"{int(m)} мес." for m in partial["months_covered"]}
    periods = {formatting.period(compute.period_of(ds, "oil_exports", int(y)), "ru") for y in partial["year"]}
    assert periods <= {row["coverage"] for row in rows}
    assert left == []


def test_the_cpc_explorers_computed_label_is_drawn_from_its_russian_template(ds):
    card = charts.cpc_explorer(ds, YEAR, compute.claim_value(ds, "cpc_share_of_crude"), 30)
    template = "{at_risk} млрд долл. США под угрозой = {share} % экспорта"
    english = next(iter(card.expressions.values()))[words.TEMPLATE]
    markup, left = _russian(card, ds, _charts_po(card, {english: template}))
    calculated = [t["calculate"] for t in _find(_spec(markup), "transform")[0] if t.get("as") == "label"]
    assert calculated == [words.vega(template, next(iter(card.expressions.values()))[words.VALUES])]
    assert "под угрозой" in _svg(markup) and "at risk" not in _svg(markup)
    markup, left = _russian(card, ds, _charts_po(card, leave=(english,)))
    assert english in left and "bn USD at risk" in _svg(markup)


def test_the_data_tables_column_names_are_russian_and_its_csv_stays_the_data_file(ds):
    card = charts.trade_by_partner(ds, YEAR, 4)
    translated = {"partner": "партнёр", "value (bn USD)": "стоимость (млрд долл. США)", "imports": "импорт"}
    markup, left = _russian(card, ds, _charts_po(card, translated))
    table = _table(markup)
    assert {"партнёр", "стоимость (млрд долл. США)"} <= set(table.columns)
    assert not set(table.columns) & set(card.table.columns)
    assert "импорт" in set(table.iloc[:, 0])
    href = re.search(r'class="mv-csv" href="([^"]+)"', markup).group(1)
    assert html.unescape(href) == html.unescape(re.search(r'class="mv-csv" href="([^"]+)"', card.html).group(1))


def test_every_word_a_card_shows_from_its_data_is_a_piece_with_its_source(ds):
    made = [
        charts.trade_by_partner(ds, YEAR, 4),
        charts.partner_shares(ds, YEAR),
        charts.concentration(ds, YEAR),
        charts.russia_trade(ds, YEAR),
        charts.oil_share(ds, YEAR),
        charts.inflation(ds, compute.claim_value(ds, "inflation_worry_share")),
        charts.indicators(ds, YEAR, BASELINE),
        charts.timeline(ds, sections.get("geopolitical_limits").timeline),
    ]
    for card in made:
        shown = {v for row in _rows(card.spec()) for v in row.values() if isinstance(v, str)}
        wordy = {v for v in shown if re.search(r"[A-Za-z]{3}", v) and not re.fullmatch(r"[\d-]+T?[\d:.]*", v)}
        unpieced = wordy - set(card.words) - set(card.table.get("source", pd.Series(dtype=str))) - _keys(card)
        assert not unpieced, f"chart {card.name} shows data words with no piece: {sorted(unpieced)[:5]}"


def _keys(card) -> set[str]:
    """Values a reader never sees as words: codes, and the columns the chart only computes with."""
    frame = pd.DataFrame(_rows(card.spec()))
    hidden = (
        "partner",
        "flow",
        "source",
        "source_key",
        "id",
        "indicator",
        "role",
        "months",
        "note",
        "status",
        "date",
        "series",
        "precision",
        "section",
    )
    return {v for c in hidden if c in frame for v in frame[c].dropna().astype(str)}


def test_a_headline_naming_the_largest_partners_fills_its_russian_template_with_their_russian_names(ds):
    card = charts.trade_by_partner(ds, YEAR, 4)
    said = card.chart.title.said["subtitle"][0]
    template = "{importer} — крупнейший поставщик ({import_share} импорта); {exporter} — покупатель ({export_share})."
    markup, left = _russian(card, ds, _charts_po(card, {said["template"]: template}))
    lead = {flow: compute.largest_partner(ds, YEAR, flow) for flow in ("imports", "exports")}
    names = {"RU": "Россия", "CN": "Китай", "EU27": "ЕС", "TR": "Турция", "US": "США"}
    expected = template.format(
        importer=names[lead["imports"]["partner"]],
        import_share=formatting.percent(lead["imports"]["share_pct"], 1, "ru"),
        exporter=names[lead["exports"]["partner"]],
        export_share=formatting.percent(lead["exports"]["share_pct"], 1, "ru"),
    )
    assert _spaced(expected) in _spaced(" ".join(_spec(markup)["title"]["subtitle"]))
    assert left == []


def test_a_sentence_naming_a_partner_with_no_current_name_stays_english_and_is_reported(ds):
    piece = words.made("{buyer} buys most", buyer=words.partner("EU27", ds.partner_names()["EU27"]))
    charts_po = catalogs.template([("c", "{buyer} buys most")])
    charts_po.get("{buyer} buys most", "c").string = "{buyer} покупает больше всех"
    data = _data_words(ds)
    sayer = card_words.Sayer("ru", "c", charts_po, data)
    assert sayer.said(piece) == "ЕС покупает больше всех" and sayer.left == []
    # "EU27" is no region CLDR names: with its data.po entry outdated, nothing can say it in Russian.
    data.catalog.get(ds.partner_names()["EU27"], "partners/name/EU27").flags.add("fuzzy")
    assert sayer.said(piece) is None and sayer.left == [ds.partner_names()["EU27"]]


def test_a_source_line_naming_the_year_and_the_preliminary_years_is_filled_in_russian(ds):
    card = charts.russia_trade(ds, YEAR)
    prelim = sorted(int(y) for y in compute.russia_trade(ds).query("status == 'preliminary'")["year"])
    assert prelim, "the bundled data have a preliminary year"
    said = card.parts()["source_said"]
    russian = {
        said["template"]: "Компиляция: торговля с Россией. {preliminary}",
        "{years} preliminary.": "Предв.: {years}.",
    }
    markup, left = _russian(card, ds, _charts_po(card, russian))
    source = html.unescape(re.search(r'<p class="mv-source">(.*?)</p>', markup, re.S).group(1))
    assert f"Компиляция: торговля с Россией. Предв.: {', '.join(map(str, prelim))}" in source
    # The CSV keeps the English source line, the data file's own.
    csv = unquote(html.unescape(re.search(r'class="mv-csv" href="([^"]+)"', markup).group(1)))
    assert f"# Source: {card.source}\n" in csv
    assert left == []


def test_a_description_naming_the_years_is_filled_in_russian_for_the_picture_and_the_interactive_view(ds):
    card = charts.indicators(ds, YEAR, BASELINE)
    template = card.parts()["description_said"]["template"]
    markup, left = _russian(card, ds, _charts_po(card, {template: "Показатели {baseline} и {year} гг."}))
    said = f"Показатели {BASELINE} и {YEAR} гг."
    assert _spec(markup)["description"] == said
    assert re.search(r"<desc[^>]*>" + re.escape(said) + "</desc>", markup)
    assert left == []


def test_partners_folded_into_the_rest_are_listed_by_their_russian_names(ds):
    names = ds.partner_names()
    listed = words.listed([words.partner(code, names[code]) for code in ("RU", "CN")])
    piece = words.made("{partners} counted in {rest}.", partners=listed, rest=words.own("Others"))
    assert piece["text"] == f"{names['RU']}, {names['CN']} counted in Others."
    # The partners' names are data.po's; the template and "Others" are charts.po's.
    assert words.messages([piece]) == ["Others", "{partners} counted in {rest}."]
    charts_po = catalogs.template([("c", "Others"), ("c", "{partners} counted in {rest}.")])
    charts_po.get("Others", "c").string = "Прочие"
    charts_po.get("{partners} counted in {rest}.", "c").string = "{partners} учтены в группе «{rest}»."
    assert (
        card_words.Sayer("ru", "c", charts_po, _data_words(ds)).said(piece) == "Россия, Китай учтены в группе «Прочие»."
    )
