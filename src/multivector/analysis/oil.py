"""Crude oil's share of exports, over the months each year's row covers, and the revenue a CPC stoppage puts at risk."""

from __future__ import annotations

import pandas as pd

from multivector.analysis import trade
from multivector.analysis.cells import cell, period_of
from multivector.analysis.lineage import Traced
from multivector.data.coverage import EmptyCell, Unavailable
from multivector.data.dataset import Dataset
from multivector.data.periods import MONTHS_IN_YEAR, Period

DAYS_PER_YEAR = 365


def oil_share_of(ds: Dataset, year: int) -> Traced:
    """Crude oil's share of total exports over the months of `year` the crude-oil row covers, in per cent."""
    return cell(ds, "oil_exports", "value_bn_usd", year=year).percent_of(
        exports_over(ds, period_of(ds, "oil_exports", year))
    )


def exports_over(ds: Dataset, period: Period) -> Traced:
    """Total exports over a period: a full year's from trade_totals.csv, a part of a year's from the crude-oil row
    that covers those months (the only months the package sums exports over)."""
    if period.full:
        return trade.total(ds, period.year, "exports")
    try:
        same = cell(ds, "oil_exports", "exports_same_months_bn_usd", year=period.year)
    except EmptyCell:
        same = None
    if same is None or same.period != period:
        raise Unavailable(f"the data give no total exports for {period.said()}")
    return same


def oil_share(ds: Dataset) -> pd.DataFrame:
    """Crude oil's share of total exports by year, each over the months its crude-oil row covers (`period`, as a
    reader says it), with the exports total's source; a year whose same-months total is missing is left out."""
    tot = ds["trade_totals"]
    out = ds["oil_exports"].merge(tot[tot["flow"] == "exports"][["year", "source", "status"]], on="year")
    periods = [Period.parse(int(y), m) for y, m in zip(out["year"], out["months"], strict=True)]
    # The exports over each row's own months, by the one rule (exports_over), before the total's source and status.
    out.insert(out.columns.get_loc("source"), "exports_bn_usd", [_exports_or_none(ds, p) for p in periods])
    out["partial"] = [not p.full for p in periods]
    out["period"] = [p.said() for p in periods]
    out = out.dropna(subset=["exports_bn_usd"]).reset_index(drop=True)
    out["share_pct"] = 100 * out["value_bn_usd"] / out["exports_bn_usd"]
    return out


def _exports_or_none(ds: Dataset, period: Period) -> float | None:
    try:
        return float(exports_over(ds, period))
    except Unavailable:
        return None


def cpc_exposure(ds: Dataset, year: int, cpc_share_pct: float, days: float) -> dict:
    """Export revenue at risk if the CPC stops for `days`, assuming crude is shipped evenly through the year."""
    oil = cell(ds, "oil_exports", "value_bn_usd", year=year)
    months = cell(ds, "oil_exports", "months_covered", year=year)
    # Revenue and exports over the same months: the crude row's, whole or in part.
    exports = exports_over(ds, oil.period)
    at_risk = oil * cpc_share_pct / 100 * days / (months * DAYS_PER_YEAR / MONTHS_IN_YEAR)
    return {
        "oil_bn_usd": oil,
        "exports_bn_usd": exports,
        "at_risk_bn_usd": at_risk,
        "at_risk_pct_exports": at_risk.percent_of(exports),
    }
