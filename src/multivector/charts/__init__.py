"""The book's Altair charts: one theme, one colour per partner, and a card with source, table and CSV.

Over 300 lines because it declares every chart of the book, each with the words that describe it.
"""

from __future__ import annotations

import json
import textwrap
import urllib.parse
from dataclasses import dataclass
from functools import cached_property

import altair as alt
import pandas as pd

from multivector import paths, text
from multivector.analysis import compute
from multivector.analysis.compute import REST_OF_WORLD
from multivector.data import coverage, periods
from multivector.data.dataset import Dataset
from multivector.sections import Timeline

# Okabe-Ito: distinguishable with the common forms of colour blindness. One colour per partner, everywhere.
PARTNER_COLOURS = {
    "RU": "#D55E00",
    "CN": "#E69F00",
    "EU27": "#0072B2",
    "TR": "#CC79A7",
    "US": "#009E73",
    REST_OF_WORLD: "#8C8C8C",
}
SPARE_COLOURS = ("#56B4E9", "#F0E442", "#000000")
FLOW_COLOURS = {"exports": "#0072B2", "imports": "#D55E00", "balance": "#4D4D4D"}
EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
SOURCES_PAGE = f"../{paths.page('data_sources')}.html"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def theme() -> dict:
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 320, "continuousHeight": 240},
            "title": {"anchor": "start", "fontSize": 15, "subtitleFontSize": 12, "subtitleColor": "#444", "offset": 10},
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#e6e6e6", "labelLimit": 140},
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom", "columns": 2},
            "header": {"labelFontSize": 12, "titleFontSize": 12},
        }
    }


alt.theme.register("multivector", enable=True)(theme)


# How many named partners the charts can tell apart by colour; `check` says so when the data name more.
PALETTE_SIZE = len(PARTNER_COLOURS) - 1 + len(SPARE_COLOURS)


def palette(ds: Dataset) -> dict[str, str]:
    """Partner code -> colour for the named partners the charts colour: those with a fixed colour, then the spare
    colours in the order of partners.csv. Partners beyond it are counted with the rest of the world (see `_fold`)."""
    traded = set(ds["trade_partners"]["partner"])
    spare = iter(SPARE_COLOURS)
    out = {}
    for code in ds.partner_names():
        colour = PARTNER_COLOURS.get(code) or (next(spare, None) if code in traded else None)
        if colour and code in traded:
            out[code] = colour
    return out


def uncoloured(ds: Dataset) -> list[str]:
    """Codes of the traded partners the palette has no colour for, in the order of partners.csv."""
    traded, colours = set(ds["trade_partners"]["partner"]), palette(ds)
    return [code for code in ds.partner_names() if code in traded and code not in colours]


def partner_scale(ds: Dataset, names: dict[str, str] | None = None) -> alt.Scale:
    """A colour scale over partner *names* that gives every coloured partner its fixed colour."""
    colours = palette(ds) | {REST_OF_WORLD: PARTNER_COLOURS[REST_OF_WORLD]}
    names = names or (ds.partner_names() | {REST_OF_WORLD: compute.REST_OF_WORLD_NAME})
    shown = {code: name for code, name in names.items() if code in colours}
    return alt.Scale(domain=list(shown.values()), range=[colours[code] for code in shown])


