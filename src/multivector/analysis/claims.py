"""The claims ledger: each quantitative claim of the paper, re-tested against the data it can be tested on."""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass

import pandas as pd

from multivector.analysis import events, oil, prices, trade
from multivector.analysis.cells import period_of
from multivector.data.coverage import Unavailable
from multivector.data.dataset import Dataset
from multivector.data.periods import MONTHS_IN_YEAR

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


def _russia_trade_rising(ds: Dataset, claim: pd.Series, year: int) -> Verdict:
    # "Since 2022" as far as the edition's reference year: a later, preliminary year is not what the paper saw.
    rt, rows = trade.turnover_since(ds, 2022, until=year)
    if len(rt) < 2:
        return Verdict(
            None, NOT_TESTABLE, f"the data up to the reference year {year} hold fewer than two years since 2022"
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
    return Verdict(float(rt["turnover"].iloc[-1]), status, note + "; ".join(steps) + " bn USD")


def _war_years(ds: Dataset, claim: pd.Series, year: int) -> Verdict:
    """ "Nearly N years" of war: from the invasion to the latest event the paper dates, in whole months."""
    ev = events.events(ds).set_index("id")
    start, latest = ev.loc["full_scale_invasion", "start"], ev["start"].max()
    months = events.months_between(start, latest)
    near = claim.value * MONTHS_IN_YEAR - MONTHS_IN_YEAR < months <= claim.value * MONTHS_IN_YEAR
    return Verdict(
        months / MONTHS_IN_YEAR,
        CONSISTENT if near else DIFFERS,
        f"{months} months from {ev.loc['full_scale_invasion', 'when']} to {ev['when'][ev['start'] == latest].iloc[0]}, "
        "the latest date the paper gives",
    )


def _inflation_high(ds: Dataset, claim: pd.Series, year: int) -> Verdict:
    autumn = [f"2024-{m:02d}" for m in (9, 10, 11)]
    pre = [f"2019-{m:02d}" for m in range(1, MONTHS_IN_YEAR + 1)]
    a, b = prices.mean_inflation(ds, autumn), prices.mean_inflation(ds, pre)
    return Verdict(
        a,
        CONSISTENT if a > b else DIFFERS,
        f"inflation averaged {a:.1f} % in September to November 2024, against {b:.1f} % in 2019",
    )


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

    Figures the paper gives for one year (Figure 1, the oil share) are recomputed for the edition's reference year, so
    a later edition shows which of them still hold; claims about a stated period ("since 2022", autumn 2024) are
    tested on that period, no later than the reference year.
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
        rows.append({**claim._asdict(), "computed": verdict.computed, "status": verdict.status, "note": verdict.note})
    return pd.DataFrame(rows, columns=[*table.columns, "computed", "status", "note"])


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
            given = arg.split("+") if what == "named" else [arg]
            allowed = trade.FLOWS if what == "flow" else partners
            bad = [g for g in given if g not in allowed]
            if bad:
                problems.append(
                    f"{where}: {what} {', '.join(map(repr, bad))} in {check!r}; expected one of "
                    f"{', '.join(allowed)}" + (" joined by '+'" if what == "named" else "")
                )
    return problems
