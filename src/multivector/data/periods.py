"""Periods: which months of a year a number covers, and the words a reader sees for them.

The one home of the months of a year. A series says, per year, which months it covers (`coverage.cover`); a figure
that combines quantities (a share, a difference, a sum) is computed over months all of them cover (`lineage.Traced`
refuses anything else); prose, charts, claims and lineage pop-ups say a period with `said` and `sentence`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

MONTHS_IN_YEAR = 12
ALL_MONTHS = frozenset(range(1, MONTHS_IN_YEAR + 1))
COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
# The month each season starts in (northern hemisphere): an event dated by season gives that month.
SEASON_STARTS = {12: "winter", 3: "spring", 6: "summer", 9: "autumn"}
DASH = "\u2013"  # an en dash between the first and last month of a run: "January–June"


class PeriodError(ValueError):
    """Months written in a form `Period.parse` does not read."""


class MixedPeriods(ValueError):
    """Two quantities over different months were combined: the figure would be wrong, so it is never made."""


@dataclass(frozen=True)
class Period:
    """A calendar year, or the months of it that a series or a figure covers."""

    year: int
    months: frozenset[int] = ALL_MONTHS

    @classmethod
    def parse(cls, year: int, text: str) -> Period:
        """The months of `year` written as runs, the form the CSV files use: '1-12', '1-8,10-12', '1-6'."""
        months: set[int] = set()
        for run in str(text).split(","):
            first, _, last = run.strip().partition("-")
            if not (first.isascii() and first.isdigit() and (not last or (last.isascii() and last.isdigit()))):
                raise PeriodError(f"'{text}' is not a list of months; expected runs such as '1-12' or '1-8,10-12'")
            lo, hi = int(first), int(last or first)
            if not 1 <= lo <= hi <= MONTHS_IN_YEAR:
                raise PeriodError(f"'{text}' names a month outside 1-12 or a run that ends before it starts")
            months.update(range(lo, hi + 1))
        return cls(year, frozenset(months))

    @classmethod
    def parse_span(cls, text: str) -> Period:
        """A run of months written 'YYYY-MM..YYYY-MM' within one year (claims.csv's checks): '2024-09..2024-11'."""
        first, _, last = str(text).partition("..")
        try:
            (y1, m1), (y2, m2) = (map(int, part.split("-")) for part in (first, last or first))
        except ValueError:
            y1 = y2 = m1 = m2 = 0
        if not (y1 == y2 and 1 <= m1 <= m2 <= MONTHS_IN_YEAR):
            raise PeriodError(f"'{text}' is not a run of months within one year; expected e.g. 2024-09..2024-11")
        return cls(y1, frozenset(range(m1, m2 + 1)))

    def month_keys(self) -> list[str]:
        """The months as monthly tables key them: ['2024-09', '2024-10', '2024-11']."""
        return [f"{self.year}-{m:02d}" for m in sorted(self.months)]

    @property
    def full(self) -> bool:
        return self.months == ALL_MONTHS

    @property
    def partial(self) -> bool:
        return 0 < len(self.months) < MONTHS_IN_YEAR

    @property
    def missing(self) -> list[int]:
        return sorted(ALL_MONTHS - self.months)

    def runs(self) -> list[tuple[int, int]]:
        """The months as consecutive runs: {1..8, 10..12} -> [(1, 8), (10, 12)]."""
        out: list[tuple[int, int]] = []
        for m in sorted(self.months):
            if out and out[-1][1] == m - 1:
                out[-1] = (out[-1][0], m)
            else:
                out.append((m, m))
        return out

    def text(self) -> str:
        """The months in the CSV files' form: '1-12', '1-8,10-12'."""
        return ",".join(f"{a}-{b}" if a != b else f"{a}" for a, b in self.runs())

    def said(self) -> str:
        """The period as a label: '2024', 'January–June 2026', '2022 without September'."""
        if self.full:
            return str(self.year)
        runs = self.runs()
        if len(runs) == 1:
            return f"{_run(*runs[0])} {self.year}"
        return f"{self.year} without {_names(self.missing)}"

    def sentence(self) -> str:
        """What the period covers, as a clause: '2022 covers eleven months (September missing)', '2026 covers
        January–June', '2024 covers the whole year'."""
        if self.full:
            return f"{self.year} covers the whole year"
        runs = self.runs()
        if len(runs) == 1:
            return f"{self.year} covers {_run(*runs[0])}"
        return f"{self.year} covers {COUNTS[len(self.months)]} months ({_names(self.missing)} missing)"


def sentences(periods) -> str:
    """Several partial periods in one sentence's words: '2022 covers eleven months (September missing); 2026 covers
    January–June'."""
    return "; ".join(p.sentence() for p in periods)


def same(*periods: Period | None) -> Period | None:
    """The one period that several quantities share (None for those that are not quantities over months).

    Raises MixedPeriods when two cover different months of the year: a share, a difference or a sum of them would
    compare unlike things. Different years over the same months are alike (a growth rate compares two years).
    """
    known = [p for p in periods if p is not None]
    if any(p.months != known[0].months for p in known[1:]):
        raise MixedPeriods("combines quantities over different months: " + ", ".join(p.said() for p in known))
    return known[0] if known else None


def _run(first: int, last: int) -> str:
    return (
        calendar.month_name[first]
        if first == last
        else f"{calendar.month_name[first]}{DASH}{calendar.month_name[last]}"
    )


def _names(months: list[int]) -> str:
    names = [calendar.month_name[m] for m in months]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def by_year(parts) -> bool:
    """Whether the parts of a resource a page read (`name@part`, data.dataset.part) are years, as a time series is
    read, rather than the sections' rows: how a run card says them ("rows for 2019, 2024", "rows of summary")."""
    return all(str(p).isdigit() for p in parts)