def _fold(ds: Dataset, d: pd.DataFrame, rest_name: str) -> tuple[pd.DataFrame, str]:
    """Partners beyond the palette counted in `rest_name`, and a sentence saying which (empty when none)."""
    extra = [code for code in uncoloured(ds) if code in set(d["partner"])]
    if not extra:
        return d, ""
    d = d.copy()
    d.loc[d["partner"].isin(extra), ["partner", "name"]] = [REST_OF_WORLD, rest_name]
    keys = ["year", "flow", "partner", "name", "total_bn_usd", "status"]
    d = d.groupby(keys, as_index=False, dropna=False, sort=False)[["value_bn_usd", "share_pct"]].sum()
    names = ds.partner_names()
    return d, (
        f"{', '.join(names[c] for c in extra)} counted in {rest_name}: "
        f"the charts colour at most {PALETTE_SIZE} named partners."
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

    def spec(self) -> dict:
        return self.chart.properties(description=self.description).to_dict()

    def csv(self) -> str:
        return f"# Source: {self.source}\n" + self.table.to_csv(index=False)

    def _chart_html(self) -> str:
        """The chart as a picture, plus the spec the interactive view is drawn from when it nears the screen."""
        from multivector.charts import pictures as static_charts

        spec = self.spec()
        around = static_charts.overhead(self.name, spec)
        picture = static_charts.picture(self.name, spec, self.description, around=around)
        # JSON inside <script> must not be able to close the tag, whatever the data says.
        payload = json.dumps({"spec": spec, "options": EMBED_OPTIONS})
        safe = text.script_json(payload)
        return (
            f"{picture}"
            f'<script type="application/json" class="mv-spec" data-mv-overhead="{around:g}" '
            f'data-mv-columns="{static_charts.columns(spec)}">{safe}</script>'
        )

    def _repr_html_(self) -> str:
        return self.html

    @cached_property
    def html(self) -> str:
        """The card's markup, drawn once (IPython would swallow an error raised inside _repr_html_)."""
        e = text.html
        links = " · ".join(f'<a href="{SOURCES_PAGE}#resource-{e(r)}">{e(r)}</a>' for r in self.resources)
        csv_href = "data:text/csv;charset=utf-8," + urllib.parse.quote(self.csv())
        table = self.table.rename_axis(columns=None).to_html(
            index=False, escape=True, border=0, classes="mv-table", float_format=lambda x: f"{x:,.2f}"
        )
        return (
            # Vega labels the chart itself with the description (role graphics-document); a role="img" wrapper
            # would hide the sliders inside it from assistive technology.
            f'<div class="mv-chart" id="card-{e(self.name)}">'
            f"{self._chart_html()}</div>"
            f'<p class="mv-source">Source: {e(self.source.rstrip("."))}. Data: {links}. '
            f'<a class="mv-csv" href="{e(csv_href)}" download="{e(self.name)}.csv">Download the data (CSV)</a></p>'
            f'<details class="mv-table-alt"><summary>Data table</summary>{table}</details>'
        )


def _status_note(frame: pd.DataFrame) -> str:
    prelim = sorted(frame.loc[frame["status"] == "preliminary", "year"].unique()) if "status" in frame else []
    return f" {', '.join(map(str, prelim))} preliminary." if prelim else ""


BNS = "Bureau of National Statistics of Kazakhstan (BNS)"
# Characters per line that still fit the 272 px column of the narrowest screen the pages serve (audit.REFLOW_WIDTH,
# 320 px) at the theme's title and subtitle sizes; the browser tests check every chart at that width.
TITLE_CHARS, SUBTITLE_CHARS = 28, 38


def _title(title: str, *subtitle: str) -> alt.Title:
    """A title and a takeaway subtitle, wrapped so that neither is wider than a phone screen."""
    lines = [line for text in subtitle for line in textwrap.wrap(text, SUBTITLE_CHARS)]
    return alt.Title(textwrap.wrap(title, TITLE_CHARS), subtitle=lines)


def trade_by_partner(ds: Dataset, year: int, top: int = 4) -> Card:
    """The paper's Figure 1: imports and exports by partner in the reference year, value and share. Long, as a chart's declaration is: its data, marks, encodings and the words describing them sit together, so they cannot drift apart."""
    d, folded = _fold(ds, compute.top_partners(ds, year, top), "Others")
    d["flow_label"] = d["flow"].str.capitalize()
    d["share_label"] = d["share_pct"].map(lambda s: f"{s:.1f} %")
    names = ds.partner_names() | {REST_OF_WORLD: "Others"}
    lead_imp = compute.largest_partner(ds, year, "imports")
    lead_exp = compute.largest_partner(ds, year, "exports")
    sel = alt.selection_point(fields=["name"], bind="legend")
    base = alt.Chart(d).encode(
        y=alt.Y("name:N", sort=alt.EncodingSortField("value_bn_usd", op="max", order="descending"), title=None),
        color=alt.Color("name:N", scale=partner_scale(ds, names), title="Partner"),
        tooltip=[
            alt.Tooltip("name:N", title="Partner"),
            alt.Tooltip("flow_label:N", title="Flow"),
            alt.Tooltip("value_bn_usd:Q", title="Value, bn USD", format=",.2f"),
            alt.Tooltip("share_label:N", title="Share of flow"),
        ],
    )
    # Room to the right of the longest bar for its share label.
    x = alt.X(
        "value_bn_usd:Q", title="bn USD", scale=alt.Scale(domain=[0, 1.25 * float(d["value_bn_usd"].max())], nice=False)
    )
    bars = base.mark_bar().encode(x=x, opacity=alt.condition(sel, alt.value(1), alt.value(0.25))).add_params(sel)
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(x=x, text="share_label:N")
    key = "Bars: value in bn USD; labels: each partner's share of the flow."
    chart = (
        (bars + labels)
        .properties(width=230, height=150)
        .facet(row=_flow_rows())
        .resolve_scale(y="independent")
        .properties(
            title=_title(
                f"Kazakhstan's largest trade partners, {year}",
                f"{lead_imp['name']} is the largest supplier ({lead_imp['share_pct']:.1f} % of imports); "
                f"{lead_exp['name']} the largest buyer ({lead_exp['share_pct']:.1f} % of exports).",
                f"{key} Click a partner in the legend to highlight it; shift-click it again to show all.",
                folded,
            )
        )
    )
    table = d[["flow", "name", "value_bn_usd", "share_pct"]].rename(
        columns={"name": "partner", "value_bn_usd": "value (bn USD)", "share_pct": "share (%)"}
    )
    return Card(
        "trade_by_partner",
        chart,
        table.round(2),
        f"{BNS}, main indicators of foreign trade for {year}.{_status_note(d)}",
        ("trade_partners", "trade_totals"),
        f"Horizontal bar chart of Kazakhstan's imports and exports in {year} by partner, with each partner's share.",
        key,
    )


def _flow_rows() -> alt.Row:
    """Imports above exports, each panel headed by its flow: the facet both trade charts share."""
    return alt.Row(
        "flow_label:N",
        title=None,
        sort=["Imports", "Exports"],
        header=alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start", labelFontWeight="bold"),
    )


def _share_change(ds: Dataset, flow: str, partner: str, first: int, last: int) -> str:
    """How a partner's share of a flow moved, between the first and last of the years from `first` to `last` that
    have its row (earlier years may lack a partner: the comparison then starts later, and says so by its years)."""
    name = ds.partner_names()[partner]
    t = ds["trade_partners"]
    have = sorted(int(y) for y in t.loc[(t["flow"] == flow) & (t["partner"] == partner), "year"] if first <= y <= last)
    old, new = (
        coverage.maybe(lambda y=y: compute.share(ds, y, flow, partner)) for y in (have[:1] + have[-1:] or [first, last])
    )
    if len(have) < 2 or old is None or new is None:
        return f"{name}'s share of {flow} cannot be compared between {first} and {last} (too few years have its row)"
    return f"{name}'s share of {flow} went from {old:.1f} % in {have[0]} to {new:.1f} % in {have[-1]}"


def unavailable(name: str, title: str, gap: coverage.Unavailable, resources: tuple[str, ...]) -> Card:
    """The card a chart becomes when the data cannot give it: its title, and the sentence saying why."""
    sentence = gap.sentence[0].upper() + gap.sentence[1:] + "."
    note = pd.DataFrame([{"note": sentence}])
    chart = (
        alt.Chart(note)
        .mark_text(fontSize=13, align="left", x=0, y=12)
        .encode(text="note:N")
        .properties(width="container", height=24, title=_title(title, sentence))
    )
    return Card(name, chart, note, "no data for this chart in this edition", resources, f"{title}: {sentence}")


def partner_shares(ds: Dataset, year: int) -> Card:
    """Partner shares of imports and exports over all years, click a partner to highlight it; the takeaway is for
    the reference year. Long, as a chart's declaration is: its data, marks, encodings and the words describing them sit together, so they cannot drift apart."""
    d, folded = _fold(ds, compute.partner_values(ds), compute.REST_OF_WORLD_NAME)
    d["flow_label"] = d["flow"].str.capitalize()
    first, last = int(d["year"].min()), year
    sel = alt.selection_point(fields=["name"], bind="legend")
    chart = (
        alt.Chart(d)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share_pct:Q", title="Share of flow (%)"),
            color=alt.Color("name:N", scale=partner_scale(ds), title="Partner"),
            opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("name:N", title="Partner"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("flow_label:N", title="Flow"),
                alt.Tooltip("share_pct:Q", title="Share (%)", format=".1f"),
                alt.Tooltip("value_bn_usd:Q", title="Value, bn USD", format=",.2f"),
            ],
        )
        .add_params(sel)
        .properties(width=260, height=170)
        .facet(row=_flow_rows())
        .properties(
            title=_title(
                "Who Kazakhstan trades with, year by year",
                _share_change(ds, "imports", "RU", first, last)
                + "; "
                + _share_change(ds, "imports", "CN", first, last)
                + ".",
                "Click a partner in the legend to highlight it; shift-click it again to show all.",
                folded,
            )
        )
    )
    table = d[["year", "flow", "name", "value_bn_usd", "share_pct"]].rename(
        columns={"name": "partner", "value_bn_usd": "value (bn USD)", "share_pct": "share (%)"}
    )
    return Card(
        "partner_shares",
        chart,
        table.round(2),
        f"{BNS}, compiled annual trade by partner.{_status_note(d)}",
        ("trade_partners", "trade_totals"),
        "Line chart of each partner's share of Kazakhstan's imports and of its exports, by year.",
    )


