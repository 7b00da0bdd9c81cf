"""Format computed figures for prose and glue them into the page, so no number is typed by hand.

The formatters return `Figure` text that keeps the lineage of the number it states (see lineage.py). A number about
part of a year names its months ("46.6 % (January–June 2026)"), so that it is never read as the whole year's.
"""

from __future__ import annotations

import math

import myst_nb

from multivector.analysis.lineage import BN_USD, PERCENT, YEAR, Figure, Measure
from multivector.i18n import LANGUAGES, SOURCE, formatting
from multivector.i18n.formatting import every


def pct(x: float, digits: int = 1, period: bool = True) -> Figure:
    return _over(every(formatting.percent, x, digits), x, period, Measure.of(x, PERCENT, digits))


def bn(x: float, digits: int = 2, period: bool = True) -> Figure:
    return _over(every(formatting.billions_usd, x, digits), x, period, Measure.of(x, BN_USD, digits))


def num(x: float, digits: int = 0, period: bool = True, unit: str = "count") -> Figure:
    """A count or another plain number; `unit` says what it counts ("days", "partners"), for a comparison to say."""
    return _over(every(formatting.number, x, digits), x, period, Measure.of(x, unit, digits))


def days(x: float) -> Figure:
    """A number of days with its noun ("11 days", "11 дней"): the noun takes the form the number asks for."""
    return _figure(every(formatting.counted, x, "days"), x, Measure.of(x, "days", 0))


def counted(x: float, noun: str) -> Figure:
    """A count with its noun ("2,500 troops", "2 500 военнослужащих"), the noun in the form the number asks for."""
    return _figure(every(formatting.counted, x, noun), x, Measure.of(x, noun, 0))


def calendar_year(x: int) -> Figure:
    """A year, as the prose states it (its lineage from `x`, a parameter or a cell)."""
    return Figure(str(int(x)), x, Measure.of(x, YEAR))


def _over(texts: dict[str, str], x: float, period: bool, measure: Measure) -> Figure:
    """The text in each language, followed by the months it covers when `x` is about part of a year (unless the
    words around it already say them: `period=False`)."""
    covers = getattr(x, "period", None)
    if period and covers is not None and covers.partial:
        texts = {lang: f"{t} ({formatting.period(covers, lang)})" for lang, t in texts.items()}
    return _figure(texts, x, measure)


def _figure(texts: dict[str, str], x, measure: Measure) -> Figure:
    others = {lang: t for lang, t in texts.items() if lang != SOURCE}
    return Figure(texts[SOURCE], x, measure, others)


def dated(text: str, source, date: str, precision: str) -> Figure:
    """A date's text (`text`, as events.csv's rows say it) with its words in the other languages where they have them."""
    texts = {lang: formatting.moment(date, precision, lang) for lang in LANGUAGES if lang != SOURCE}
    return Figure(text, source, texts={lang: t for lang, t in texts.items() if t} or None)


def change_pct(new: float, old: float, digits: int = 1) -> Figure:
    if old == 0 or math.isnan(old) or math.isnan(new):
        return Figure("not computable")
    change = 100 * (new - old) / old
    return _figure(every(formatting.signed_percent, change, digits), change, Measure.of(change, PERCENT, digits))


def glue(name: str, text: str | float | int) -> Figure:
    """Glue one figure for `{glue:text}`, with its lineage."""
    value = text if isinstance(text, Figure) else Figure(text if isinstance(text, str) else f"{text}", text)
    myst_nb.glue(name, value, display=False)
    return value


def glue_many(figures: dict[str, str]) -> None:
    for name, text in figures.items():
        glue(name, text)
