"""The chart of consumer price inflation, month by month, with the events the paper ties to it."""

from __future__ import annotations

import altair as alt
import pandas as pd

from multivector.analysis import compute
from multivector.charts import words
from multivector.charts.card import COMPILATION, Card, headline
from multivector.charts.events import event_words
from multivector.charts.phrases import Phrase, shown
from multivector.charts.theme import NEUTRAL, PARTNER_COLOURS
from multivector.data.dataset import Dataset
from multivector.i18n import formatting


def _peak(peak) -> Phrase:
    when = pd.Timestamp(peak["date"])
    return Phrase(
        "Prices rose fastest in {month}, {pct} above a year earlier.",
        month=shown(when.strftime("%B %Y"), formatting.month_year, when.year, when.month),
        pct=shown(f"{peak['inflation_pct']:.1f} %", formatting.percent, peak["inflation_pct"], 1),
    )


def _worry(worried_pct: float | None) -> list[Phrase]:
    if worried_pct is None:
        return []
    worried = shown(f"{worried_pct:.0f} %", formatting.percent, worried_pct, 0)
    return [Phrase("In an autumn 2024 survey, {pct} of respondents said inflation worried them.", pct=worried)]


def _dashes(marks: pd.DataFrame) -> Phrase:
    """What the dashed lines mark: each event's label and date, as the timeline's words say them."""
    said = event_words(marks)
    each = {
        f"event_{i}": words.made("{label} ({when})", label=said[r.label], when=said[r.when])
        for i, r in enumerate(marks.itertuples(), 1)
    }
    return Phrase("Dashed lines: " + "; ".join(f"{{{k}}}" for k in each) + ".", **each)


def inflation(ds: Dataset, worried_pct: float | None) -> Card:
    """Monthly consumer price inflation with the protests and the war marked; the takeaway is its peak."""
    d = compute.inflation(ds)
    marks = compute.events(ds, ids=["january_protests", "full_scale_invasion"])
    peak = compute.peak_inflation(ds)
    line = (
        alt.Chart(d)
        .mark_line(color=PARTNER_COLOURS["RU"], strokeWidth=2)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("inflation_pct:Q", title="% vs a year earlier"),
        )
    )
    points = (
        alt.Chart(d)
        .mark_point(size=30, opacity=0, filled=True)
        .encode(
            x="date:T",
            y="inflation_pct:Q",
            tooltip=[
                alt.Tooltip("month:N", title="Month"),
                alt.Tooltip("inflation_pct:Q", title="Inflation (%)", format=".1f"),
            ],
        )
    )
    dashes = _dashes(marks)
    rules = (
        alt.Chart(marks[["start", "label", "when"]])
        .mark_rule(strokeDash=[4, 3], color=NEUTRAL, strokeWidth=2)
        .encode(x="start:T", tooltip=[alt.Tooltip("label:N", title="Event"), alt.Tooltip("when:N", title="When")])
    )
    subtitle = [_peak(peak), dashes, *_worry(worried_pct)]
    chart = (line + points + rules).properties(
        width="container", height=260, title=headline("Consumer price inflation in Kazakhstan", *subtitle)
    )
    return Card(
        "inflation",
        chart,
        d[["month", "inflation_pct"]].round(1),
        f"{COMPILATION}: consumer price index against the same month a year earlier; survey: Friedrich-Ebert-Stiftung, "
        "Security Radar 2025, as the paper cites it.",
        ("cpi_yoy", "events", "claims"),
        "Line chart of monthly consumer price inflation with the January 2022 protests and the war marked.",
        dashes,
        words=event_words(marks),
    )
