"""Cross-checks of the snapshots against official figures the paper prints (its Figure 1 and its oil share for 2024).

Each check in datapackage.json names what it compares and the reference figure as printed; every recipe run fills in
the value the snapshot gives and whether the two agree, rounded to the printed decimals. A revised snapshot thus
revises its checks too, and a disagreement is recorded, never hidden.
"""

from __future__ import annotations

import pandas as pd

from multivector.data.recipes.snapshot import Snapshots


def _decimals(printed: str) -> int:
    return len(printed.partition(".")[2])


def _total(tables, snapshots, check) -> float:
    t = tables["trade_totals"]
    return float(t.loc[(t["year"] == check["year"]) & (t["flow"] == check["flow"]), "value_bn_usd"].iloc[0])


def _partner(tables, snapshots, check) -> float:
    t = tables["trade_partners"]
    row = (t["year"] == check["year"]) & (t["flow"] == check["flow"]) & (t["partner"] == check["partner"])
    return float(t.loc[row, "value_bn_usd"].iloc[0])


def _partners(tables, check) -> pd.Series:
    """The values of the partners the paper names for that flow (Figure 1 names four per flow)."""
    t = tables["trade_partners"]
    row = (t["year"] == check["year"]) & (t["flow"] == check["flow"]) & t["partner"].isin(check["partners"])
    return t.loc[row, "value_bn_usd"]


def _rest_of_world(tables, snapshots, check) -> float:
    return _total(tables, snapshots, check) - float(_partners(tables, check).sum())


def _oil_share(tables, snapshots, check) -> float:
    oil = tables["oil_exports"]
    value = float(oil.loc[oil["year"] == check["year"], "value_bn_usd"].iloc[0])
    return 100 * value / _total(tables, snapshots, {**check, "flow": "exports"})


def _annual_sum(tables, snapshots, check) -> float:
    monthly = snapshots.monthly(check["series"])
    return float(monthly.loc[monthly["year"] == check["year"], "value"].sum()) / 1e6


KINDS = {
    "total": _total,
    "partner": _partner,
    "rest_of_world": _rest_of_world,
    "oil_share": _oil_share,
    "annual_sum": _annual_sum,
}


def refresh(descriptor: dict, tables: dict[str, pd.DataFrame], snapshots: Snapshots) -> None:
    """Fill in each check's snapshot value and agreement, in place."""
    for resource in descriptor["resources"]:
        for check in resource.get("checks", []):
            printed = check["reference"]["printed"]
            places = _decimals(printed)
            value = KINDS[check["kind"]](tables, snapshots, check)
            check["snapshot"] = round(value, 4)
            check["agrees"] = round(value, places) == float(printed)
            if check["kind"] == "rest_of_world":
                # The paper's rest of the world is its total minus its rounded partner values; so computed from the
                # snapshot too, a difference in the last printed digit is only rounding.
                parts = round(_total(tables, snapshots, check), places) - sum(
                    round(v, places) for v in _partners(tables, check)
                )
                check["snapshot_from_rounded_parts"] = round(parts, places)
                check["agrees_from_rounded_parts"] = round(parts, places) == float(printed)