def concentration(ds: Dataset, year: int) -> Card:
    """Effective number of partners (inverse HHI) over time, for imports and exports; the takeaway is for the
    reference year. Long, as a chart's declaration is: its data, marks, encodings and the words describing them sit together, so they cannot drift apart."""
    d = compute.concentration(ds)
    d["flow_label"] = d["flow"].str.capitalize()
    last = d[d["year"] == year].set_index("flow")["effective_partners"]
    chart = (
        alt.Chart(d)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("effective_partners:Q", title="Effective number of partners", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "flow_label:N",
                title="Flow",
                scale=alt.Scale(
                    domain=["Imports", "Exports"], range=[FLOW_COLOURS["imports"], FLOW_COLOURS["exports"]]
                ),
            ),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("flow_label:N", title="Flow"),
                alt.Tooltip("hhi:Q", title="HHI", format=".3f"),
                alt.Tooltip("effective_partners:Q", title="Effective partners", format=".2f"),
            ],
        )
        .properties(
            width="container",
            height=220,
            title=_title(
                "How evenly trade is spread across partners",
                f"In {year} imports behaved as if split among {last['imports']:.1f} equal partners, "
                f"exports among {last['exports']:.1f}.",
                "Effective partners = 1 / Herfindahl-Hirschman index of partner shares; rest of world counts as one "
                "partner, so the true spread is wider.",
            ),
        )
    )
    table = d[["year", "flow", "hhi", "effective_partners"]].round(3)
    return Card(
        "concentration",
        chart,
        table,
        f"{BNS}, compiled annual trade by partner; computed by this edition.",
        ("trade_partners", "trade_totals"),
        "Line chart of the effective number of trade partners for imports and exports by year.",
    )


