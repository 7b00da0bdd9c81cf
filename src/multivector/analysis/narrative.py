"""Format computed figures for prose and glue them into the page, so no number is typed by hand.

The formatters return `Figure` text that keeps the lineage of the number it states (see lineage.py). A number about
part of a year names its months ("46.6 % (January–June 2026)"), so that it is never read as the whole year's.
"""

from __future__ import annotations

import math

import myst_nb

from multivector.analysis.lineage import BN_USD, PERCENT, YEAR, Figure, Measure


def pct(x: float, digits: int = 1, period: bool = True) -> Figure:
    return _over(f"{x:.{digits}f}\u00a0%", x, period, Measure.of(x, PERCENT, digits))


def bn(x: float, digits: int = 2, period: bool = True) -> Figure:
    return _over(f"{x:,.{digits}f}\u00a0bn\u00a0USD", x, period, Measure.of(x, BN_USD, digits))


def num(x: float, digits: int = 0, period: bool = True, unit: str = "count") -> Figure:
    """A count or another plain number; `unit` says what it counts ("days", "partners"), for a comparison to say."""
    return _over(f"{x:,.{digits}f}", x, period, Measure.of(x, unit, digits))


def calendar_year(x: int) -> Figure:
    """A year, as the prose states it (its lineage from `x`, a parameter or a cell)."""
    return Figure(str(int(x)), x, Measure.of(x, YEAR))


def _over(text: str, x: float, period: bool, measure: Measure) -> Figure:
    """The text, followed by the months it covers when `x` is about part of a year (unless the words around it
    already say them: `period=False`)."""
    covers = getattr(x, "period", None)
    partial = period and covers is not None and covers.partial
    return Figure(f"{text} ({covers.said()})" if partial else text, x, measure)


def change_pct(new: float, old: float, digits: int = 1) -> Figure:
    if old == 0 or math.isnan(old) or math.isnan(new):
        return Figure("not computable")
    change = 100 * (new - old) / old
    return Figure(f"{change:+.{digits}f}\u00a0%", change, Measure.of(change, PERCENT, digits))


def glue(name: str, text: str | float | int) -> Figure:
    """Glue one figure for `{glue:text}`, with its lineage."""
    value = text if isinstance(text, Figure) else Figure(text if isinstance(text, str) else f"{text}", text)
    myst_nb.glue(name, value, display=False)
    return value


def glue_many(figures: dict[str, str]) -> None:
    for name, text in figures.items():
        glue(name, text)
