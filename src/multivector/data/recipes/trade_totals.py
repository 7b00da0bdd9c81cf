"""Recipe: trade_totals.csv, Kazakhstan's total goods exports and imports by calendar year (bn USD)."""

from __future__ import annotations

import pandas as pd

from multivector.data.periods import MONTHS_IN_YEAR
from multivector.data.recipes import FIRST_YEAR, published
from multivector.data.recipes.snapshot import Snapshots
from multivector.errors import RecipeError

NAME = "trade_totals"


# Where a year's annual totals come from: the monthly BNS series summed, or a figure typed from a publication. Only
# such years have partner rows (trade_partners); the hand-kept WITS row is the oil share's 2019 baseline only.
ANNUAL_SOURCES = ("bns", published.SOURCE)
FLOWS = {"exports": "bns_exports", "imports": "bns_imports"}


def run(snapshots: Snapshots) -> pd.DataFrame:
    # Load inputs.
    monthly = {flow: snapshots.monthly(name) for flow, name in FLOWS.items()}
    wits = snapshots.table("wits_exports")
    typed = published.figures(snapshots).set_index(["year", "flow"])

    # Process data.
    # Monthly values are thousand US dollars; a calendar year is summed once all twelve months are in.
    annual = {
        flow: m[m["year"] >= FIRST_YEAR].groupby("year")["value"].agg(["sum", "size"]) for flow, m in monthly.items()
    }
    summed = {flow: set(a.index[a["size"] == MONTHS_IN_YEAR]) for flow, a in annual.items()}
    _refuse_gaps(snapshots, annual, sorted(set.intersection(*summed.values())))
    # A year enters once each flow has its twelve months or a figure typed from a publication; the snapshot's sum
    # wins where it has both.
    candidates = set.union(*summed.values(), set(typed.index.get_level_values("year")))
    years = sorted(y for y in candidates if all(y in summed[f] or (y, f) in typed.index for f in FLOWS))
    # The statistics office revises the latest year once more; the upstream file carries no flag, so the latest
    # year is marked preliminary and every earlier one final.
    bns = pd.DataFrame(
        [
            {
                "year": year,
                "flow": flow,
                "value_bn_usd": annual[flow].loc[year, "sum"] / 1e6
                if year in summed[flow]
                else typed.loc[(year, flow), "value_bn_usd"],
                "status": "preliminary" if year == years[-1] else "final",
                "source": "bns" if year in summed[flow] else published.SOURCE,
            }
            for year in years
            for flow in FLOWS
        ]
    )
    hand = wits.astype({"year": int, "value_bn_usd": float})
    table = pd.concat([hand, bns], ignore_index=True).sort_values(["year", "flow"], kind="stable")

    # Save outputs.
    return table[["year", "flow", "value_bn_usd", "status", "source"]].reset_index(drop=True)


def _refuse_gaps(snapshots: Snapshots, annual: dict, complete: list[int]) -> None:
    """Every year before the latest complete one must have its twelve months in both flows."""
    problems = [
        f"{snapshots.path(FLOWS[flow])}: {year} has {a.loc[year, 'size']} months; expected {MONTHS_IN_YEAR} for every "
        f"year before the latest complete one ({complete[-1]})"
        for flow, a in annual.items()
        for year in a.index
        if complete and year < complete[-1] and year not in complete
    ]
    if problems or not complete:
        raise RecipeError(
            problems
            or [
                f"{snapshots.path('bns_exports')}: no complete calendar year from {FIRST_YEAR} "
                "on; expected twelve months of exports and imports for at least one year"
            ]
        )