def russia_trade(ds: Dataset, year: int) -> Card:
    """Exports to, imports from and balance with Russia by year; the takeaway is for the reference year. Long, as a chart's declaration is: its data, marks, encodings and the words describing them sit together, so they cannot drift apart."""
    d = compute.russia_trade(ds)
    # A year with only one flow for Russia has no balance: it is left out, and the subtitle says so (`gap`).
    d = d.dropna(subset=["exports", "imports"])
    long = d.melt(
        id_vars=["year", "status"], value_vars=["exports", "imports", "balance"], var_name="series", value_name="bn_usd"
    )
    labels = {"exports": "Exports to Russia", "imports": "Imports from Russia", "balance": "Balance"}
    long["series_label"] = long["series"].map(labels)
    upto = d[d["year"] <= year]
    deficits = int((upto["balance"] < 0).sum())
    takeaway = (
        f"Kazakhstan bought more from Russia than it sold there in {deficits} of {len(upto)} years "
        f"({int(upto['year'].min())}-{int(upto['year'].max())})."
    )
    lacking = [y for y in ds.years if y not in set(d["year"])]
    gap = f" No rows for trade with Russia in {', '.join(map(str, lacking))}." if lacking else ""
    prelim = sorted(int(y) for y in d.loc[d["status"] == "preliminary", "year"])
    # The lines are solid throughout: preliminary years are named here and in the tooltip, not drawn differently.
    key = (
        f"Figures for {', '.join(map(str, prelim))} are preliminary; the tooltip gives each point's status."
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
            title=_title("Trade with Russia", takeaway, "Balance = exports minus imports." + _status_note(d) + gap),
        )
    )
    return Card(
        "russia_trade",
        chart,
        d.round(2),
        f"{BNS}, compiled annual trade by partner.{_status_note(d)}",
        ("trade_partners", "trade_totals"),
        "Line chart of Kazakhstan's exports to and imports from Russia and the balance, by year.",
        key,
    )


