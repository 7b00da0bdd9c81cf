"""The claims ledger: each quantitative claim of the paper, re-tested against the data it can be tested on."""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass

import pandas as pd

from multivector.analysis import cells, events, oil, prices, trade
from multivector.analysis.cells import period_of
from multivector.data.coverage import Unavailable
from multivector.data.dataset import Dataset
from multivector.data.periods import MONTHS_IN_YEAR, Period

REPRODUCED, CONSISTENT, DIFFERS, NOT_TESTABLE = "reproduced", "consistent", "differs", "not testable with bundled data"
# A check whose series has no data for the edition's year (coverage.Unavailable): testable in another edition.
NOT_TESTABLE_YEAR = "not testable for that year"
STATUSES = (REPRODUCED, CONSISTENT, DIFFERS, NOT_TESTABLE, NOT_TESTABLE_YEAR)
# The ledger page shows these words as its legend, so the rules below and what the reader is told are one text.
MEANINGS = {
    REPRODUCED: "the data give the paper's figure at the precision the paper states it",
    CONSISTENT: 'the data agree with the claim without giving an exact figure to match: an "up to" figure the '
    "data do not exceed, or a trend or level the data show",
    DIFFERS: "the data say something else, and the note says what",
    NOT_TESTABLE: "the claim rests on a source whose figures this edition does not ship",
    NOT_TESTABLE_YEAR: "the bundled series do not cover the edition's reference year, so the claim cannot be tested "
    "for it (another year's edition may test it)",
}


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
        v, REPRODUCED if round(v, 2) == round(claim.value, 2) else DIFFERS, f"total {flow} in {year}: {v:.2f} bn USD"
    )


def _partner_share(ds: Dataset, claim: pd.Series, year: int, flow: str, partner: str) -> Verdict:
    s = trade.share(ds, year, flow, partner)
    return Verdict(
        s,
        REPRODUCED if round(s, 1) == round(claim.value, 1) else DIFFERS,
        f"{ds.partner_names()[partner]}'s share of {flow} in {year}: {s:.1f} %",
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
        f"{ds.partner_names()[partner]}: {flow} of {v:.2f} bn USD in {year}",
    )


def _figure_others(ds: Dataset, year: int, flow: str, named: str) -> tuple[float, float, str]:
    """Figure 1's "Others": the flow's total less the partners the figure names (value, share, who was left out)."""
    codes = named.split("+")
    names = ds.partner_names()
    v = trade.total(ds, year, flow) - sum(trade.value(ds, year, flow, c) for c in codes)
    return v, 100 * v / trade.total(ds, year, flow), ", ".join(names[c] for c in codes)


def _figure_others_value(ds: Dataset, claim: pd.Series, year: int, flow: str, named: str) -> Verdict:
    v, _, who = _figure_others(ds, year, flow, named)
    return Verdict(
        v,
        REPRODUCED if round(v, 2) == round(claim.value, 2) else DIFFERS,
        f"total {flow} in {year} less {who}: {v:.2f} bn USD",
    )


def _figure_others_share(ds: Dataset, claim: pd.Series, year: int, flow: str, named: str) -> Verdict:
    _, s, who = _figure_others(ds, year, flow, named)
    return Verdict(
        s,
        REPRODUCED if round(s, 1) == round(claim.value, 1) else DIFFERS,
        f"share of {flow} in {year} outside {who}: {s:.1f} %",
    )


def _oil_share(ds: Dataset, claim: pd.Series, year: int) -> Verdict:
    share = oil.oil_share_of(ds, year)
    crude, exports = share.inputs[0], share.inputs[1]
    period = period_of(ds, "oil_exports", year)
    return Verdict(
        float(share),
        up_to(share, claim.value),
        f"crude oil {float(crude.value):.2f} of {float(exports.value):.2f} bn USD of exports in {period.said()}: "
        f"{share:.1f} %",
    )


def _russia_trade_rising(ds: Dataset, claim: pd.Series, year: int, since: str) -> Verdict:
    # "Since <year>" is tested as far as the edition's reference year; the paper's own period runs on to its latest
    # dated event, and what the data show between the two is said beside the verdict (`later`).
    rt, rows = trade.turnover_since(ds, int(since), until=year)
    if len(rt) < 2:
        return Verdict(
            None, NOT_TESTABLE, f"the data up to the reference year {year} hold fewer than two years since {since}"
        )
    steps = [
        f"{int(r.year)}: {r.turnover:.2f}{' (preliminary)' if r.status == 'preliminary' else ''}"
        for r in rt.itertuples()
    ]
    falls = [int(rt.loc[i, "year"]) for i in rows]
    if not falls:
        status, note = CONSISTENT, f"turnover with Russia rose every year to {year}: "
    else:
        held = f"rose until {falls[0] - 1}, then " if falls[0] - 1 > int(rt["year"].iloc[0]) else ""
        status, note = DIFFERS, f"turnover {held}fell in {', '.join(map(str, falls))}: "
    return Verdict(float(rt["turnover"].iloc[-1]), status, note + "; ".join(steps) + " bn USD", _after(ds, year))


