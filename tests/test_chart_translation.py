"""A chart card on a Russian page: drawn again from the parts glued with it, every text from charts.po or else in
English and reported (the rule a page's passages follow), numbers in Russian format (issue 29, charts)."""

from __future__ import annotations

import json
import re
from io import StringIO

import altair as alt
import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol

from multivector import paths
from multivector.charts import card, card_html, phrases
from multivector.i18n import formatting
from multivector.translation import cards, catalogs, notebooks
from multivector.translation.translate import Page

TITLE = "Trade with the partners of the edition"
SUBTITLE = "Every bar is a partner's trade in the reference year."
AXIS = "Value, bn USD"
TOOLTIP = "Partner"
VALUES = [1234.5, 20.25]


def _card() -> card.Card:
    frame = pd.DataFrame({"partner": ["Russia", "China"], "value": VALUES})
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("partner:N", title=None),
            y=alt.Y("value:Q", title=AXIS, axis=alt.Axis(format=",.1f")),
            tooltip=[alt.Tooltip("partner:N", title=TOOLTIP), alt.Tooltip("value:Q", format=",.2f")],
        )
        .properties(width=200, height=120, title=card.headline(TITLE, SUBTITLE))
    )
    return card.Card("trade_test", chart, frame, "a test table.", ("trade_partners",), "Bars of trade by partner.")


RUSSIAN = {
    TITLE: "Торговля с партнёрами издания",
    SUBTITLE: "Каждый столбец — торговля партнёра в отчётном году.",
    AXIS: "Стоимость, млрд долл.",
    "Bars of trade by partner.": "Столбцы торговли по партнёрам.",
    "a test table.": "тестовая таблица.",
    "partner": "партнёр",
    "value": "стоимость",
}


def _catalog(translated: dict[str, str], fuzzy: tuple[str, ...] = ()):
    catalog = catalogs.template(cards.card_strings(_card().parts()))
    for english, russian in translated.items():
        message = catalog.get(english, "trade_test")
        message.string = russian
        if english in fuzzy:
            message.flags.add("fuzzy")
    return catalog


def _svg_texts(html: str) -> list[str]:
    """The texts the card's picture draws (a title's lines are <tspan>s)."""
    svg = html[html.index("<svg") : html.index("</svg>")]
    found = re.findall(r"<(?:text|tspan)[^>]*>([^<]+)<", svg)
    return [t.replace("&nbsp;", "\u00a0").replace("&#160;", "\u00a0") for t in found]


def test_every_text_of_a_chart_a_reader_sees_is_a_message_of_the_charts_catalog():
    said = cards.messages(_card().parts())
    # The data table's column names too.
    assert set(said) == {
        TITLE,
        SUBTITLE,
        AXIS,
        TOOLTIP,
        "Bars of trade by partner.",
        "a test table.",
        "partner",
        "value",
    }
    # Wrapped title lines are one message: the title as written, not its lines.
    assert TITLE in said and all(len(line) <= card_html.TITLE_CHARS for line in card.headline(TITLE).to_dict()["text"])


def test_a_russian_card_takes_its_texts_from_the_catalog_and_draws_numbers_in_russian_format():
    html, left = cards.translated(_card().parts(), "ru", _catalog(RUSSIAN), catalogs.template([]))
    svg = " ".join(_svg_texts(html))
    assert "Торговля с партнёрами" in svg and "Стоимость, млрд долл." in svg and "Каждый столбец" in svg
    assert TITLE.split()[0] not in svg and AXIS not in svg
    assert "Столбцы торговли по партнёрам." in html and "тестовая таблица" in html
    # The axis and the data table show the card's own values in Russian format (decimal comma, grouped thousands).
    ticks = [t for t in _svg_texts(html) if re.fullmatch(r"[\d\u00a0]+,\d", t)]
    assert formatting.number(1000, 1, "ru") in ticks
    for value in VALUES:
        assert f"<td>{formatting.number(value, 2, 'ru')}</td>" in html
    assert left == [TOOLTIP]


def test_an_outdated_or_missing_chart_text_stays_english_and_is_reported():
    catalog = _catalog(RUSSIAN, fuzzy=(TITLE,))
    html, left = cards.translated(_card().parts(), "ru", catalog, catalogs.template([]))
    assert set(left) == {TITLE, TOOLTIP}
    assert "Trade with the" in " ".join(_svg_texts(html))
    # Each line the picture draws of the English title is marked as English; the Russian subtitle is not.
    marked = re.findall(r'<(?:text|tspan)[^>]*lang="en"[^>]*>([^<]+)<', html)
    assert marked and " ".join(marked) == " ".join(card.headline(TITLE).to_dict()["text"])
    assert catalogs.look_up(catalog, TITLE, "trade_test").status == catalogs.OUTDATED


