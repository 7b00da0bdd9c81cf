"""The derived tables as their recipes make them from a data folder's snapshots, and how a table is written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector.data.recipes import checks, cpi_yoy, oil_exports, published, trade_partners, trade_totals
from multivector.data.recipes.snapshot import Snapshots

RECIPES = (trade_totals, trade_partners, oil_exports, cpi_yoy)
DERIVED = tuple(recipe.NAME for recipe in RECIPES)
FLOAT_FORMAT = "%.2f"


def derive(folder: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    """Every derived table, unrounded, from the folder's snapshots (each verified against its sha256)."""
    snapshots = Snapshots(folder, descriptor)
    for entry in descriptor["snapshots"]:
        snapshots.raw(entry["name"])
    totals = trade_totals.run(snapshots)
    tables = {trade_totals.NAME: totals}
    for recipe in RECIPES[1:]:
        tables[recipe.NAME] = recipe.run(snapshots, totals)
    checks.refresh(descriptor, tables, snapshots)
    published.cite(descriptor, totals, snapshots)
    return tables


def csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT).encode("utf-8")
