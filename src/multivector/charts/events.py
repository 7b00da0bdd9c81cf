"""The timeline of a section's dated events, each with its source."""

from __future__ import annotations

import altair as alt
import pandas as pd

from multivector.analysis import compute
from multivector.charts import words
from multivector.charts.card import Card, headline
from multivector.charts.theme import PARTNER_COLOURS
from multivector.data.dataset import Dataset
from multivector.i18n import SOURCE, TRANSLATED, formatting
from multivector.sections import Timeline


def event_words(e: pd.DataFrame) -> dict[str, dict]:
    """The words of events (compute.events) a chart shows: each label as events.csv keeps it, and each date as a
    reader of every language says it at its source's precision."""
    when = lambda r: words.shown(  # noqa: E731
        {SOURCE: r["when"]} | {lang: formatting.moment(r["date"], r["precision"], lang) for lang in TRANSLATED}
    )
    label = lambda r: words.data("events", "label", r["id"], r["label"])  # noqa: E731
    return words.column(e, "label", label) | words.column(e, "when", when)


def timeline(ds: Dataset, which: Timeline) -> Card:
    """A section's timeline (see sections.TABLE): the dated events of the sections it names, glued under its name."""
    e = compute.events(ds, sections=which.events_of).reset_index(drop=True)
    e["lane"] = e.index  # one row per event: labels never collide
    # Labels of events in the later half point left, so none runs off the right edge.
    midpoint = e["start"].min() + (e["start"].max() - e["start"].min()) / 2
    e["late"] = e["start"] > midpoint
    base = alt.Chart(e).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0)),
        y=alt.Y("lane:O", axis=None),
    )
    dots = base.mark_circle(size=140, color=PARTNER_COLOURS["RU"]).encode(
        tooltip=[
            alt.Tooltip("when:N", title="When"),
            alt.Tooltip("label:N", title="Event"),
            alt.Tooltip("source_key:N", title="Source (see references)"),
        ]
    )
    early = base.transform_filter("!datum.late").mark_text(align="left", dx=9, fontSize=11).encode(text="when:N")
    late = base.transform_filter("datum.late").mark_text(align="right", dx=-9, fontSize=11).encode(text="when:N")
    chart = (dots + early + late).properties(
        width="container",
        height=22 * len(e) + 10,
        title=headline(
            "Dated events the paper discusses",
            "Hover a dot for the event and its source; dates carry the precision their source gives.",
        ),
    )
    table = e[["when", "label", "source_key"]].rename(columns={"source_key": "source"})
    return Card(
        which.name,
        chart,
        table,
        "FIIA Briefing Paper 429 and the sources its footnotes name",
        ("events",),
        "Timeline of the dated events the paper discusses, each with its source.",
        words=event_words(e),
    )
