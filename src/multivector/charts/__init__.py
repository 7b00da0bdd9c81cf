"""The book's Altair charts, as a section notebook calls them: `charts.oil_share(page.ds, year)` gives a `Card`.

`theme` holds the colours and the Altair theme, `card` what every chart is shown in, `pictures` the build-time
drawings; each other module declares one kind of chart.

The chart modules load Altair and pandas, so each is imported when one of its names is first asked for: Sphinx, which
needs only `pictures` (for the link previews), does not load them.
"""

from __future__ import annotations

import importlib

# Each name this package hands out, and the module that declares it.
_DECLARED = {
    "Card": "card",
    "unavailable": "card",
    "timeline": "events",
    "indicators": "key_indicators",
    "cpc_explorer": "oil",
    "oil_share": "oil",
    "inflation": "prices",
    "russia_trade": "russia",
    "PALETTE_SIZE": "theme",
    "palette": "theme",
    "uncoloured": "theme",
    "concentration": "trade_partners",
    "partner_shares": "trade_partners",
    "trade_by_partner": "trade_partners",
}

__all__ = sorted(_DECLARED)


def __getattr__(name: str):
    if name in _DECLARED:
        return getattr(importlib.import_module(f"multivector.charts.{_DECLARED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_DECLARED})
