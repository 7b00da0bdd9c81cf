"""Charts of crude oil: its share of export revenue by year, and what a stoppage of the CPC pipeline would put at
risk."""

from __future__ import annotations

import altair as alt
import pandas as pd

from multivector.analysis import compute
from multivector.charts import words
from multivector.charts.card import COMPILATION, Card, headline, unavailable
from multivector.charts.phrases import Phrase, shown
from multivector.charts.theme import NEUTRAL, PARTNER_COLOURS
from multivector.data import coverage, periods
from multivector.data.dataset import Dataset
from multivector.i18n import SOURCE, TRANSLATED, formatting

FULL_YEAR = "full year"
# The CPC explorer's source line and description, templates of its year.
CPC_SOURCE = (
    COMPILATION + ": crude oil exports and total exports for {year}; CPC share: the paper's own figure, for which it "
    "cites no source."
)
CPC_DESCRIPTION = "Interactive bar showing export revenue at risk from a CPC disruption in {year}, with sliders."
# The CPC explorer's result, computed by the chart as the sliders move: its template and each value's Vega expression.
AT_RISK = words.expression(
    "{at_risk} bn USD at risk = {share} % of exports",
    at_risk="format(datum.at_risk, ',.2f')",
    share="format(datum.at_risk_pct, '.1f')",
)


def _earned(share: float, year: int) -> Phrase:
    said = shown(f"{share:.1f} %", formatting.percent, share, 1)
    return Phrase("Crude oil earned {share} of export revenue in {year}.", share=said, year=year)


# A declarative chart spec.
def oil_share(ds: Dataset, year: int) -> Card:
    """Crude oil's share of export revenue by year, partial years pale; the takeaway is for the reference year."""
    d = compute.oil_share(ds)
    said = _period_words(ds, d)
    d["coverage"] = [p if part else FULL_YEAR for p, part in zip(d["period"], d["partial"], strict=True)]
    short = _flags(d)
    rows = d.set_index("year")
    last = rows.loc[year] if year in rows.index else None
    base = alt.Chart(d).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        tooltip=[
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("share_pct:Q", title="Oil share of exports (%)", format=".1f"),
            alt.Tooltip("value_bn_usd:Q", title="Crude exports, bn USD", format=",.2f"),
            alt.Tooltip("exports_bn_usd:Q", title="All exports over the same months, bn USD", format=",.2f"),
            alt.Tooltip("coverage:N", title="Months in source"),
            alt.Tooltip("source:N", title="Total from"),
        ],
    )
    bars = base.mark_bar(color=NEUTRAL).encode(
        y=alt.Y("share_pct:Q", title="% of all exports"),
        opacity=alt.condition("datum.partial", alt.value(0.4), alt.value(1)),
    )
    flags = base.transform_filter("datum.partial").mark_text(dy=-8, fontSize=11).encode(y="share_pct:Q", text="flag:N")
    partial = d[d["partial"]]
    spans = [compute.period_of(ds, "oil_exports", int(y)) for y in partial["year"]]
    note = periods.sentences(spans)
    behind = [y for y in ds.years if y > int(d["year"].max())]
    title = headline(
        "Crude oil's share of export revenue",
        (
            _earned(last["share_pct"], year)
            if last is not None
            else Phrase("No crude-oil figure for {year} yet.", year=year)
        ),
        _pale(spans) if note else "Every year covers twelve months.",
        *(
            [
                Phrase(
                    "No crude-oil data yet for {years}, which the trade data cover.", years=", ".join(map(str, behind))
                )
            ]
            if behind
            else []
        ),
    )
    key = (
        Phrase(
            "A pale bar marks a year for which the source lacks months of crude exports; its share compares crude "
            "with total exports over the same months: {spans}.",
            spans={SOURCE: note} | {lang: "; ".join(formatting.period(p, lang) for p in spans) for lang in TRANSLATED},
        )
        if note
        else "Every year covers twelve months of crude exports."
    )
    chart = (bars + flags if not partial.empty else bars).properties(width="container", height=240, title=title)
    table = d[["year", "period", "value_bn_usd", "exports_bn_usd", "share_pct", "months_covered", "source"]].round(2)
    return Card(
        "oil_share",
        chart,
        table,
        f"{COMPILATION}: crude oil exports (HS 2709.00) and total exports; 2019 total exports from WITS. The paper's "
        "oil share for 2024 cites BNS's foreign trade turnover for January-December 2024.",
        ("oil_exports", "trade_totals"),
        "Bar chart of crude oil's share of Kazakhstan's total exports by year, with partial years marked.",
        key,
        words=said | short | words.own_words(FULL_YEAR, *d["status"].unique()),
    )


