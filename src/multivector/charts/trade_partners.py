"""Charts of trade by partner: the reference year's largest partners (Figure 1), partner shares year by year, and how
evenly trade is spread across partners."""

from __future__ import annotations

import altair as alt
import pandas as pd

from multivector.analysis import compute
from multivector.analysis.compute import REST_OF_WORLD
from multivector.charts import words
from multivector.charts.card import COMPILATION, Card, headline, sourced
from multivector.charts.phrases import Phrase, shown
from multivector.charts.theme import FLOW_COLOURS, PALETTE_SIZE, partner_scale, uncoloured
from multivector.data import coverage
from multivector.data.dataset import Dataset
from multivector.i18n import formatting

# Figure 1's source line and description, templates of the reference year.
FIGURE_1_SOURCE = (
    COMPILATION + ": trade by partner and total trade, {year}. The paper's Figure 1 cites BNS's main indicators of "
    "foreign trade for 2024."
)
FIGURE_1_DESCRIPTION = (
    "Horizontal bar chart of Kazakhstan's imports and exports in {year} by partner, with each partner's share."
)


def _fold(ds: Dataset, d: pd.DataFrame, rest_name: str) -> tuple[pd.DataFrame, Phrase | str]:
    """Partners beyond the palette counted in `rest_name`, and a sentence saying which (empty when none)."""
    extra = [code for code in uncoloured(ds) if code in set(d["partner"])]
    if not extra:
        return d, ""
    d = d.copy()
    d.loc[d["partner"].isin(extra), ["partner", "name"]] = [REST_OF_WORLD, rest_name]
    keys = ["year", "flow", "partner", "name", "total_bn_usd", "status"]
    d = d.groupby(keys, as_index=False, dropna=False, sort=False)[["value_bn_usd", "share_pct"]].sum()
    names = ds.partner_names()
    return d, Phrase(
        "{partners} counted in {rest}: the charts colour at most {palette} named partners.",
        partners=words.listed([words.partner(c, names[c]) for c in extra]),
        rest=words.own(rest_name),
        palette=PALETTE_SIZE,
    )


def _words(d: pd.DataFrame) -> dict[str, dict]:
    """The words of a frame of trade by partner: partners' names (rest of world is the edition's own word), flows."""
    name = lambda r: words.own(r["name"]) if r["partner"] == REST_OF_WORLD else words.partner(r["partner"], r["name"])  # noqa: E731
    return (words.column(d, "name", name) if "name" in d else {}) | _flow_words(d)


def _flow_words(d: pd.DataFrame) -> dict[str, dict]:
    return words.own_words(*d["flow"].unique(), *d["flow_label"].unique())


def _flow_rows() -> alt.Row:
    """Imports above exports, each panel headed by its flow: the facet both trade charts share."""
    return alt.Row(
        "flow_label:N",
        title=None,
        sort=["Imports", "Exports"],
        header=alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start", labelFontWeight="bold"),
    )


def _percent(x: float) -> dict[str, str]:
    return shown(f"{x:.1f} %", formatting.percent, x, 1)


def _share_change(ds: Dataset, flow: str, partner: str, first: int, last: int) -> Phrase:
    """How a partner's share of a flow moved, between the first and last of the years from `first` to `last` that
    have its row (earlier years may lack a partner: the comparison then starts later, and says so by its years)."""
    name = words.partner(partner, ds.partner_names()[partner])
    t = ds["trade_partners"]
    have = sorted(int(y) for y in t.loc[(t["flow"] == flow) & (t["partner"] == partner), "year"] if first <= y <= last)
    old, new = (
        coverage.maybe(lambda y=y: compute.share(ds, y, flow, partner)) for y in (have[:1] + have[-1:] or [first, last])
    )
    # One template a flow: a translation says the flow in the case its sentence needs.
    if len(have) < 2 or old is None or new is None:
        return Phrase(
            "{partner}'s share of " + flow + " cannot be compared between {first} and {last} (too few years have its "
            "row)",
            partner=name,
            first=first,
            last=last,
        )
    return Phrase(
        "{partner}'s share of " + flow + " went from {old} in {first} to {new} in {last}",
        partner=name,
        old=_percent(old),
        first=have[0],
        new=_percent(new),
        last=have[-1],
    )


def _leaders(ds: Dataset, year: int) -> Phrase:
    """The takeaway of Figure 1: the largest supplier and the largest buyer, by name, with their shares."""
    imp, exp = (compute.largest_partner(ds, year, flow) for flow in ("imports", "exports"))
    return Phrase(
        "{importer} is the largest supplier ({import_share} of imports); {exporter} the largest buyer "
        "({export_share} of exports).",
        importer=words.partner(imp["partner"], imp["name"]),
        import_share=_percent(imp["share_pct"]),
        exporter=words.partner(exp["partner"], exp["name"]),
        export_share=_percent(exp["share_pct"]),
    )


# A declarative chart spec.
def trade_by_partner(ds: Dataset, year: int, top: int) -> Card:
    """The paper's Figure 1: imports and exports by partner in the reference year, value and share."""
    d, folded = _fold(ds, compute.top_partners(ds, year, top), "Others")
    d["flow_label"] = d["flow"].str.capitalize()
    shares = {f"{s:.1f} %": words.shown(_percent(s)) for s in d["share_pct"]}
    d["share_label"] = d["share_pct"].map(lambda s: f"{s:.1f} %")
    names = ds.partner_names() | {REST_OF_WORLD: "Others"}
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
            title=headline(
                Phrase("Kazakhstan's largest trade partners, {year}", year=year),
                _leaders(ds, year),
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
        sourced(FIGURE_1_SOURCE, d, year=year),
        ("trade_partners", "trade_totals"),
        Phrase(FIGURE_1_DESCRIPTION, year=year),
        key,
        words=_words(d) | shares,
    )


def _changes(ds: Dataset, first: int, last: int) -> Phrase:
    """The takeaway of the partner shares: how Russia's and China's shares of imports moved."""
    return Phrase(
        "{first}; {second}.",
        first=_share_change(ds, "imports", "RU", first, last),
        second=_share_change(ds, "imports", "CN", first, last),
    )


def partner_shares(ds: Dataset, year: int) -> Card:
    """Partner shares of imports and exports over all years, click a partner to highlight it; the takeaway is for
    the reference year."""
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
            title=headline(
                "Who Kazakhstan trades with, year by year",
                _changes(ds, first, last),
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
        sourced(f"{COMPILATION}: annual trade by partner and total trade.", d),
        ("trade_partners", "trade_totals"),
        "Line chart of each partner's share of Kazakhstan's imports and of its exports, by year.",
        words=_words(d),
    )


def _spread(year: int, last: pd.Series) -> Phrase:
    """The takeaway of the concentration chart: the reference year's effective partners by flow."""
    number = {flow: shown(f"{last[flow]:.1f}", formatting.number, last[flow], 1) for flow in ("imports", "exports")}
    return Phrase(
        "In {year} imports behaved as if split among {imports} equal partners, exports among {exports}.",
        year=year,
        **number,
    )


def concentration(ds: Dataset, year: int) -> Card:
    """Effective number of partners (inverse HHI) over time, for imports and exports; the takeaway is for the
    reference year."""
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
            title=headline(
                "How evenly trade is spread across partners",
                _spread(year, last),
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
        f"{COMPILATION}: annual trade by partner and total trade; computed by this edition.",
        ("trade_partners", "trade_totals"),
        "Line chart of the effective number of trade partners for imports and exports by year.",
        words=_flow_words(d),
    )
