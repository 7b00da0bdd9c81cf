"""Format computed figures for prose and glue them into the page, so no number is typed by hand.

The formatters return `Figure` text that keeps the lineage of the number it states (see lineage.py).
"""

from __future__ import annotations

import math

from .lineage import Figure


def pct(x: float, digits: int = 1) -> Figure:
    return Figure(f"{x:.{digits}f}\u00a0%", x)


def bn(x: float, digits: int = 2) -> Figure:
    return Figure(f"{x:,.{digits}f}\u00a0bn\u00a0USD", x)


def num(x: float, digits: int = 0) -> Figure:
    return Figure(f"{x:,.{digits}f}", x)


def change_pct(new: float, old: float, digits: int = 1) -> Figure:
    if old == 0 or math.isnan(old) or math.isnan(new):
        return Figure("not computable")
    change = 100 * (new - old) / old
    return Figure(f"{change:+.{digits}f}\u00a0%", change)


def glue(name: str, text: str | float | int) -> Figure:
    """Glue one figure for `{glue:text}`, with its lineage."""
    from myst_nb import glue as _glue

    value = text if isinstance(text, Figure) else Figure(text if isinstance(text, str) else f"{text}", text)
    _glue(name, value, display=False)
    return value


def glue_many(figures: dict[str, str]) -> None:
    for name, text in figures.items():
        glue(name, text)