def test_the_glued_parts_draw_the_english_card_exactly():
    c = _card()
    data, metadata = c._repr_mimebundle_()
    parts = json.loads(json.dumps(metadata[paths.METADATA_KEY][paths.CARD]))
    table = pd.read_json(StringIO(parts["table"]), orient="table")
    again = card_html.markup(
        parts["name"], parts["spec"], table, parts["source"], tuple(parts["resources"]), parts["csv"]
    )
    assert data["text/html"] == c.html == again


def test_charts_use_the_same_decimal_sign_and_grouping_as_the_figures_in_the_prose():
    for lang in ("en", "ru"):
        number = formatting.vega_locale(lang)["number"]
        assert (number["decimal"], number["thousands"]) == (get_decimal_symbol(lang), get_group_symbol(lang))


def test_the_russian_stage_swaps_a_glued_card_and_reports_its_english_texts(tmp_path):
    c = _card()
    data, metadata = c._repr_mimebundle_()
    prefix = "application/papermill.record/"
    output = {
        "output_type": "display_data",
        "metadata": {**metadata, cards.SCRAPBOOK: {"name": c.name, "mime_prefix": prefix}},
        "data": {prefix + "text/html": data["text/html"]},
    }
    source = tmp_path / "a.ipynb"
    source.write_text(json.dumps({"cells": [{"cell_type": "code", "source": "", "outputs": [output]}]}), "utf-8")
    page = Page("notebooks/summary", "ru", catalogs.template([]), catalogs.template([]))
    notebooks.translate(source, tmp_path / "b.ipynb", page, catalogs.template([]), _catalog(RUSSIAN))
    written = json.loads((tmp_path / "b.ipynb").read_text("utf-8"))["cells"][0]["outputs"][0]
    assert "Торговля с партнёрами" in written["data"][prefix + "text/html"]
    assert page.chart_texts == [TOOLTIP]
    assert notebooks.chart_texts(source) == cards.card_strings(c.parts())


SHARE = 46.75
TEMPLATE = "The EU bought {share} of exports in {year}."


def _phrase_card() -> card.Card:
    said = phrases.Phrase(TEMPLATE, share=phrases.shown(f"{SHARE:.1f} %", formatting.percent, SHARE, 1), year=2024)
    chart = _card().chart.properties(title=card.headline(TITLE, said))
    return card.Card("trade_test", chart, _card().table, "a test table.", ("trade_partners",), "Bars.")


def _with(template_ru: str):
    catalog = catalogs.template(cards.card_strings(_phrase_card().parts()))
    catalog.get(TEMPLATE, "trade_test").string = template_ru
    return catalog


def test_a_subtitle_that_quotes_a_number_takes_it_from_the_value_in_russian_not_from_the_english_text():
    english = _phrase_card()
    assert str(english.chart.title.said["subtitle"][0]["text"]) == f"The EU bought {SHARE:.1f} % of exports in 2024."
    assert TEMPLATE in cards.messages(english.parts())
    html, left = cards.translated(english.parts(), "ru", _with("ЕС купил {share} экспорта в {year} г."), _with(""))
    expected = f"ЕС купил {formatting.percent(SHARE, 1, 'ru')} экспорта в 2024 г."
    assert expected.replace("\u00a0", " ") in " ".join(_svg_texts(html)).replace("\u00a0", " ")
    assert TEMPLATE not in left


def test_a_translated_phrase_that_lost_a_value_stays_english_and_is_reported():
    html, left = cards.translated(_phrase_card().parts(), "ru", _with("ЕС купил долю экспорта."), _with(""))
    assert TEMPLATE in left
    assert "The EU bought" in " ".join(_svg_texts(html))


def test_the_interactive_views_menu_and_its_buttons_name_speak_the_pages_language():
    words = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.INTERFACE), "ru")
    russian, _ = cards.translated(_card().parts(), "ru", _catalog(RUSSIAN), words)
    english = _card().html
    for html, say in ((russian, lambda w: catalogs.look_up(words, w).text), (english, lambda w: w)):
        given = json.loads(html.split('class="mv-spec"', 1)[1].split(">", 1)[1].split("</script>", 1)[0])
        assert given["options"]["i18n"] == {key: say(w) for key, w in card_html.EMBED_WORDS.items()}
        assert given["label"] == say(card_html.ACTIONS_LABEL) and given["label"]
    assert "Save as SVG" not in russian
