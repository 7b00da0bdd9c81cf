"""The claims ledger: each quantitative claim of the paper, re-tested against the data it can be tested on."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from multivector.analysis import cells, claim_rules, events, oil, prices, trade
from multivector.analysis import claim_notes as notes
from multivector.analysis.cells import period_of
from multivector.analysis.statuses import (
    CONSISTENT,
    DIFFERS,
    NOT_TESTABLE,
    NOT_TESTABLE_YEAR,
    REPRODUCED,
)
from multivector.data.coverage import Unavailable
from multivector.data.dataset import Dataset
from multivector.data.periods import MONTHS_IN_YEAR, Period
from multivector.i18n.sentences import Sentence, plain


@dataclass(frozen=True)
class Verdict:
    computed: float | None
    status: str
    note: str
    # What the data show after the reference year within the paper's own time (to its latest dated event), said beside
    # the verdict, which rests on the years up to the reference year; empty where there is nothing to add.
    later: str = ""


def _flow_total(ds: Dataset, claim: pd.Series, year: int, flow: str) -> Verdict:
    v = trade.total(ds, year, flow)
    return Verdict(
        v,
        REPRODUCED if round(v, 2) == round(claim.value, 2) else DIFFERS,
        notes.note("flow_total", "total", flow, year=year, value=notes.bn(v)),
    )


def _partner_share(ds: Dataset, claim: pd.Series, year: int, flow: str, partner: str) -> Verdict:
    s = trade.share(ds, year, flow, partner)
    return Verdict(
        s,
        REPRODUCED if round(s, 1) == round(claim.value, 1) else DIFFERS,
        notes.partner_share(ds, flow, partner, year, s),
    )


def whole(value: float) -> int:
    """A percentage rounded to a whole number as a reader rounds: halves up (Python's round() takes 52.5 to 52)."""
    return math.floor(value + 0.5)


def up_to(value: float, claimed: float) -> str:
    """The status of data against a figure the paper gives as "up to" a whole percentage: consistent if they do not
    exceed it once rounded as the paper rounds, differs if they do. Never reproduced: a ceiling names no exact
    figure to reproduce."""
    return CONSISTENT if whole(value) <= claimed else DIFFERS


def _partner_value(ds: Dataset, claim: pd.Series, year: int, flow: str, partner: str) -> Verdict:
    v = trade.value(ds, year, flow, partner)
    return Verdict(
        v,
        REPRODUCED if round(v, 2) == round(claim.value, 2) else DIFFERS,
        notes.partner_value(ds, flow, partner, year, v),
    )


def _figure_others(ds: Dataset, year: int, flow: str, named: str) -> tuple[float, float, notes.Listed]:
    """Figure 1's "Others": the flow's total less the partners the figure names (value, share, who was left out)."""
    codes = named.split("+")
    v = trade.total(ds, year, flow) - sum(trade.value(ds, year, flow, c) for c in codes)
    return v, 100 * v / trade.total(ds, year, flow), notes.partners(ds, codes)


def _figure_others_value(ds: Dataset, claim: pd.Series, year: int, flow: str, named: str) -> Verdict:
    v, _, who = _figure_others(ds, year, flow, named)
    return Verdict(
        v,
        REPRODUCED if round(v, 2) == round(claim.value, 2) else DIFFERS,
        notes.others_value(flow, year, who, v),
    )


def _figure_others_share(ds: Dataset, claim: pd.Series, year: int, flow: str, named: str) -> Verdict:
    _, s, who = _figure_others(ds, year, flow, named)
    return Verdict(
        s,
        REPRODUCED if round(s, 1) == round(claim.value, 1) else DIFFERS,
        notes.others_share(flow, year, who, s),
    )


def _oil_share(ds: Dataset, claim: pd.Series, year: int) -> Verdict:
    share = oil.oil_share_of(ds, year)
    crude, exports = share.inputs[0], share.inputs[1]
    period = period_of(ds, "oil_exports", year)
    return Verdict(
        float(share),
        up_to(share, claim.value),
        notes.oil_share(float(crude.value), float(exports.value), period, share),
    )


def _russia_trade_rising(ds: Dataset, claim: pd.Series, year: int, since: str) -> Verdict:
    # "Since <year>" is tested as far as the edition's reference year; the paper's own period runs on to its latest
    # dated event, and what the data show between the two is said beside the verdict (`later`).
    rt, rows = trade.turnover_since(ds, int(since), until=year)
    if len(rt) < 2:
        return Verdict(None, NOT_TESTABLE, notes.note("russia_trade_rising", "too_few", year=year, since=since))
    steps = notes.steps(rt)
    falls = [int(rt.loc[i, "year"]) for i in rows]
    if not falls:
        status, said = CONSISTENT, notes.note("russia_trade_rising", "rose", year=year, steps=steps)
    elif falls[0] - 1 > int(rt["year"].iloc[0]):
        until, fell = falls[0] - 1, notes.years(falls)
        status, said = (
            DIFFERS,
            notes.note("russia_trade_rising", "rose_then_fell", until=until, falls=fell, steps=steps),
        )
    else:
        status, said = DIFFERS, notes.note("russia_trade_rising", "fell", falls=notes.years(falls), steps=steps)
    return Verdict(float(rt["turnover"].iloc[-1]), status, said, _after(ds, year))


def written(ds: Dataset) -> int:
    """The year of the paper's latest dated event: the paper carries no date, so this stands in for its own time."""
    return int(events.events(ds)["start"].max().year)


def _after(ds: Dataset, year: int) -> Sentence | str:
    """Turnover with Russia in the years after `year` up to the paper's latest dated event, as a sentence ('' if the
    data hold none): the paper's "since 2022" covers them, though the edition's reference year does not."""
    ev = events.events(ds)
    last = ev.loc[ev["start"].idxmax()]
    rt, falls = trade.turnover_since(ds, year, until=int(last["start"].year))
    if len(rt) < 2 or int(rt["year"].iloc[0]) != year:
        return ""
    fell = [int(rt.loc[i, "year"]) for i in falls]
    trend = (
        notes.note("russia_trade_rising", "after_fell", falls=notes.years(fell))
        if fell
        else notes.note("russia_trade_rising", "after_rose")
    )
    return notes.note(
        "russia_trade_rising",
        "after",
        year=year,
        when=notes.when(last),
        steps=notes.steps(rt.iloc[1:]),
        base=notes.amount(rt["turnover"].iloc[0]),
        trend=trend,
    )


def _war_years(ds: Dataset, claim: pd.Series, year: int, start_event: str) -> Verdict:
    """ "Nearly N years" of war: from the event that starts it to the latest event the paper dates, in whole months."""
    ev = events.events(ds).set_index("id")
    start, latest = ev.loc[start_event, "start"], ev["start"].max()
    months = events.months_between(start, latest)
    near = claim.value * MONTHS_IN_YEAR - MONTHS_IN_YEAR < months <= claim.value * MONTHS_IN_YEAR
    return Verdict(
        months / MONTHS_IN_YEAR,
        CONSISTENT if near else DIFFERS,
        notes.war_years(months, ev, start_event, latest),
    )


def _inflation_high(ds: Dataset, claim: pd.Series, year: int, months: str, against: str) -> Verdict:
    """Inflation over the claim's months (claims.csv: the edition's choice of months before the source's date) against
    a pre-war year's."""
    when, before = Period.parse_span(months), Period(int(against))
    a = prices.mean_inflation(ds, when.month_keys(), when.said())
    b = prices.mean_inflation(ds, before.month_keys(), before.said())
    return Verdict(
        a,
        CONSISTENT if a > b else DIFFERS,
        notes.inflation_high(a, when, b, before),
    )


def check_args(ds: Dataset, claim_id: str) -> list[str]:
    """The arguments claims.csv gives a claim's check ('russia_trade_rising:2022' -> ['2022']): the periods a check
    tests, which the prose that quotes the same test reads from here too."""
    return str(cells.claim(ds, claim_id)["check"]).split(":")[1:]


CHECKS = {
    "flow_total": _flow_total,
    "partner_share": _partner_share,
    "partner_value": _partner_value,
    "figure_others_value": _figure_others_value,
    "figure_others_share": _figure_others_share,
    "war_years": _war_years,
    "oil_share_of_exports": _oil_share,
    "russia_trade_rising": _russia_trade_rising,
    "inflation_high": _inflation_high,
}


def evaluate(ds: Dataset, year: int, section: str | None = None, ids: list[str] | None = None) -> pd.DataFrame:
    """Every claim with its computed value, status and a note saying what was compared.

    Figures the paper gives for one year (Figure 1 and the oil share, both for 2024) are claims about that year: they
    are compared with the data for the edition's reference year, which tests the paper when that year is theirs and is
    the edition's own comparison for any other year. A claim about a stated period (its check's arguments in
    claims.csv: "since 2022", the months before a source's date) is tested on that period up to the reference year;
    what the data show after it, within the paper's own time, is the row's `later`.
    """
    rows = []
    # A section page tests only its own claims (and those it quotes), so it depends only on those rows and their data.
    if ids is not None:
        table = ds.rows("claims", ids=ids)
    else:
        table = ds["claims"] if section is None else ds.rows("claims", sections=[section])
    for claim in table.itertuples(index=False):
        check = claim.check if isinstance(claim.check, str) else ""
        if not check:
            verdict = Verdict(None, NOT_TESTABLE, notes.note("none", "none"))
        else:
            name, *args = check.split(":")
            try:
                verdict = CHECKS[name](ds, pd.Series(claim._asdict()), year, *args)
            except Unavailable as gap:
                verdict = Verdict(None, NOT_TESTABLE_YEAR, plain(notes.NOTES.format(check="unavailable"), str(gap)))
        rows.append(
            {
                **claim._asdict(),
                "computed": verdict.computed,
                "status": verdict.status,
                "note": verdict.note,
                "later": verdict.later,
            }
        )
    return pd.DataFrame(rows, columns=[*table.columns, "computed", "status", "note", "later"])


def check_problems(ds: Dataset) -> list[str]:
    """What is wrong with claims.csv's `check` column, row by row (analysis.claim_rules)."""
    return claim_rules.check_problems(ds, CHECKS)
