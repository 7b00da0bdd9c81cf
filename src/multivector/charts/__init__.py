"""The book's Altair charts, as a section notebook calls them: `charts.oil_share(page.ds, year)` gives a `Card`.

`theme` holds the colours and the Altair theme, `card` what every chart is shown in, `pictures` the build-time
drawings; each other module declares one kind of chart.
"""

from multivector.charts.card import Card, unavailable
from multivector.charts.events import timeline
from multivector.charts.key_indicators import indicators
from multivector.charts.oil import cpc_explorer, oil_share
from multivector.charts.prices import inflation
from multivector.charts.russia import russia_trade
from multivector.charts.theme import PALETTE_SIZE, palette, uncoloured
from multivector.charts.trade_partners import concentration, partner_shares, trade_by_partner

__all__ = [
    "PALETTE_SIZE",
    "Card",
    "concentration",
    "cpc_explorer",
    "indicators",
    "inflation",
    "oil_share",
    "palette",
    "partner_shares",
    "russia_trade",
    "timeline",
    "trade_by_partner",
    "unavailable",
    "uncoloured",
]