def oil_share(ds: Dataset, year: int) -> Card:
    """Crude oil's share of export revenue by year, partial years pale; the takeaway is for the reference year. Long, as a chart's declaration is: its data, marks, encodings and the words describing them sit together, so they cannot drift apart."""
    d = compute.oil_share(ds)
    d["coverage"] = [p if part else "full year" for p, part in zip(d["period"], d["partial"], strict=True)]
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
    bars = base.mark_bar(color="#4D4D4D").encode(
        y=alt.Y("share_pct:Q", title="% of all exports"),
        opacity=alt.condition("datum.partial", alt.value(0.4), alt.value(1)),
    )
    flags = (
        base.transform_filter("datum.partial")
        .transform_calculate(flag="datum.months_covered + ' mo.'")
        .mark_text(dy=-8, fontSize=11)
        .encode(y="share_pct:Q", text="flag:N")
    )
    partial = d[d["partial"]]
    note = periods.sentences(compute.period_of(ds, "oil_exports", int(y)) for y in partial["year"])
    behind = [y for y in ds.years if y > int(d["year"].max())]
    title = _title(
        "Crude oil's share of export revenue",
        (
            f"Crude oil earned {last['share_pct']:.1f} % of export revenue in {year}."
            if last is not None
            else f"No crude-oil figure for {year} yet."
        ),
        f"Pale bar: {note}; its share compares crude with all exports of those months."
        if note
        else "Every year covers twelve months.",
        *([f"No crude-oil data yet for {', '.join(map(str, behind))}, which the trade data cover."] if behind else []),
    )
    key = (
        f"A pale bar marks a year for which the source lacks months of crude exports; its share compares crude with "
        f"total exports over the same months: {note}."
        if note
        else "Every year covers twelve months of crude exports."
    )
    chart = (bars + flags if not partial.empty else bars).properties(width="container", height=240, title=title)
    table = d[["year", "period", "value_bn_usd", "exports_bn_usd", "share_pct", "months_covered", "source"]].round(2)
    return Card(
        "oil_share",
        chart,
        table,
        f"{BNS}, crude oil exports (HS 2709.00) and total exports; 2019 total exports from WITS.",
        ("oil_exports", "trade_totals"),
        "Bar chart of crude oil's share of Kazakhstan's total exports by year, with partial years marked.",
        key,
    )


def cpc_explorer(ds: Dataset, year: int, cpc_share_pct: float | None, days: int = 30) -> Card:
    """Sliders for the CPC's share of crude and days of disruption; revenue at risk computed in the chart. Long, as a chart's declaration is: its data, marks, encodings and the words describing them sit together, so they cannot drift apart."""
    title = f"What a CPC stoppage would put at risk ({year})"
    try:
        if cpc_share_pct is None:
            raise coverage.Unavailable("claims.csv gives no share of crude for the CPC")
        exposure = compute.cpc_exposure(ds, year, cpc_share_pct, days)
        months = compute.cell(ds, "oil_exports", "months_covered", year=year)
    except coverage.Unavailable as gap:
        return unavailable("cpc_explorer", title, gap, ("oil_exports", "trade_totals", "claims"))
    d = pd.DataFrame(
        [
            {
                "year": year,
                "oil_bn_usd": float(exposure["oil_bn_usd"]),
                "exports_bn_usd": float(exposure["exports_bn_usd"]),
                "days_in_data": float(months * compute.DAYS_PER_YEAR / periods.MONTHS_IN_YEAR),
            }
        ]
    )
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
            label="format(datum.at_risk, ',.2f') + ' bn USD at risk = ' + format(datum.at_risk_pct, '.1f') + ' % of exports'",
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
            title=_title(
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
        f"{BNS}, crude oil exports and total exports for {year}; CPC share from the paper.",
        ("oil_exports", "trade_totals", "claims"),
        f"Interactive bar showing export revenue at risk from a CPC disruption in {year}, with sliders.",
    )


