"""Recipe: oil_exports.csv, crude oil (HS 2709.00) exports by value and volume per calendar year, with the months
each year covers and, where that is part of the year, total exports over those same months."""

from __future__ import annotations

import calendar

import pandas as pd

from multivector.data.periods import ALL_MONTHS, COUNTS, MONTHS_IN_YEAR, Period
from multivector.data.recipes.snapshot import Snapshots
from multivector.errors import RecipeError

NAME = "oil_exports"
COLUMNS = ["year", "value_bn_usd", "volume_mt", "months_covered", "months", "exports_same_months_bn_usd", "note"]


def run(snapshots: Snapshots, totals: pd.DataFrame) -> pd.DataFrame:
    # Load inputs.
    value = snapshots.monthly("bns_oil_exports_value")
    volume = snapshots.monthly("bns_oil_exports_volume")
    exports = snapshots.monthly("bns_exports")

    # Process data.
    # Value and volume must describe the same months, or a year's two figures would cover different periods.
    months = value[["year", "month"]].merge(volume[["year", "month"]], how="outer", indicator=True)
    odd = months[months["_merge"] != "both"]
    if not odd.empty:
        first = odd.iloc[0]
        only = snapshots.path("bns_oil_exports_value" if first["_merge"] == "left_only" else "bns_oil_exports_volume")
        raise RecipeError(
            [
                f"{only}: {first.year}-{first.month:02d} is in this file only; expected the value and "
                "volume files to cover the same months"
            ]
        )
    # One row for every year the totals give exports for, so that the oil share can be computed. Values are thousand
    # US dollars and tonnes.
    years = sorted(totals.loc[totals["flow"] == "exports", "year"])
    rows = []
    for year in years:
        v, q = value[value["year"] == year], volume[volume["year"] == year]
        if v.empty:
            continue
        period = Period(year, frozenset(int(m) for m in v["month"]))
        rows.append(
            {
                "year": year,
                "value_bn_usd": v["value"].sum() / 1e6,
                "volume_mt": q["value"].sum() / 1e6,
                "months_covered": len(period.months),
                "months": period.text(),
                # A share of a part of the year divides by the exports of that same part; a full year's total is
                # trade_totals.csv's. Left empty where the exports file lacks one of the months.
                "exports_same_months_bn_usd": _same_months(exports, period) if period.partial else None,
                "note": _note(set(period.months)),
            }
        )
    table = pd.DataFrame(rows)

    # Save outputs.
    return table[COLUMNS]


def _same_months(exports: pd.DataFrame, period: Period) -> float | None:
    """Total exports over exactly the months of `period`, in bn USD (None unless the file has every one of them)."""
    rows = exports[(exports["year"] == period.year) & exports["month"].isin(period.months)]
    return rows["value"].sum() / 1e6 if len(rows) == len(period.months) else None


def _note(months: set[int]) -> str:
    """A reader's caveat for a year with months missing: 'September missing in the source; eleven months only'."""
    missing = sorted(ALL_MONTHS - months)
    if not missing:
        return ""
    if missing[0] > max(months) and missing[-1] == MONTHS_IN_YEAR:
        # The latest months of the latest year are not published yet, rather than missing.
        return f"{calendar.month_name[missing[0]]} to December not in the source yet; {COUNTS[len(months)]} months only"
    names = [calendar.month_name[m] for m in missing]
    said = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{said} missing in the source; {COUNTS[len(months)]} months only"
