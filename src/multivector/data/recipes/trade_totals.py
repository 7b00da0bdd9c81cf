"""Recipe: trade_totals.csv, Kazakhstan's total goods exports and imports by calendar year (bn USD)."""

from __future__ import annotations

import pandas as pd

from multivector.data.periods import MONTHS_IN_YEAR
from multivector.data.recipes import FIRST_YEAR
from multivector.data.recipes.snapshot import RecipeError, Snapshots

NAME = "trade_totals"


def run(snapshots: Snapshots) -> pd.DataFrame:
    # Load inputs.
    flows = {"exports": "bns_exports", "imports": "bns_imports"}
    monthly = {flow: snapshots.monthly(name) for flow, name in flows.items()}
    wits = snapshots.table("wits_exports")

    # Process data.
    # Monthly values are thousand US dollars; a calendar year is summed once all twelve months are in.
    annual = {
        flow: m[m["year"] >= FIRST_YEAR].groupby("year")["value"].agg(["sum", "size"]) for flow, m in monthly.items()
    }
    complete = sorted(set.intersection(*(set(a.index[a["size"] == MONTHS_IN_YEAR]) for a in annual.values())))
    problems = [
        f"{snapshots.path(flows[flow])}: {year} has {a.loc[year, 'size']} months; expected {MONTHS_IN_YEAR} for every "
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
    # The statistics office revises the latest year once more; the upstream file carries no flag, so the latest
    # complete year is marked preliminary and every earlier one final.
    bns = pd.DataFrame(
        [
            {
                "year": year,
                "flow": flow,
                "value_bn_usd": annual[flow].loc[year, "sum"] / 1e6,
                "status": "preliminary" if year == complete[-1] else "final",
                "source": "bns",
            }
            for year in complete
            for flow in flows
        ]
    )
    # The hand-kept WITS row (2019 exports) is the oil share's baseline only.
    hand = wits.astype({"year": int, "value_bn_usd": float})
    table = pd.concat([hand, bns], ignore_index=True).sort_values(["year", "flow"], kind="stable")

    # Save outputs.
    return table[["year", "flow", "value_bn_usd", "status", "source"]].reset_index(drop=True)
