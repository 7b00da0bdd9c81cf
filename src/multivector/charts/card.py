"""What a page shows of a chart: the `Card` (chart, source, table, CSV), its headline, and a missing chart's card."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import cached_property

import altair as alt
import pandas as pd

from multivector import paths
from multivector.charts.card_html import SUBTITLE_CHARS, TITLE_CHARS, markup
from multivector.charts.phrases import Phrase
from multivector.data import coverage

BNS = "Bureau of National Statistics of Kazakhstan (BNS)"
# What the trade, oil and price charts are drawn from: the bundled tables, derived from this compilation (data/README.md).
# The publications of BNS that the paper cites are named separately, as what the paper cites.
COMPILATION = (
    "makenerzhan-gif/kazakhstan-economic-data, a third-party compilation of official series of the " + BNS + ", "
    "not an official publication"
)


@dataclass
class Card:
    """A chart with its description, source line, data table and CSV download: what a page shows."""

    name: str
    chart: alt.TopLevelMixin
    table: pd.DataFrame
    source: str
    resources: tuple[str, ...]
    description: str
    # What the marks mean (dashes, pale bars, colours), written beside the encoding it describes; a page glues it
    # into the figure's caption as `<name>_key`, so the caption cannot promise a mark the chart does not draw.
    key: str = ""
    # The words its data show (charts.words), by their English text, and the texts the chart computes as it is drawn,
    # by the field they are computed into: what a translated card says in its language (translation.card_words).
    words: dict[str, dict] = field(default_factory=dict)
    expressions: dict[str, dict] = field(default_factory=dict)

    def spec(self) -> dict:
        return self.chart.properties(description=self.description).to_dict()

    def csv(self) -> str:
        return f"# Source: {self.source}\n" + self.table.to_csv(index=False)

    def _repr_html_(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The card's parts ride along as the glued output's metadata: the translated stage draws the card again from
        # them in its language (translation.cards), with the same values.
        return {"text/html": self.html}, {paths.METADATA_KEY: {paths.CARD: self.parts()}}

    def parts(self) -> dict:
        """What the card is drawn from, as plain data: name, spec, table (pandas' JSON table schema), source, data."""
        return {
            "name": self.name,
            "spec": self.spec(),
            "table": self.table.to_json(orient="table", index=False),
            "source": self.source,
            # A source line or description that names values (a year) is a phrase: its template and values.
            "source_said": self.source.data() if isinstance(self.source, Phrase) else None,
            "description_said": self.description.data() if isinstance(self.description, Phrase) else None,
            "resources": list(self.resources),
            "description": self.description,
            "csv": self.csv(),
            "headline": getattr(getattr(self.chart, "title", None), "said", None),
            "words": self.words,
            "expressions": self.expressions,
        }

    @cached_property
    def html(self) -> str:
        """The card's markup, drawn once (IPython would swallow an error raised inside _repr_html_)."""
        return markup(self.name, self.spec(), self.table, self.source, self.resources, self.csv())


class Headline(alt.Title):
    """A chart's title and subtitle as Vega-Lite draws them, and (`said`) the phrases they were made of, which the
    card glues with itself for a translated stage (charts.phrases)."""

    said: dict


def headline(title: str, *subtitle: str) -> alt.Title:
    """A title and a takeaway subtitle, wrapped so that neither is wider than a phone screen."""
    lines = [line for words in subtitle for line in textwrap.wrap(words, SUBTITLE_CHARS)]
    made = Headline(textwrap.wrap(title, TITLE_CHARS), subtitle=lines)
    piece = lambda p: p.data() if isinstance(p, Phrase) else {"text": str(p)}  # noqa: E731
    # Not a Vega-Lite property: kept beside the schema's fields, out of the spec.
    object.__setattr__(made, "said", {"text": [piece(title)], "subtitle": [piece(s) for s in subtitle if s]})
    return made


def sourced(template: str, frame: pd.DataFrame | None = None, **values) -> Phrase:
    """A card's source line as a phrase: `template` filled with `values`, then which years of `frame` (by its 'status'
    column) are preliminary, if any."""
    note = preliminary(frame) if frame is not None else ""
    if note:
        template, values = template + " {preliminary}", values | {"preliminary": note}
    return Phrase(template, **values)


def preliminary(frame: pd.DataFrame) -> Phrase | str:
    """'2024 preliminary.' for the preliminary years of a frame with a 'status' column, a headline's phrase; empty
    when none."""
    prelim = sorted(frame.loc[frame["status"] == "preliminary", "year"].unique()) if "status" in frame else []
    return Phrase("{years} preliminary.", years=", ".join(map(str, prelim))) if prelim else ""


def unavailable(name: str, title: str, gap: coverage.Unavailable, resources: tuple[str, ...]) -> Card:
    """The card a chart becomes when the data cannot give it: its title, and the sentence saying why."""
    sentence = gap.sentence[0].upper() + gap.sentence[1:] + "."
    note = pd.DataFrame([{"note": sentence}])
    chart = (
        alt.Chart(note)
        .mark_text(fontSize=13, align="left", x=0, y=12)
        .encode(text="note:N")
        .properties(width="container", height=24, title=headline(title, sentence))
    )
    return Card(name, chart, note, "no data for this chart in this edition", resources, f"{title}: {sentence}")
