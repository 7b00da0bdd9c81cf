"""Format computed figures for prose and glue them into the page, so no number is typed by hand."""
from __future__ import annotations

import math


class Plain(str):
    """A string glued as text: myst-nb reads text/plain back as a Python literal, so keep it a string literal.

    A bare repr would turn "2,500" into the tuple (2, 500) on the page.
    """

    def __repr__(self) -> str:
        return repr(str(self))


def pct(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}\u00a0%"


def bn(x: float, digits: int = 2) -> str:
    return f"{x:,.{digits}f}\u00a0bn\u00a0USD"


def num(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def signed(x: float, digits: int = 2, unit: str = "") -> str:
    return f"{x:+,.{digits}f}{(chr(0xA0) + unit) if unit else ''}"


def times(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}\u00a0times"


def change_pct(new: float, old: float, digits: int = 1) -> str:
    if old == 0 or math.isnan(old) or math.isnan(new):
        return "not computable"
    return f"{100 * (new - old) / old:+.{digits}f}\u00a0%"


_GLUED: dict[str, str] = {}


def glue(name: str, text: str | float | int) -> Plain:
    """Glue one figure for `{glue:text}` and remember it for the page's list of key figures."""
    from myst_nb import glue as _glue

    value = Plain(text if isinstance(text, str) else f"{text}")
    _GLUED[name] = str(value)
    _glue(name, value, display=False)
    return value


def glue_many(figures: dict[str, str]) -> None:
    for name, text in figures.items():
        glue(name, text)


def glued() -> dict[str, str]:
    """Every figure glued so far in this kernel: written out with each executed notebook."""
    return dict(_GLUED)