def _flags(d) -> dict[str, dict]:
    """Each partial year's flag ("11 mo.") in `d["flag"]` (empty for a whole year), and the flags' pieces."""
    short = {int(m): words.made("{months} mo.", months=int(m)) for m in d.loc[d["partial"], "months_covered"]}
    d["flag"] = [short[int(m)][words.TEXT] if p else "" for m, p in zip(d["months_covered"], d["partial"], strict=True)]
    return {p[words.TEXT]: p for p in short.values()}


def _pale(spans: list[periods.Period]) -> Phrase:
    """What the pale bars are: the months each partial year covers, in every language."""
    note = {SOURCE: periods.sentences(spans)} | {
        lang: "; ".join(formatting.period(p, lang) for p in spans) for lang in TRANSLATED
    }
    return Phrase("Pale bar: {note}; its share compares crude with all exports of those months.", note=note)


def _period_words(ds: Dataset, d) -> dict[str, dict]:
    """The months each partial year covers, as every language says them."""
    out = {}
    for year, text in zip(d.loc[d["partial"], "year"], d.loc[d["partial"], "period"], strict=True):
        period = compute.period_of(ds, "oil_exports", int(year))
        out[text] = words.shown({SOURCE: text} | {lang: formatting.period(period, lang) for lang in TRANSLATED})
    return out


def _exposure(ds: Dataset, year: int, cpc_share_pct: float | None, days: int) -> pd.DataFrame:
    """The one row the CPC explorer computes from: crude and all exports of `year`, and the days its months span."""
    if cpc_share_pct is None:
        raise coverage.Unavailable("claims.csv gives no share of crude for the CPC")
    exposure = compute.cpc_exposure(ds, year, cpc_share_pct, days)
    months = compute.cell(ds, "oil_exports", "months_covered", year=year)
    return pd.DataFrame(
        [
            {
                "year": year,
                "oil_bn_usd": float(exposure["oil_bn_usd"]),
                "exports_bn_usd": float(exposure["exports_bn_usd"]),
                "days_in_data": float(months * compute.DAYS_PER_YEAR / periods.MONTHS_IN_YEAR),
            }
        ]
    )


# A declarative chart spec.
def cpc_explorer(ds: Dataset, year: int, cpc_share_pct: float | None, days: int) -> Card:
    """Sliders for the CPC's share of crude and days of disruption; revenue at risk computed in the chart."""
    title = Phrase("What a CPC stoppage would put at risk ({year})", year=year)
    try:
        d = _exposure(ds, year, cpc_share_pct, days)
    except coverage.Unavailable as gap:
        return unavailable("cpc_explorer", title, gap, ("oil_exports", "trade_totals", "claims"))
    share_p = alt.param(
        name="cpc_share",
        value=cpc_share_pct,
        bind=alt.binding_range(min=0, max=100, step=1, name="Share of crude through the CPC (%) "),
    )
    days_p = alt.param(
        name="days", value=days, bind=alt.binding_range(min=0, max=365, step=1, name="Days of disruption ")
    )
    calc = (
        alt.Chart(d)
        .transform_calculate(
            at_risk="datum.oil_bn_usd * cpc_share / 100 * days / datum.days_in_data",
        )
        .transform_calculate(
            at_risk_pct="100 * datum.at_risk / datum.exports_bn_usd",
            label=words.vega(AT_RISK[words.TEMPLATE], AT_RISK[words.VALUES]),
        )
    )
    # The result sits in its own band above the bar, clear of the axis.
    bar = calc.mark_bar(color=PARTNER_COLOURS["RU"], height=22).encode(
        x=alt.X(
            "at_risk:Q",
            title="Export revenue at risk, bn USD",
            scale=alt.Scale(domain=[0, float(d["oil_bn_usd"].iloc[0])]),
        ),
        y=alt.value(56),
        tooltip=[
            alt.Tooltip("at_risk:Q", title="At risk, bn USD", format=",.2f"),
            alt.Tooltip("at_risk_pct:Q", title="Share of all exports (%)", format=".1f"),
        ],
    )
    text = calc.mark_text(align="left", baseline="middle", fontSize=12, fontWeight="bold").encode(
        x=alt.value(0), y=alt.value(18), text="label:N"
    )
    chart = (
        (bar + text)
        .add_params(share_p, days_p)
        .properties(
            width="container",
            height=72,
            title=headline(
                title,
                "Move the sliders: revenue at risk = crude exports × CPC share × days ÷ days in the year.",
                "Assumes crude ships evenly through the year and no other route takes up the slack.",
            ),
        )
    )
    table = d.assign(default_cpc_share_pct=cpc_share_pct, default_days=days).round(2)
    return Card(
        "cpc_explorer",
        chart,
        table,
        Phrase(CPC_SOURCE, year=year),
        ("oil_exports", "trade_totals", "claims"),
        Phrase(CPC_DESCRIPTION, year=year),
        expressions={"label": AT_RISK},
    )
