"""The conclusions' chart: key indicators of the reference year beside the baseline year, one panel each."""

from __future__ import annotations

import altair as alt
import pandas as pd

from multivector.analysis import compute
from multivector.charts import words
from multivector.charts.card import COMPILATION, Card, headline
from multivector.charts.phrases import Phrase, shown
from multivector.charts.theme import ACCENT, PALE
from multivector.data import coverage
from multivector.data.dataset import Dataset
from multivector.i18n import SOURCE, TRANSLATED, formatting

# The units the indicators are given in, as every language writes them.
UNITS = {
    "bn USD": words.shown({SOURCE: "bn USD"} | {lang: formatting.unit("billions_usd", lang) for lang in TRANSLATED}),
    "partners": words.own("partners"),
}


def _words(ds: Dataset, d: pd.DataFrame) -> dict[str, dict]:
    """Each indicator's label (a template naming a partner, filled with the partner's name) and unit."""
    names = ds.partner_names()

    def label(row: dict) -> dict:
        code = row["partner"]
        return (
            words.made(row["template"], partner=words.partner(code, names[code])) if code else words.own(row["label"])
        )

    return words.column(d, "label", label) | {u: UNITS[u] for u in d["unit"].unique() if u in UNITS}


def _gaps(ds: Dataset, d: pd.DataFrame, year: int, baseline: int) -> list:
    """What the subtitle says the data lack: the figures that have no bar, and why; the years covered in part."""
    said: list = [f"{r.label}, {r.year}: {r.missing}." for r in d[d["missing"] != ""].itertuples()]
    for resource, template in (
        ("cpi_yoy", "Inflation for {year} averages {period} only."),
        ("oil_exports", "Crude oil's share for {year} covers {period} only."),
    ):
        covers = (coverage.cover(ds, resource, y) for y in (baseline, year))
        said += [
            Phrase(template, year=c.year, period=shown(c.period, formatting.period, c.span))
            for c in covers
            if c.partial
        ]
    return said


def _headline(baseline: int, year: int) -> tuple[Phrase, Phrase]:
    return (
        Phrase("Key indicators, {baseline} and {year}", baseline=baseline, year=year),
        Phrase("Grey: {baseline}; blue: {year}.", baseline=baseline, year=year),
    )


def indicators(ds: Dataset, year: int, baseline: int) -> Card:
    """Small multiples of the indicators the conclusions compare, `baseline` beside `year`."""
    d = compute.indicators(ds, year, baseline)
    said = _gaps(ds, d, year, baseline)
    d = d[d["missing"] == ""].drop(columns="missing")
    d["year_label"] = d["year"].astype(str)
    colours = {"baseline": (PALE, "Grey"), "reference": (ACCENT, "blue")}
    key = Phrase(
        f"{colours['baseline'][1]} bars: {{baseline}}; {colours['reference'][1]} bars: {{year}}. "
        "Each panel has its own scale.",
        baseline=baseline,
        year=year,
    )
    chart = (
        alt.Chart(d.drop(columns=["template", "partner"]))
        .mark_bar()
        .encode(
            x=alt.X("year_label:N", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=None),
            color=alt.Color(
                "role:N",
                title=None,
                scale=alt.Scale(domain=list(colours), range=[c for c, _ in colours.values()]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Indicator"),
                alt.Tooltip("year_label:N", title="Year"),
                alt.Tooltip("value:Q", title="Value", format=",.2f"),
                alt.Tooltip("unit:N", title="Unit"),
            ],
        )
        .properties(width=120, height=100)
        .facet(facet=alt.Facet("label:N", title=None, header=alt.Header(labelLimit=150, labelFontSize=11)), columns=2)
        .resolve_scale(y="independent")
        .properties(title=headline(*_headline(baseline, year), *said))
    )
    table = d[["label", "unit", "year", "value"]].round(2)
    return Card(
        "indicators",
        chart,
        table,
        f"{COMPILATION}; computed by this edition. The paper's Figure 1, which gives Russia's shares for 2024, cites "
        "BNS's main indicators of foreign trade for 2024.",
        ("trade_partners", "trade_totals", "oil_exports", "cpi_yoy"),
        Phrase("Small multiples comparing six indicators in {baseline} and {year}.", baseline=baseline, year=year),
        key,
        words=_words(ds, d),
    )