def written(ds: Dataset) -> int:
    """The year of the paper's latest dated event: the paper carries no date, so this stands in for its own time."""
    return int(events.events(ds)["start"].max().year)


def _after(ds: Dataset, year: int) -> str:
    """Turnover with Russia in the years after `year` up to the paper's latest dated event, as a sentence ('' if the
    data hold none): the paper's "since 2022" covers them, though the edition's reference year does not."""
    ev = events.events(ds)
    last = ev.loc[ev["start"].idxmax()]
    rt, falls = trade.turnover_since(ds, year, until=int(last["start"].year))
    if len(rt) < 2 or int(rt["year"].iloc[0]) != year:
        return ""
    steps = "; ".join(
        f"{int(r.year)}: {r.turnover:.2f}{' (preliminary)' if r.status == 'preliminary' else ''}"
        for r in rt.iloc[1:].itertuples()
    )
    fell = [int(rt.loc[i, "year"]) for i in falls]
    trend = f"turnover fell in {', '.join(map(str, fell))}" if fell else "turnover kept rising"
    return (
        f"The paper's own period runs past {year}, to {last['when']}, its latest dated event. After {year} the data "
        f"give {steps} bn USD, against {rt['turnover'].iloc[0]:.2f} in {year}: {trend}."
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
        f"{months} months from {ev.loc[start_event, 'when']} to {ev['when'][ev['start'] == latest].iloc[0]}, "
        "the latest date the paper gives",
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
        f"inflation averaged {a:.1f} % in {when.said()}, the months before the source's date (this edition's choice), "
        f"against {b:.1f} % in {before.said()}",
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
            verdict = Verdict(None, NOT_TESTABLE, "the bundled data do not cover this figure")
        else:
            name, *args = check.split(":")
            try:
                verdict = CHECKS[name](ds, pd.Series(claim._asdict()), year, *args)
            except Unavailable as gap:
                verdict = Verdict(None, NOT_TESTABLE_YEAR, str(gap))
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


def _year_rule(ds: Dataset, arg: str) -> str:
    return "" if arg.isascii() and arg.isdigit() and len(arg) == 4 else "expected a year such as 2022"


def _months_rule(ds: Dataset, arg: str) -> str:
    try:
        Period.parse_span(arg)
    except ValueError as err:
        return str(err)
    return ""


def _event_rule(ds: Dataset, arg: str) -> str:
    return "" if arg in set(ds["events"]["id"]) else "expected the id of a row of events.csv"


# How a check's arguments other than flows and partners are checked, by the argument's name in the check's signature.
ARGUMENT_RULES = {"since": _year_rule, "against": _year_rule, "months": _months_rule, "start_event": _event_rule}


def check_problems(ds: Dataset) -> list[str]:
    """What is wrong with claims.csv's `check` column, row by row: a check is a name from CHECKS followed by its
    arguments, each after a colon (`partner_share:imports:RU`; Figure 1's named partners joined by '+')."""
    partners, problems = ds.partner_names(), []
    for i, check in ds["claims"]["check"].items():
        if not isinstance(check, str) or not check:
            continue
        where = f"claims.csv, row {i + 2}, column 'check'"
        name, *args = check.split(":")
        if name not in CHECKS:
            problems.append(f"{where}: unknown check {name!r}; expected one of {', '.join(CHECKS)}")
            continue
        wanted = list(inspect.signature(CHECKS[name]).parameters)[3:]  # after the dataset, the claim and the year
        if len(args) != len(wanted):
            problems.append(
                f"{where}: {check!r} gives {len(args)} argument(s); expected {name}" + "".join(f":{w}" for w in wanted)
            )
            continue
        for what, arg in zip(wanted, args, strict=True):
            if what in ARGUMENT_RULES:
                said = ARGUMENT_RULES[what](ds, arg)
                if said:
                    problems.append(f"{where}: {what} {arg!r} in {check!r}: {said}")
                continue
            given = arg.split("+") if what == "named" else [arg]
            allowed = trade.FLOWS if what == "flow" else partners
            bad = [g for g in given if g not in allowed]
            if bad:
                problems.append(
                    f"{where}: {what} {', '.join(map(repr, bad))} in {check!r}; expected one of "
                    f"{', '.join(allowed)}" + (" joined by '+'" if what == "named" else "")
                )
    return problems
