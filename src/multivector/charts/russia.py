"""The chart of Kazakhstan's trade with Russia: exports, imports and the balance, year by year."""

from __future__ import annotations

import altair as alt

from multivector.analysis import compute
from multivector.charts import words
from multivector.charts.card import COMPILATION, Card, headline, preliminary, sourced
from multivector.charts.phrases import Phrase
from multivector.charts.theme import FLOW_COLOURS
from multivector.data.dataset import Dataset


def _series(ds: Dataset) -> dict[str, dict]:
    """The lines' labels by series, as pieces: the partner's name is the data's."""
    russia = words.partner("RU", ds.partner_names()["RU"])
    return {
        "exports": words.made("Exports to {partner}", partner=russia),
        "imports": words.made("Imports from {partner}", partner=russia),
        "balance": words.own("Balance"),
    }


def _takeaway(upto) -> Phrase:
    """In how many of the years up to the reference year Kazakhstan bought more from Russia than it sold there."""
    return Phrase(
        "Kazakhstan bought more from Russia than it sold there in {deficits} of {years} years ({first}-{last}).",
        deficits=int((upto["balance"] < 0).sum()),
        years=len(upto),
        first=int(upto["year"].min()),
        last=int(upto["year"].max()),
    )


# A declarative chart spec.
def russia_trade(ds: Dataset, year: int) -> Card:
    """Exports to, imports from and balance with Russia by year; the takeaway is for the reference year."""
    d = compute.russia_trade(ds)
    # A year with only one flow for Russia has no balance: it is left out, and the subtitle says so (`gap`).
    d = d.dropna(subset=["exports", "imports"])
    long = d.melt(
        id_vars=["year", "status"], value_vars=["exports", "imports", "balance"], var_name="series", value_name="bn_usd"
    )
    said = _series(ds)
    labels = {series: piece[words.TEXT] for series, piece in said.items()}
    long["series_label"] = long["series"].map(labels)
    takeaway = _takeaway(d[d["year"] <= year])
    lacking = [y for y in ds.years if y not in set(d["year"])]
    gap = Phrase("No rows for trade with Russia in {years}.", years=", ".join(map(str, lacking))) if lacking else ""
    prelim = sorted(int(y) for y in d.loc[d["status"] == "preliminary", "year"])
    # The lines are solid throughout: preliminary years are named here and in the tooltip, not drawn differently.
    key = (
        Phrase(
            "Figures for {years} are preliminary; the tooltip gives each point's status.",
            years=", ".join(map(str, prelim)),
        )
        if prelim
        else "All figures shown are final."
    )
    chart = (
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("bn_usd:Q", title="bn USD"),
            color=alt.Color(
                "series_label:N",
                title=None,
                scale=alt.Scale(
                    domain=list(labels.values()),
                    range=[FLOW_COLOURS["exports"], FLOW_COLOURS["imports"], FLOW_COLOURS["balance"]],
                ),
            ),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("series_label:N", title="Series"),
                alt.Tooltip("bn_usd:Q", title="bn USD", format=",.2f"),
                alt.Tooltip("status:N", title="Status"),
            ],
        )
        .properties(
            width="container",
            height=240,
            title=headline("Trade with Russia", takeaway, "Balance = exports minus imports.", preliminary(d), gap),
        )
    )
    return Card(
        "russia_trade",
        chart,
        d.round(2),
        sourced(f"{COMPILATION}: annual trade with Russia.", d),
        ("trade_partners", "trade_totals"),
        "Line chart of Kazakhstan's exports to and imports from Russia and the balance, by year.",
        key,
        words={p[words.TEXT]: p for p in said.values()} | words.own_words(*d["status"].unique()),
    )
