"""The claims ledger: each quantitative claim of the paper, re-tested against the data it can be tested on."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import compute
from .coverage import Unavailable
from .data import Dataset

REPRODUCED, CONSISTENT, DIFFERS, NOT_TESTABLE = "reproduced", "consistent", "differs", "not testable with bundled data"
# A check whose series has no data for the edition's year (coverage.Unavailable): testable in another edition.
NOT_TESTABLE_YEAR = "not testable for that year"
STATUSES = (REPRODUCED, CONSISTENT, DIFFERS, NOT_TESTABLE, NOT_TESTABLE_YEAR)


@dataclass(frozen=True)
class Verdict:
    computed: float | None
    status: str
    note: str


def _flow_total(ds: Dataset, claim: pd.Series, year: int, flow: str) -> Verdict:
    v = compute.total(ds, year, flow)
    return Verdict(v, REPRODUCED if round(v, 2) == round(claim.value, 2) else DIFFERS,
                   f"total {flow} in {year}: {v:.2f} bn USD")


def _partner_share(ds: Dataset, claim: pd.Series, year: int, flow: str, partner: str) -> Verdict:
    s = compute.share(ds, year, flow, partner)
    return Verdict(s, REPRODUCED if round(s, 1) == round(claim.value, 1) else DIFFERS,
                   f"{ds.partner_names()[partner]}'s share of {flow} in {year}: {s:.1f} %")


def up_to(value: float, claimed: float) -> str:
    """The status of data against a figure the paper gives as "up to" a whole percentage: reproduced if they round
    to it, consistent if they stay below it, differs if they exceed it. Halves round up, as a reader rounds
    (Python's round() would take 52.5 to 52)."""
    return REPRODUCED if math.floor(value + 0.5) == claimed else (CONSISTENT if value <= claimed else DIFFERS)


def _oil_share(ds: Dataset, claim: pd.Series, year: int) -> Verdict:
    share = compute.oil_share_of(ds, year)
    oil, exports = share.inputs[0], share.inputs[1]
    months = compute.cell(ds, "oil_exports", "months_covered", year=year)
    partial = f"; {int(months)} months only" if months < 12 else ""
    return Verdict(float(share), up_to(share, claim.value),
                   f"crude oil {float(oil.value):.2f} of {float(exports.value):.2f} bn USD of exports in {year}: {share:.1f} %{partial}")


def _russia_trade_rising(ds: Dataset, claim: pd.Series, year: int) -> Verdict:
    rt, rows = compute.turnover_since(ds, 2022)
    steps = [f"{int(r.year)}: {r.turnover:.2f}{' (preliminary)' if r.status == 'preliminary' else ''}" for r in rt.itertuples()]
    falls = [int(rt.loc[i, "year"]) for i in rows]
    if not falls:
        status, note = REPRODUCED, "turnover with Russia rose every year: "
    else:
        held = f"rose until {falls[0] - 1}, then " if falls[0] - 1 > int(rt["year"].iloc[0]) else ""
        status, note = DIFFERS, f"turnover {held}fell in {', '.join(map(str, falls))}: "
    return Verdict(float(rt["turnover"].iloc[-1]), status, note + "; ".join(steps) + " bn USD")


def _inflation_high(ds: Dataset, claim: pd.Series, year: int) -> Verdict:
    autumn = [f"2024-{m:02d}" for m in (9, 10, 11)]
    pre = [f"2019-{m:02d}" for m in range(1, 13)]
    a, b = compute.mean_inflation(ds, autumn), compute.mean_inflation(ds, pre)
    return Verdict(a, CONSISTENT if a > b else DIFFERS,
                   f"inflation averaged {a:.1f} % in September to November 2024, against {b:.1f} % in 2019")


CHECKS = {
    "flow_total": _flow_total,
    "partner_share": _partner_share,
    "oil_share_of_exports": _oil_share,
    "russia_trade_rising": _russia_trade_rising,
    "inflation_high": _inflation_high,
}


def evaluate(ds: Dataset, year: int, section: str | None = None) -> pd.DataFrame:
    """Every claim with its computed value, status and a note saying what was compared.

    Year-bound checks are run for the edition's reference year, so a later edition shows which of the
    paper's figures still hold.
    """
    rows = []
    # A section page tests only its own claims, so it depends only on those rows and the data they need.
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


def unknown_checks(ds: Dataset) -> list[str]:
    names = ds["claims"]["check"].dropna()
    return sorted({c.split(":")[0] for c in names if c and c.split(":")[0] not in CHECKS})
