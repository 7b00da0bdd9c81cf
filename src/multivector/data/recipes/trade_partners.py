"""Recipe: trade_partners.csv, exports and imports with each named partner by calendar year, long form (bn USD)."""

from __future__ import annotations

import pandas as pd

from multivector.data.recipes import trade_totals
from multivector.data.recipes.snapshot import Snapshots

NAME = "trade_partners"


def run(snapshots: Snapshots, totals: pd.DataFrame) -> pd.DataFrame:
    # Load inputs.
    panel = snapshots.panel("gravity_panel").rows
    countries = snapshots.table("partner_countries")
    order = list(pd.read_csv(snapshots.folder / "partners.csv", dtype=str, keep_default_na=False)["partner"])

    # Process data.
    # Partner codes: each country of the panel belongs to one partner; EU27 is the sum of its 27 member states.
    rows = panel.merge(countries, on="iso3")
    # Every partner country is in every year of the panel (the snapshot reader refuses a gap); rows are kept for the
    # years the annual totals cover, so that each has its total. The panel's values are million US dollars.
    years = sorted(set(rows["year"]) & set(totals.loc[totals["source"].isin(trade_totals.ANNUAL_SOURCES), "year"]))
    sums = rows[rows["year"].isin(years)].groupby(["year", "partner"])[["exports", "imports"]].sum() / 1000
    table = sums.reset_index().melt(id_vars=["year", "partner"], var_name="flow", value_name="value_bn_usd")
    table["rank"] = table["partner"].map(order.index)
    table = table.sort_values(["year", "rank", "flow"])

    # Save outputs.
    return table[["year", "flow", "partner", "value_bn_usd"]].reset_index(drop=True)
