"""How the claims ledger's notes say what each check compared: sentences (i18n.sentences) whose values carry their text
in every language, so that a translated page says them from the same values, never by parsing the English."""

from __future__ import annotations

import pandas as pd

from multivector.analysis.trade import FLOWS
from multivector.data.dataset import Dataset
from multivector.data.periods import Period
from multivector.i18n import formatting
from multivector.i18n.sentences import Listed, Partner, Sentence, each

# The context of the notes' templates in the edition's catalog of printed outputs (translation.outputs): one per check.
NOTES = "claims/{check}"
# Every note's template, by check and name; "<flow>" stands for each flow of trade.FLOWS, so that a flow is part of
# the sentence a translator translates (its case is the sentence's), never a word slotted in.
PATTERNS = {
    "flow_total": {"total": "total <flow> in {year}: {value}"},
    "partner_share": {"share": "{partner}'s share of <flow> in {year}: {share}"},
    "partner_value": {"value": "{partner}: <flow> of {value} in {year}"},
    "figure_others_value": {"value": "total <flow> in {year} less {who}: {value}"},
    "figure_others_share": {"share": "share of <flow> in {year} outside {who}: {share}"},
    "oil_share_of_exports": {"share": "crude oil {crude} of {exports} bn USD of exports in {period}: {share}"},
    "russia_trade_rising": {
        "too_few": "the data up to the reference year {year} hold fewer than two years since {since}",
        "rose": "turnover with Russia rose every year to {year}: {steps} bn USD",
        "rose_then_fell": "turnover rose until {until}, then fell in {falls}: {steps} bn USD",
        "fell": "turnover fell in {falls}: {steps} bn USD",
        "step": "{year}: {value}",
        "step_preliminary": "{year}: {value} (preliminary)",
        "after": "The paper's own period runs past {year}, to {when}, its latest dated event. After {year} the data "
        "give {steps} bn USD, against {base} in {year}: {trend}.",
        "after_fell": "turnover fell in {falls}",
        "after_rose": "turnover kept rising",
    },
    "war_years": {"months": "{months} from {start} to {latest}, the latest date the paper gives"},
    "inflation_high": {
        "mean": "inflation averaged {a} in {when}, the months before the source's date (this edition's choice), "
        "against {b} in {before}"
    },
    "none": {"none": "the bundled data do not cover this figure"},
}


def template(check: str, name: str, flow: str | None = None) -> str:
    return PATTERNS[check][name].replace("<flow>", flow or "<flow>")


def every_template() -> list[tuple[str, str]]:
    """Every (context, template) a note can be made of, each flow's apart: what a catalog of them holds."""
    out = []
    for check, patterns in PATTERNS.items():
        for pattern in patterns.values():
            flows = FLOWS if "<flow>" in pattern else (None,)
            out += [(NOTES.format(check=check), pattern.replace("<flow>", f or "")) for f in flows]
    return out


def note(check: str, name: str, flow: str | None = None, **values) -> Sentence:
    """The note of `check` made from its template `name` (for `flow`, if it names one) and `values`."""
    return Sentence(NOTES.format(check=check), template(check, name, flow), **values)


def bn(x: float) -> dict[str, str]:
    """Billions of US dollars as the ledger's notes have always printed them ('81.67 bn USD'), in every language."""
    return each(f"{x:.2f} bn USD", formatting.billions_usd, x, 2)


def amount(x: float) -> dict[str, str]:
    return each(f"{x:.2f}", formatting.number, x, 2)


def share(x: float) -> dict[str, str]:
    return each(f"{x:.1f} %", formatting.percent, x, 1)


def period(p: Period) -> dict[str, str]:
    return each(p.said(), formatting.period, p)


def when(event) -> dict[str, str]:
    """An event's date as events.csv's row says it, in every language (English marked where a language lacks it)."""
    return each(event["when"], formatting.moment, event["date"], event["precision"])


def partners(ds: Dataset, codes: list[str]) -> Listed:
    names = ds.partner_names()
    return Listed(tuple(Partner(c, names[c]) for c in codes), ", ")


def steps(rt: pd.DataFrame) -> Listed:
    """Each year's turnover with Russia ('2023: 26.54 (preliminary)'), one after another."""
    return Listed(
        tuple(
            note(
                "russia_trade_rising",
                "step_preliminary" if r.status == "preliminary" else "step",
                year=int(r.year),
                value=amount(r.turnover),
            )
            for r in rt.itertuples()
        ),
        "; ",
    )


def years(said: list[int]) -> Listed:
    return Listed(tuple(said), ", ")


def partner_share(ds: Dataset, flow: str, partner: str, year: int, s: float) -> Sentence:
    return note(
        "partner_share",
        "share",
        flow,
        partner=Partner(partner, ds.partner_names()[partner]),
        year=year,
        share=share(s),
    )


def partner_value(ds: Dataset, flow: str, partner: str, year: int, v: float) -> Sentence:
    return note(
        "partner_value",
        "value",
        flow,
        partner=Partner(partner, ds.partner_names()[partner]),
        value=bn(v),
        year=year,
    )


def others_value(flow: str, year: int, who: Listed, v: float) -> Sentence:
    return note(
        "figure_others_value",
        "value",
        flow,
        year=year,
        who=who,
        value=bn(v),
    )


def others_share(flow: str, year: int, who: Listed, s: float) -> Sentence:
    return note(
        "figure_others_share",
        "share",
        flow,
        year=year,
        who=who,
        share=share(s),
    )


def oil_share(crude: float, exports: float, months: Period, value: float) -> Sentence:
    return note(
        "oil_share_of_exports",
        "share",
        crude=amount(crude),
        exports=amount(exports),
        period=period(months),
        share=share(value),
    )


def war_years(months: int, ev: pd.DataFrame, start_event: str, latest: pd.Timestamp) -> Sentence:
    """Months of war from the event that starts it to the latest the paper dates (`ev` indexed by id)."""
    return note(
        "war_years",
        "months",
        months=each(f"{months} months", formatting.counted, months, "months"),
        start=when(ev.loc[start_event]),
        latest=when(ev[ev["start"] == latest].iloc[0]),
    )


def inflation_high(a: float, months: Period, b: float, before: Period) -> Sentence:
    return note(
        "inflation_high",
        "mean",
        a=share(a),
        when=period(months),
        b=share(b),
        before=period(before),
    )
