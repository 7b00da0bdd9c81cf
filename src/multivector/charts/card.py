"""What a page shows of a chart: the `Card` (chart, source, table, CSV), its headline, and a missing chart's card."""

from __future__ import annotations

import json
import textwrap
import urllib.parse
from dataclasses import dataclass, field
from functools import cached_property

import altair as alt
import pandas as pd

from multivector import paths, text
from multivector.charts import pictures
from multivector.charts.phrases import Phrase
from multivector.data import coverage

EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
SOURCES_PAGE = f"../{paths.page('data_sources')}.html"
BNS = "Bureau of National Statistics of Kazakhstan (BNS)"
# What the trade, oil and price charts are drawn from: the bundled tables, derived from this compilation (data/README.md).
# The publications of BNS that the paper cites are named separately, as what the paper cites.
COMPILATION = (
    "makenerzhan-gif/kazakhstan-economic-data, a third-party compilation of official series of the " + BNS + ", "
    "not an official publication"
)
# Characters per line that still fit the 272 px column of the narrowest screen the pages serve (audit.REFLOW_WIDTH,
# 320 px) at the theme's title and subtitle sizes; the browser tests check every chart at that width.
TITLE_CHARS, SUBTITLE_CHARS = 28, 38
# The words of the interactive view's menu (vega-embed's `i18n` option, by its keys) and the name a screen reader
# hears for that menu's icon-only button (static/mv-charts.js sets it).
EMBED_WORDS = {
    "SVG_ACTION": "Save as SVG",
    "PNG_ACTION": "Save as PNG",
    "CLICK_TO_VIEW_ACTIONS": "Click to view actions",
}
ACTIONS_LABEL = "Chart actions: save the chart as SVG or PNG"
# The words around every chart, which a translated page takes from interface.po (translation.cards).
FRAME_WORDS = ("Source:", "Data:", "Download the data (CSV)", "Data table", *EMBED_WORDS.values(), ACTIONS_LABEL)


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


def english(words: str) -> str:
    return words


def markup(
    name: str,
    spec: dict,
    table: pd.DataFrame,
    source: str,
    resources: tuple[str, ...],
    csv: str,
    say=english,
    number=None,
    kept: frozenset[str] = frozenset(),
) -> str:
    """A card's markup: the chart (picture and interactive spec), source line, CSV download and data table; `say`
    gives the frame's words in the page's language, `number` a table's decimal in it (English's "1,234.56" if none);
    `kept`, the texts left in English in a translated card, which are marked `lang="en"`."""
    e = text.html
    shown = e(source.rstrip("."))
    shown = f'<span lang="en">{shown}</span>' if source in kept else shown
    links = " · ".join(f'<a href="{SOURCES_PAGE}#resource-{e(r)}">{e(r)}</a>' for r in resources)
    csv_href = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv)
    return (
        # Vega labels the chart itself with the description (role graphics-document); a role="img" wrapper
        # would hide the sliders inside it from assistive technology.
        f'<div class="mv-chart" id="card-{e(name)}">'
        f"{chart_html(name, spec, kept, say)}</div>"
        f'<p class="mv-source">{e(say("Source:"))} {shown}. {e(say("Data:"))} {links}. '
        f'<a class="mv-csv" href="{e(csv_href)}" download="{e(name)}.csv">{e(say("Download the data (CSV)"))}</a></p>'
        f'<details class="mv-table-alt"><summary>{e(say("Data table"))}</summary>{table_html(table, number, kept)}</details>'
    )


def table_html(table: pd.DataFrame, number=None, kept: frozenset[str] = frozenset()) -> str:
    """The data table, every cell and column name escaped; a text of `kept` marked as English."""
    e = text.html
    frame = table.rename_axis(columns=None)
    float_format = number or (lambda x: f"{x:,.2f}")
    if not kept:
        return frame.to_html(index=False, escape=True, border=0, classes="mv-table", float_format=float_format)
    cell = lambda v: f'<span lang="en">{e(v)}</span>' if v in kept else e(v)  # noqa: E731
    said = {
        e(str(c)): cell
        for c in frame.columns
        if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])
    }
    return frame.rename(columns=lambda c: cell(str(c))).to_html(
        index=False, escape=False, border=0, classes="mv-table", float_format=float_format, formatters=said
    )


def chart_html(name: str, spec: dict, kept: frozenset[str] = frozenset(), say=english) -> str:
    """The chart as a picture, plus the spec the interactive view is drawn from when it nears the screen, with its
    menu's words in the page's language (`say`)."""
    around = pictures.overhead(name, spec)
    picture = pictures.picture(name, spec, spec.get("description", ""), around=around, kept=kept)
    options = {**EMBED_OPTIONS, "i18n": {key: say(words) for key, words in EMBED_WORDS.items()}}
    # JSON inside <script> must not be able to close the tag, whatever the data says.
    payload = json.dumps({"spec": spec, "options": options, "label": say(ACTIONS_LABEL)})
    safe = text.script_json(payload)
    return (
        f"{picture}"
        f'<script type="application/json" class="mv-spec" data-mv-overhead="{around:g}" '
        f'data-mv-columns="{pictures.columns(spec)}">{safe}</script>'
    )


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
