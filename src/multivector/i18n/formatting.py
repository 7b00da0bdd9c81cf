"""Every figure's text in every language of the edition, from the same value, with Babel's CLDR data.

The number itself (decimal sign, grouping, minus, percent pattern, month names) is CLDR's; what CLDR does not name
(the edition's unit "bn USD", the Russian "долл. США" and "п. п.") is a word of `UNITS`. English keeps the text the
edition has always printed ("46.5 %", "1,234.56 bn USD"), so adding a language changed no English page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import vl_convert
from babel import Locale
from babel.core import get_global
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from multivector.data.periods import DASH, SEASON_STARTS, Period
from multivector.i18n import LANGUAGES, SOURCE

NBSP = "\u00a0"
# Units the edition writes after a number; "{billion}" is CLDR's short word for 10^9 in the language ("млрд").
UNITS = {
    "en": {"billions_usd": "bn\u00a0USD", "points": "pp"},
    "ru": {"billions_usd": "{billion}\u00a0долл.\u00a0США", "points": "п.\u00a0п."},
}
# A year when it stands alone in a phrase about months ("январь–июнь 2026 г."); the year is CLDR's, the word is not.
YEAR_WORD = {"en": "{year}", "ru": "{year}\u00a0г."}
WITHOUT = {"en": "{year} without {months}", "ru": "{year}\u00a0г. без {months}"}
AND = {"en": " and ", "ru": " и "}
# The seasons a source may date an event by (CLDR names none), by the English word data.rules gives them.
SEASONS = {"ru": {"winter": "зима", "spring": "весна", "summer": "лето", "autumn": "осень"}}
# Spans of time a count names, by CLDR's unit patterns (Babel's `format_unit`: '21 день', '1,5 месяца').
DURATIONS = {"days": "duration-day", "months": "duration-month", "years": "duration-year"}
# Other nouns the edition writes after a count, which CLDR has no unit for, in each of CLDR's plural categories of the
# language (Babel's `Locale.plural_form` picks the category: 1 and 21 are "one", 2 "few", 5 and 11 "many" in Russian).
COUNTED = {
    "en": {
        "troops": {"one": "troop", "other": "troops"},
        "ratio": {"one": "time", "other": "times"},
    },
    "ru": {
        "troops": {
            "one": "военнослужащий",
            "few": "военнослужащих",
            "many": "военнослужащих",
            "other": "военнослужащего",
        },
        "ratio": {"one": "раз", "few": "раза", "many": "раз", "other": "раза"},
    },
}


class UnknownLanguage(ValueError):
    """A language the edition is not written in."""


class UnknownNoun(ValueError):
    """A noun the edition has no counted forms of in a language."""


def _locale(lang: str) -> Locale:
    if lang not in LANGUAGES:
        raise UnknownLanguage(f"'{lang}' is not a language of the edition; expected one of {', '.join(LANGUAGES)}")
    return Locale.parse(lang)


def _exact(x: float) -> Decimal:
    # The float's exact value: rounding then agrees with Python's own formatting ("{:.2f}") in every language.
    return Decimal(float(x))


def _pattern(digits: int, grouped: bool = True) -> str:
    whole = "#,##0" if grouped else "0"
    return whole + ("." + "0" * digits if digits > 0 else "")


def number(x: float, digits: int = 0, lang: str = SOURCE, grouped: bool = True) -> str:
    """A number with `digits` decimals: '12,345.7' in English, '12 345,7' in Russian."""
    return format_decimal(_exact(x), format=_pattern(digits, grouped), locale=_locale(lang))


def percent(x: float, digits: int = 1, lang: str = SOURCE) -> str:
    """`x` per cent: '46.5 %' in English (the edition's own spacing), CLDR's '46,5 %' in Russian."""
    if lang == SOURCE:
        return f"{number(x, digits, lang)}{NBSP}%"
    return _percent(x, _pattern(digits), lang)


def _percent(x: float, number_pattern: str, lang: str) -> str:
    cldr = _locale(lang).percent_formats[None].pattern
    # A pattern with a sign gives CLDR's percent pattern twice: "+0.0 %;-0.0 %".
    pattern = ";".join(cldr.replace("#,##0", part) for part in number_pattern.split(";"))
    return format_percent(_exact(x) / 100, format=pattern, locale=_locale(lang))


def signed_percent(x: float, digits: int = 1, lang: str = SOURCE) -> str:
    """A change in per cent, always signed: '+3.2 %', '−' for a fall as the language writes it."""
    # Ungrouped, as the edition has always printed a change ("+1234.5 %"); CLDR places the sign.
    signed = f"+{_pattern(digits, False)};-{_pattern(digits, False)}"
    if lang == SOURCE:
        return format_decimal(_exact(x), format=signed, locale=_locale(lang)) + f"{NBSP}%"
    return _percent(x, signed, lang)


def billions_usd(x: float, digits: int = 2, lang: str = SOURCE) -> str:
    """Billions of US dollars: '1,234.56 bn USD', '1 234,56 млрд долл. США'."""
    return f"{number(x, digits, lang)}{NBSP}{unit('billions_usd', lang)}"


def points(x: float, digits: int = 1, lang: str = SOURCE) -> str:
    """Percentage points: '3.2 pp', '3,2 п. п.'."""
    return f"{number(x, digits, lang)}{NBSP}{unit('points', lang)}"


def unit(name: str, lang: str) -> str:
    words = UNITS[lang][name]
    if "{billion}" in words:
        short = _locale(lang).compact_decimal_formats["short"]["other"]["1000000000"].pattern
        words = words.format(billion=short.replace("0", "").replace("\u00a0", " ").strip())
    return words


def countable(noun: str) -> bool:
    """Whether every language of the edition can say a count of `noun` (counted)."""
    return noun in DURATIONS or all(noun in COUNTED[lang] for lang in COUNTED)


def counted(n: float, noun: str, lang: str = SOURCE, digits: int = 0) -> str:
    """A count and its noun in the form the count takes in `lang` by CLDR's plural rules: '1 месяц', '2 месяца',
    '5 месяцев', '21 месяц'; UnknownNoun for a noun the language has no forms of here."""
    if noun in DURATIONS:
        unit = DURATIONS[noun]
        said = format_unit(_exact(n), unit, length="long", format=_pattern(digits), locale=_locale(lang))
        return said.replace(" ", NBSP)
    forms = COUNTED[_locale(lang).language].get(noun)
    if forms is None:
        raise UnknownNoun(f"'{noun}' has no counted forms in {lang}; expected one of {', '.join(COUNTED[lang])}")
    return f"{number(n, digits, lang)}{NBSP}{forms[_locale(lang).plural_form(_exact(n))]}"


def month(m: int, lang: str = SOURCE, case: str = "stand-alone") -> str:
    """A month's name: 'January', 'январь' ('format' gives the form after a preposition or in a date: 'января')."""
    return get_month_names("wide", case, _locale(lang))[m]


def month_year(year: int, m: int, lang: str = SOURCE) -> str:
    """A month of a year: 'March 2024', 'март 2024 г.'."""
    return f"{month(m, lang)} {YEAR_WORD[lang].format(year=year)}"


def moment(date: str, precision: str, lang: str = SOURCE) -> str | None:
    """A date at its source's precision ('2024', '2024-03', '2024-03-07', a season's first month), as a reader of
    `lang` says it: '2024', 'март 2024 г.', '7 марта 2024 г.', 'осень 2022 г.'; None for a precision the language has
    no words for here (English's days and seasons, which the edition writes as it always has)."""
    parts = [int(p) for p in str(date).split("-")]
    if precision == "year":
        return str(parts[0])
    if precision == "month":
        return month_year(parts[0], parts[1], lang)
    if precision == "day":
        return format_date(dt.date(*parts), "long", locale=_locale(lang)) if lang != SOURCE else None
    if precision == "season" and lang in SEASONS:
        return f"{SEASONS[lang][SEASON_STARTS[parts[1]]]} {YEAR_WORD[lang].format(year=parts[0])}"
    return None


def period(p: Period, lang: str = SOURCE) -> str:
    """A period as a label: '2024', 'January–June 2026' / 'январь–июнь 2026 г.', '2022 without September'."""
    if p.full:
        return str(p.year)
    runs = p.runs()
    if len(runs) == 1:
        first, last = runs[0]
        span = month(first, lang) if first == last else f"{month(first, lang)}{DASH}{month(last, lang)}"
        return f"{span} {YEAR_WORD[lang].format(year=p.year)}"
    # "без" takes the genitive, which CLDR's format context gives ("сентября").
    names = [month(m, lang, "format" if lang != SOURCE else "stand-alone") for m in p.missing]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + AND[lang] + names[-1]
    return WITHOUT[lang].format(year=p.year, months=listed)


def vega_locale(lang: str) -> dict:
    """The number and time format locale a Vega chart is drawn with in `lang` (d3's own, as vl-convert ships it), for
    axes and tooltips: 'ru' gives the decimal comma and the non-breaking space between thousands that CLDR gives."""
    _locale(lang)
    tag = f"{lang}-{Locale.parse(get_global('likely_subtags')[lang]).territory}"
    return {"number": vl_convert.get_format_locale(tag), "time": vl_convert.get_time_format_locale(tag)}


def every(render, *args, **kwargs) -> dict[str, str]:
    """The same value rendered in every language of the edition: {'en': …, 'ru': …}."""
    return {lang: render(*args, **kwargs, lang=lang) for lang in LANGUAGES}
