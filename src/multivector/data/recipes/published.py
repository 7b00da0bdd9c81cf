"""Figures typed by hand from a publication: the hand-kept file of annual totals an analyst adds when the upstream
files lack a year (raw/hand_kept/published_totals.csv), read as strictly as an upstream file.

Every row must say where its figure was printed (`citation`): a number without its publication is refused, with the
file, row and column, before anything is written.
"""

from __future__ import annotations

import csv
import io
import math

import pandas as pd

from multivector.data.recipes.snapshot import YEAR, Snapshots, read_table
from multivector.errors import RecipeError

NAME = "published_totals"
COLUMNS = ["year", "flow", "value_bn_usd", "citation"]
FLOWS = ("exports", "imports")
# What trade_totals.csv's `source` says of a row taken from this file.
SOURCE = "published"


def read_published(raw: bytes, name: str) -> pd.DataFrame:
    """The file's rows (year int, flow, value_bn_usd float, citation); RecipeError naming every bad cell."""
    read_table(raw, name)  # refuses what a re-encoded or truncated copy looks like
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    if not rows or rows[0] != COLUMNS:
        found = ",".join(rows[0]) if rows else "nothing"
        raise RecipeError([f"{name}, row 1: columns are {found}; expected {','.join(COLUMNS)}"])
    short = [n for n, row in enumerate(rows[1:], start=2) if row and len(row) != len(COLUMNS)]
    if short:
        raise RecipeError(
            [
                f"{name}, row {n}: {len(rows[n - 1])} fields; expected {len(COLUMNS)} ({','.join(COLUMNS)})"
                for n in short
            ]
        )
    table = pd.DataFrame([row for row in rows[1:] if row], columns=COLUMNS)
    problems = [p for number, row in enumerate(table.itertuples(index=False), start=2) for p in _row(row, name, number)]
    if problems:
        raise RecipeError(problems)
    table = table.astype({"year": int, "value_bn_usd": float})
    twice = table[table.duplicated(["year", "flow"], keep=False)]
    if not twice.empty:
        first = twice.iloc[0]
        raise RecipeError(
            [f"{name}: {first.year} {first.flow} appears more than once; expected one figure per year and flow"]
        )
    return table


def figures(snapshots: Snapshots) -> pd.DataFrame:
    """The published figures of the folder's hand-kept file, verified against its sha256; none for a data folder
    whose datapackage.json lists no such snapshot (one laid out before the route existed)."""
    if not any(s["name"] == NAME for s in snapshots.descriptor["snapshots"]):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(COLUMNS, (int, str, float, str), strict=True)})
    return read_published(snapshots.raw(NAME), snapshots.path(NAME))


def cite(descriptor: dict, totals: pd.DataFrame, snapshots: Snapshots) -> None:
    """List, among trade_totals' sources in the descriptor, each publication a row of the table was typed from (and
    no longer one whose figures the table does not use), so that the sources appendix cites it."""
    resource = next(r for r in descriptor["resources"] if r["name"] == "trade_totals")
    kept = [s for s in resource.get("sources", []) if s.get("snapshots") != [NAME]]
    used = totals[totals["source"] == SOURCE]
    typed = figures(snapshots).set_index(["year", "flow"])
    cited: dict[str, list[str]] = {}
    for row in used.itertuples():
        cited.setdefault(typed.loc[(row.year, row.flow), "citation"], []).append(f"{row.year} {row.flow}")
    resource["sources"] = kept + [
        {"title": citation, "note": f"typed by hand: {', '.join(rows)} (source = {SOURCE})", "snapshots": [NAME]}
        for citation, rows in cited.items()
    ]


def _row(row, name: str, number: int) -> list[str]:
    where = f"{name}, row {number}, column"
    problems = []
    if not YEAR.fullmatch(row.year):
        problems.append(f"{where} 'year': {row.year!r} is not a year; expected four digits")
    if row.flow not in FLOWS:
        problems.append(f"{where} 'flow': {row.flow!r}; expected one of {', '.join(FLOWS)}")
    try:
        value = float(row.value_bn_usd)
    except ValueError:
        value = -1.0
    if not (math.isfinite(value) and value > 0):
        problems.append(f"{where} 'value_bn_usd': {row.value_bn_usd!r}; expected a positive number of bn USD")
    if not row.citation.strip():
        problems.append(
            f"{where} 'citation': empty; expected the publication the figure was typed from "
            "(publisher, title, table or page, date)"
        )
    return problems
