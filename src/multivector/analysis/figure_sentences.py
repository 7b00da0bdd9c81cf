"""The glued figures that are sentences made from the data ("rose every year, from 26.97 bn USD in 2022 to …"), each
from a template and its values (i18n.sentences), so that a translated page says them again from the same values with
its template's translation (outputs.po, context `figures/<glue name>`), never by matching the English words exactly.
"""

from __future__ import annotations

from multivector.data.periods import Period
from multivector.i18n import SOURCE, formatting
from multivector.i18n.sentences import Partner, Sentence, each

CONTEXT = "figures/{name}"
# Every template of each glued sentence, by glue name and part.
PATTERNS = {
    # A partner's name alone (the largest supplier): said by data.po's name or CLDR's (datawords.Words.partner).
    "partner": {"name": "{partner}"},
    "war_span": {"nearly": "nearly {years}", "more": "more than {years}"},
    "oil_partial_note": {
        "complete": "Every year of the series covers all twelve months of crude exports.",
        "partial": "Where the source lacks months of crude exports, the share compares crude with total exports over "
        "the same months: {parts}.",
        "part": "{period}, a share of {share}",
        "parts": "{before}; {next}",
    },
    "ru_trade_path": {
        "too_few": "has fewer than two years of data from {since} to {year}",
        "step": "{value} in {year}",
        "step_preliminary": "{value} in {year} (preliminary)",
        "rose": "rose every year, from {first} to {last}",
        "fell": "fell to {falls}",
        "rose_then_fell": "rose from {first} to {peak}, then fell to {falls}",
        "and_to": "{before}, and to {next}",
        "later_lower": "{path}; in {year}, which the paper's own period still covers, the figure is lower, at {value}",
        "later_higher": "{path}; in {year}, which the paper's own period still covers, the figure is higher, at {value}",
        "later_lower_preliminary": "{path}; in {year}, which the paper's own period still covers, the preliminary "
        "figure is lower, at {value}",
        "later_higher_preliminary": "{path}; in {year}, which the paper's own period still covers, the preliminary "
        "figure is higher, at {value}",
    },
}


def say(name: str, part: str, **values) -> Sentence:
    """The sentence `part` of the glued figure `name`, filled with `values` (each a value of i18n.sentences)."""
    return Sentence(CONTEXT.format(name=name), PATTERNS[name][part], **values)


def partner(row) -> Sentence:
    """A trade partner's name (a row of trade.partner_values: its code and English name) as a glued sentence."""
    return say("partner", "name", partner=Partner(str(row["partner"]), str(row["name"])))


def every_template() -> list[tuple[str, str]]:
    """Every (context, template) of the glued sentences: what outputs.po holds for them, used or not this year."""
    return [(CONTEXT.format(name=name), t) for name, parts in PATTERNS.items() for t in parts.values()]


def joined(name: str, part: str, items: list) -> Sentence | object:
    """Several values said one after another by the template `part` ("{before}, and to {next}")."""
    out = items[0]
    for item in items[1:]:
        out = say(name, part, before=out, next=item)
    return out


def texts(figure) -> dict[str, str]:
    """A formatted figure's (analysis.narrative) text in every language, as a sentence's value."""
    return {SOURCE: str(figure), **(getattr(figure, "texts", None) or {})}


def years(n: int, english: str) -> dict[str, str]:
    return each(english, formatting.counted, n, "years")


def period(p: Period) -> dict[str, str]:
    """A part of a year as a clause in English ('2022 covers eleven months (September missing)') and as a label in
    another language ('2022 г. без сентября'), which its template's translation builds its clause around."""
    return each(p.sentence(), formatting.period, p)
