"""Which series cover a year, and the one rule for a figure they cannot give.

The series cover different periods: trade and crude oil are annual (oil with the months its source has), consumer
prices monthly. `report` says, for a reference year, which series cover it, partly or not at all; `check` and the
build print the gaps as warnings. A lookup that the data cannot answer raises `Unavailable`, which the prose turns
into a sentence ("not available for 2026 (no crude-oil data yet)") and the claims ledger into a status.
"""

from __future__ import annotations

from dataclasses import dataclass

from multivector.data.dataset import Dataset
from multivector.data.periods import ALL_MONTHS, Period

# The time series the book computes with, as a reader would call their data.
SERIES = {
    "trade_totals": "trade totals",
    "trade_partners": "trade-by-partner data",
    "oil_exports": "crude-oil data",
    "cpi_yoy": "consumer-price data",
}


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
    """Which months of a year one series covers (none, some or all): `span` is them as a Period."""

    resource: str
    path: str
    noun: str
    span: Period

    @property
    def year(self) -> int:
        return self.span.year

    @property
    def months(self) -> list[int]:
        return sorted(self.span.months)

    @property
    def covered(self) -> bool:
        return bool(self.span.months)

    @property
    def partial(self) -> bool:
        return self.span.partial

    @property
    def period(self) -> str:
        """'2024', or 'January–August 2026' for a series that stops short, or '2022 without September'."""
        return self.span.said()


def cover(ds: Dataset, resource: str, year: int) -> Cover:
    rows = ds.rows(resource, year=year)  # the page depends on that year's rows only
    said = (resource, ds.path(resource), SERIES[resource])
    if "month" in rows:
        return Cover(*said, Period(year, frozenset(int(m[5:7]) for m in rows["month"])))
    if rows.empty:
        return Cover(*said, Period(year, frozenset()))
    # An annual series may say which months its source has for the year (the 2022 crude-oil row lacks September).
    if "months" in rows:
        return Cover(*said, Period.parse(year, rows["months"].iloc[0]))
    return Cover(*said, Period(year, ALL_MONTHS))


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
            out.append(
                f"{c.path}: {c.span.sentence()} only; figures over that year are computed over those months and "
                "labelled so"
            )
    return out
