"""Format computed figures for prose and glue them into the page, so no number is typed by hand.

The formatters return `Figure` text that keeps the lineage of the number it states (see lineage.py).
"""
from __future__ import annotations

import math

from .lineage import Figure



def pct(x: float, digits: int = 1) -> Figure:
    return Figure(f"{x:.{digits}f} %", x)


def bn(x: float, digits: int = 2) -> Figure:
    return Figure(f"{x:,.{digits}f} bn USD", x)


def num(x: float, digits: int = 0) -> Figure:
    return Figure(f"{x:,.{digits}f}", x)


def signed(x: float, digits: int = 2, unit: str = "") -> Figure:
    return Figure(f"{x:+,.{digits}f}{(' ' + unit) if unit else ''}", x)


def times(x: float, digits: int = 1) -> Figure:
    return Figure(f"{x:.{digits}f} times", x)


def change_pct(new: float, old: float, digits: int = 1) -> Figure:
    if old == 0 or math.isnan(old) or math.isnan(new):
        return Figure("not computable")
    change = 100 * (new - old) / old
    return Figure(f"{change:+.{digits}f} %", change)


_GLUED: dict[str, str] = {}


def glue(name: str, text: str | float | int) -> Figure:
    """Glue one figure for `{glue:text}`, with its lineage, and remember it for the page's list of key figures."""
    from myst_nb import glue as _glue

    value = text if isinstance(text, Figure) else Figure(text if isinstance(text, str) else f"{text}", text)
    _GLUED[name] = str(value)
    _glue(name, value, display=False)
    return value


def glue_many(figures: dict[str, str]) -> None:
    for name, text in figures.items():
        glue(name, text)


def glued() -> dict[str, str]:
    """Every figure glued so far in this kernel: written out with each executed notebook."""
    return dict(_GLUED)
