"""Dated events, each at the precision its source gives: when to plot it and how a reader says its date."""

from __future__ import annotations

import pandas as pd

from multivector.data.dataset import Dataset
from multivector.data.periods import MONTHS_IN_YEAR, SEASON_STARTS


def events(ds: Dataset, sections=None, ids=None) -> pd.DataFrame:
    """Dated events with a plotting date (the first day of their year, season, month or day) and a label at their
    precision: all of them, or those of some sections, or those with some ids (see Dataset.rows)."""
    e = ds["events"] if sections is None and ids is None else ds.rows("events", sections=sections, ids=ids)
    e["start"] = pd.to_datetime([_first_day(d, p) for d, p in zip(e["date"], e["precision"], strict=False)])
    e["when"] = [_when(d, p) for d, p in zip(e["date"], e["precision"], strict=False)]
    return e.sort_values(["start", "id"], ignore_index=True)


def _first_day(date: str, precision: str) -> str:
    return {"year": f"{date}-01-01", "season": f"{date}-01", "month": f"{date}-01", "day": date}[precision]


def _when(date: str, precision: str) -> str:
    """The date as a reader says it, at the precision the source gives and no finer."""
    ts = pd.Timestamp(_first_day(date, precision))
    if precision == "season":
        return f"{SEASON_STARTS[ts.month]} {ts.year}"
    return {"year": f"{ts.year}", "month": ts.strftime("%B %Y"), "day": f"{ts.day} {ts.strftime('%B %Y')}"}[precision]


def months_between(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Whole calendar months from `start`'s month to `end`'s."""
    return (end.year - start.year) * MONTHS_IN_YEAR + end.month - start.month
