"""Consumer price inflation: each month's against the same month a year earlier, and averages over months."""

from __future__ import annotations

import pandas as pd

from multivector.analysis.cells import cell
from multivector.analysis.lineage import Traced
from multivector.data.coverage import NotCovered, cover
from multivector.data.dataset import Dataset


def inflation(ds: Dataset) -> pd.DataFrame:
    """Monthly consumer price inflation, per cent against the same month a year earlier."""
    c = ds["cpi_yoy"]
    c["date"] = pd.to_datetime(c["month"] + "-01")
    c["inflation_pct"] = c["index_prev_year_100"] - 100
    return c[["month", "date", "inflation_pct"]]


def inflation_in(ds: Dataset, month: str) -> Traced:
    """Inflation in one month, per cent against the same month a year earlier."""
    return cell(ds, "cpi_yoy", "index_prev_year_100", month=month) - 100


def mean_inflation(ds: Dataset, months: list[str], period: str | None = None) -> Traced:
    """Average inflation over the given months (every one of them must be in the data)."""
    values = [inflation_in(ds, m) for m in months]
    period = period or f"{months[0]} to {months[-1]}"
    return Traced.of(
        sum(map(float, values)) / len(values),
        f"mean over {period} of (consumer prices − 100), {len(values)} months",
        *values,
    )


def year_inflation(ds: Dataset, year: int) -> Traced:
    """Average inflation over the months of a year the data have (a partial year says so: `year_period`)."""
    c = cover(ds, "cpi_yoy", year)
    if not c.covered:
        raise NotCovered(ds, "cpi_yoy", {"year": year})
    return mean_inflation(ds, [f"{year}-{m:02d}" for m in c.months], c.period)


def peak_inflation(ds: Dataset) -> pd.Series:
    c = inflation(ds)
    return c.loc[c["inflation_pct"].idxmax()]
