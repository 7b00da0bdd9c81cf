"""Which series cover a year, and the one rule for a figure they cannot give.

The series cover different periods: trade and crude oil are annual (oil with the months its source has), consumer
prices monthly. `report` says, for a reference year, which series cover it, partly or not at all; `check` and the
build print the gaps as warnings. A lookup that the data cannot answer raises `Unavailable`, which the prose turns
into a sentence ("not available for 2026 (no crude-oil data yet)") and the claims ledger into a status.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from .data import Dataset

# The time series the book computes with, as a reader would call their data.
SERIES = {
    "trade_totals": "trade totals",
    "trade_partners": "trade-by-partner data",
    "oil_exports": "crude-oil data",
    "cpi_yoy": "consumer-price data",
}
MONTHS_IN_YEAR = 12


class Unavailable(LookupError):
    """A figure the data cannot give; `sentence` says so in the prose's words."""

    def __init__(self, why: str):
        self.sentence = f"not available ({why})"
        super().__init__(why)


class NotCovered(Unavailable):
    """A series has no row for a year (or a month, a partner) a figure needs."""

    def __init__(self, ds: Dataset, resource: str, key: dict):
        self.resource, self.key = resource, key
        noun = SERIES.get(resource, f"{resource} data")
        year = key.get("year") or int(str(key.get("month", "0"))[:4]) or None
        if year is None:
            self.sentence = f"not available (no {noun} for {_said(key)})"
        else:
            later = year > max(_years(ds, resource), default=year - 1)
            self.sentence = f"not available for {year} (no {noun} {'yet' if later else 'for ' + _said(key)})"
        LookupError.__init__(self, f"{ds.resource(resource)['path']}: no row for {_said(key)}")


class EmptyCell(Unavailable):
    """A row exists but the value a figure needs is empty (e.g. a claim the paper states without a figure)."""

    def __init__(self, path: str, line: int, column: str):
        super().__init__(f"{path} gives no {column} on line {line}")


def maybe(figure):
    """`figure()`, or None where the data cannot give it: for wording that depends on whether a figure exists."""
    try:
        return figure()
    except Unavailable:
        return None


def _said(key: dict) -> str:
    return ", ".join(str(v) for v in key.values())


def _years(ds: Dataset, resource: str) -> list[int]:
    t = ds[resource]
    col = t["year"] if "year" in t else t["month"].str[:4].astype(int)
    return sorted(set(int(y) for y in col))


@dataclass(frozen=True)
class Cover:
    """How much of a year one series covers: its months, from first to last (0 when it has none)."""

    resource: str
    path: str
    noun: str
    year: int
    months: int
    first: int = 1
    last: int = MONTHS_IN_YEAR

    @property
    def covered(self) -> bool:
        return self.months > 0

    @property
    def partial(self) -> bool:
        return 0 < self.months < MONTHS_IN_YEAR

    @property
    def period(self) -> str:
        """'2024', or 'January to August 2026' for a monthly series that stops short, or '11 months of 2022'."""
        if not self.partial:
            return str(self.year)
        if self.last - self.first + 1 == self.months:
            return f"{calendar.month_name[self.first]} to {calendar.month_name[self.last]} {self.year}"
        return f"{self.months} months of {self.year}"


def cover(ds: Dataset, resource: str, year: int) -> Cover:
    t = ds[resource]
    path = ds.resource(resource)["path"]
    noun = SERIES[resource]
    if "month" in t:
        months = sorted(int(m[5:7]) for m in t["month"] if m.startswith(f"{year}-"))
        if not months:
            return Cover(resource, path, noun, year, 0)
        return Cover(resource, path, noun, year, len(months), months[0], months[-1])
    rows = t[t["year"] == year]
    if rows.empty:
        return Cover(resource, path, noun, year, 0)
    # An annual series may say how many months its source has for the year (the 2022 crude-oil row has 11).
    months = int(rows["months_covered"].min()) if "months_covered" in rows else MONTHS_IN_YEAR
    # Which months an annual row lacks is not recorded: only how many it has.
    return Cover(resource, path, noun, year, months, 0, 0)


def report(ds: Dataset, year: int) -> list[Cover]:
    """Every series' coverage of the year, in the order of SERIES."""
    return [cover(ds, r, year) for r in SERIES]


def warnings(ds: Dataset, year: int) -> list[str]:
    """The gaps of the year as warnings, each naming the file and the year."""
    out = []
    for c in report(ds, year):
        if not c.covered:
            out.append(
                f"{c.path}: no rows for {year}; the figures that need {c.noun} will say "
                f"'not available for {year}' and the claims they test 'not testable for that year'"
            )
        elif c.partial:
            out.append(f"{c.path}: {year} covers {c.period} only; figures over that year are labelled so")
    return out
