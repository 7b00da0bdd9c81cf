"""What a page shows of a chart card, as HTML made from plain data (a spec, a table, a source line): the chart's
picture and the spec of its interactive view, the source line, the CSV download and the data table.

No Altair here: the kernels make a card from an Altair chart (charts.card), and the translated stages draw it again in
their language from the parts the kernel glued (translation.cards), in the build's own process, which has no other use
for Altair (0.6 s to import).
"""

from __future__ import annotations

import json
import urllib.parse

import pandas as pd

from multivector import paths, text
from multivector.charts import pictures

EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
SOURCES_PAGE = f"../{paths.page('data_sources')}.html"
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
