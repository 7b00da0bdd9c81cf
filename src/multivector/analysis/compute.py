"""Every figure the charts and notebooks compute, under one name (`compute.share`, `compute.oil_share`, ...).

Each subject has its module: cells.py (the lookup every figure starts from, the paper's figures), trade.py, oil.py,
prices.py, events.py, indicators.py. This one gathers them for the code that draws on several.
"""

from __future__ import annotations

from multivector.analysis.cells import LABELS, QUANTITIES, cell, claim, claim_value, claimed, period_of, source
from multivector.analysis.events import events
from multivector.analysis.indicators import INDICATORS, indicators
from multivector.analysis.oil import DAYS_PER_YEAR, cpc_exposure, exports_over, oil_share, oil_share_of
from multivector.analysis.prices import inflation, inflation_in, mean_inflation, peak_inflation, year_inflation
from multivector.analysis.trade import (
    FLOWS,
    REST_OF_WORLD,
    REST_OF_WORLD_NAME,
    concentration,
    effective_partners,
    largest_partner,
    partner_values,
    russia_trade,
    share,
    top_partners,
    total,
    turnover,
    turnover_since,
    value,
)

__all__ = [
    "DAYS_PER_YEAR",
    "FLOWS",
    "INDICATORS",
    "LABELS",
    "QUANTITIES",
    "REST_OF_WORLD",
    "REST_OF_WORLD_NAME",
    "cell",
    "claim",
    "claim_value",
    "claimed",
    "concentration",
    "cpc_exposure",
    "effective_partners",
    "events",
    "exports_over",
    "indicators",
    "inflation",
    "inflation_in",
    "largest_partner",
    "mean_inflation",
    "oil_share",
    "oil_share_of",
    "partner_values",
    "peak_inflation",
    "period_of",
    "russia_trade",
    "share",
    "source",
    "top_partners",
    "total",
    "turnover",
    "turnover_since",
    "value",
    "year_inflation",
]
