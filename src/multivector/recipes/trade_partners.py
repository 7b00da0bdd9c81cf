"""Recipe: trade_partners.csv, exports and imports with each named partner by calendar year, long form (bn USD)."""
from __future__ import annotations

import pandas as pd

from .snapshot import RecipeError, Snapshots

NAME = "trade_partners"


def run(snapshots: Snapshots, totals: pd.DataFrame) -> pd.DataFrame:
    # Load inputs.
    panel = snapshots.panel("gravity_panel").rows
    countries = snapshots.table("partner_countries")
    order = list(pd.read_csv(snapshots.folder / "partners.csv", dtype=str, keep_default_na=False)["partner"])

    # Process data.
    # Partner codes: each country of the panel belongs to one partner; EU27 is the sum of its 27 member states.
    rows = panel.merge(countries, on="iso3")
    years = sorted(set(rows["year"]) & set(totals.loc[totals["source"] == "bns", "year"]))
    problems = []
    for year in years:
        missing = sorted(set(countries["iso3"]) - set(rows.loc[rows["year"] == year, "iso3"]))
        problems += [f"{snapshots.path('gravity_panel')}: no row for {iso3} ({_partner(countries, iso3)}) in {year}, "
                     "though other partner countries have one; expected every partner country in every year"
                     for iso3 in missing]
    if problems:
        raise RecipeError(problems)
    # The panel's values are million US dollars.
    sums = rows[rows["year"].isin(years)].groupby(["year", "partner"])[["exports", "imports"]].sum() / 1000
    table = sums.reset_index().melt(id_vars=["year", "partner"], var_name="flow", value_name="value_bn_usd")
    table["rank"] = table["partner"].map(order.index)
    table = table.sort_values(["year", "rank", "flow"])

    # Save outputs.
    return table[["year", "flow", "partner", "value_bn_usd"]].reset_index(drop=True)


def _partner(countries: pd.DataFrame, iso3: str) -> str:
    partner = countries.loc[countries["iso3"] == iso3, "partner"].iloc[0]
    return partner if partner != iso3 else iso3