def inflation(ds: Dataset, worried_pct: float | None) -> Card:
    """Long, as a chart's declaration is: its data, marks, encodings and the words describing them sit together, so they cannot drift apart."""
    d = compute.inflation(ds)
    marks = compute.events(ds, ids=["january_protests", "full_scale_invasion"])[["start", "label", "when"]]
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
    dashes = "Dashed lines: " + "; ".join(f"{r.label} ({r.when})" for r in marks.itertuples()) + "."
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3], color="#4D4D4D", strokeWidth=2)
        .encode(x="start:T", tooltip=[alt.Tooltip("label:N", title="Event"), alt.Tooltip("when:N", title="When")])
    )
    subtitle = [
        f"Prices rose fastest in {pd.Timestamp(peak['date']).strftime('%B %Y')}, "
        f"{peak['inflation_pct']:.1f} % above a year earlier.",
        dashes,
    ]
    if worried_pct is not None:
        subtitle.append(f"In an autumn 2024 survey, {worried_pct:.0f} % of respondents said inflation worried them.")
    chart = (line + points + rules).properties(
        width="container", height=260, title=_title("Consumer price inflation in Kazakhstan", *subtitle)
    )
    return Card(
        "inflation",
        chart,
        d[["month", "inflation_pct"]].round(1),
        f"{BNS}, consumer price index against the same month a year earlier; survey: Friedrich-Ebert-Stiftung, Security Radar 2025.",
        ("cpi_yoy", "events", "claims"),
        "Line chart of monthly consumer price inflation with the January 2022 protests and the war marked.",
        dashes,
    )


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
        title=_title(
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
    )


def indicators(ds: Dataset, year: int, baseline: int = 2021) -> Card:
    """Long, as a chart's declaration is: its data, marks, encodings and the words describing them sit together, so they cannot drift apart."""
    d = compute.indicators(ds, year, baseline)
    gaps = d[d["missing"] != ""]
    # A figure the data cannot give has no bar; the subtitle says which and why.
    said = [f"{r.label}, {r.year}: {r.missing}." for r in gaps.itertuples()]
    said += [
        f"Inflation for {c.year} averages {c.period} only."
        for c in (coverage.cover(ds, "cpi_yoy", y) for y in (baseline, year))
        if c.partial
    ]
    said += [
        f"Crude oil's share for {c.year} covers {c.period} only."
        for c in (coverage.cover(ds, "oil_exports", y) for y in (baseline, year))
        if c.partial
    ]
    d = d[d["missing"] == ""].drop(columns="missing")
    d["year_label"] = d["year"].astype(str)
    colours = {"baseline": ("#BDBDBD", "Grey"), "reference": ("#0072B2", "blue")}
    key = (
        f"{colours['baseline'][1]} bars: {baseline}; {colours['reference'][1]} bars: {year}. "
        "Each panel has its own scale."
    )
    chart = (
        alt.Chart(d)
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
        .properties(title=_title(f"Key indicators, {baseline} and {year}", f"Grey: {baseline}; blue: {year}.", *said))
    )
    table = d[["label", "unit", "year", "value"]].round(2)
    return Card(
        "indicators",
        chart,
        table,
        f"{BNS}; computed by this edition.",
        ("trade_partners", "trade_totals", "oil_exports", "cpi_yoy"),
        f"Small multiples comparing six indicators in {baseline} and {year}.",
        key,
    )
