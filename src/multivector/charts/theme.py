"""The charts' look: one colour per partner and per flow, the book's accent, the font, and the Altair theme."""

from __future__ import annotations

import altair as alt

from multivector.analysis import compute
from multivector.analysis.compute import REST_OF_WORLD
from multivector.data.dataset import Dataset

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
# The book's accent: what a chart stresses as the edition's own (the reference year's bars), not a partner. The same
# blue as the EU's today; either may change without the other.
ACCENT = "#0072B2"
# Marks that stand for no partner: crude oil's share, the events' dashed rules.
NEUTRAL = "#4D4D4D"
# The year a chart compares the reference year with.
PALE = "#BDBDBD"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# How many named partners the charts can tell apart by colour; `check` says so when the data name more.
PALETTE_SIZE = len(PARTNER_COLOURS) - 1 + len(SPARE_COLOURS)


def theme() -> dict:
    """The Altair theme every chart of the book is drawn with."""
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


def palette(ds: Dataset) -> dict[str, str]:
    """Partner code -> colour for the named partners the charts colour: those with a fixed colour, then the spare
    colours in the order of partners.csv. Partners beyond it are counted with the rest of the world
    (`charts.trade_partners`)."""
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
