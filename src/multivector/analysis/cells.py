"""A cell of the data package as a number that remembers where it came from: the lookup every figure starts from."""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector.analysis.lineage import Input, Traced
from multivector.data.coverage import EmptyCell, NotCovered
from multivector.data.dataset import Dataset
from multivector.data.periods import Period

# How a reader names one cell of a table in a formula ("crude oil exports 2024"); other cells are named by file,
# column and row.
LABELS = {
    ("trade_totals", "value_bn_usd"): lambda r, ds: f"total {r['flow']} {r['year']}",
    ("trade_partners", "value_bn_usd"): lambda r, ds: (
        f"{r['flow']} {'from' if r['flow'] == 'imports' else 'to'} {ds.partner_names()[r['partner']]} {r['year']}"
    ),
    ("oil_exports", "value_bn_usd"): lambda r, ds: (
        f"crude oil exports {Period.parse(int(r['year']), r['months']).said()}"
    ),
    ("oil_exports", "months_covered"): lambda r, ds: f"months of crude oil exports recorded for {r['year']}",
    ("oil_exports", "exports_same_months_bn_usd"): lambda r, ds: (
        f"total exports {Period.parse(int(r['year']), r['months']).said()}"
    ),
    ("cpi_yoy", "index_prev_year_100"): lambda r, ds: f"consumer prices {r['month']} (a year earlier = 100)",
    ("claims", "value"): lambda r, ds: f"the paper's figure ({r['claim']})",
    ("claims", "period"): lambda r, ds: f"the period the paper gives for '{r['claim']}'",
    ("events", "date"): lambda r, ds: f"date of '{r['label']}'",
}


def source(ds: Dataset, resource: str, column: str, **key) -> Input:
    """The cell of `column` in the row of `resource` with these key values: where it is and what it holds.

    Raises coverage.NotCovered when no row has the key, coverage.EmptyCell when the cell is empty: the one way a
    figure learns that the data cannot give it.
    """
    t = _rows(ds, resource, key)
    # Compared as NumPy arrays: pandas' own comparisons cost a third of a page's run in this function alone.
    mask = np.ones(len(t), dtype=bool)
    for k, v in key.items():
        mask &= t[k].to_numpy(dtype=object) == v
    hits = np.flatnonzero(mask)
    if not len(hits):
        raise NotCovered(ds, resource, key)
    row = t.iloc[hits[0]].to_dict()
    i, value = t.index[hits[0]], row[column]
    path, line = ds.path(resource), int(i) + 2  # line 1 is the header
    if pd.isna(value):
        raise EmptyCell(path, line, column)
    label = LABELS.get((resource, column), lambda r, d: f"{column} of {path}, {', '.join(map(str, key.values()))}")
    # As the CSV writes it: 80, not 80.0.
    said = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return Input(resource, path, ", ".join(f"{k} {v}" for k, v in key.items()), line, column, said, label(row, ds))


def _rows(ds: Dataset, resource: str, key: dict) -> pd.DataFrame:
    """The rows a cell with `key` can be in, read so that the page depends on those rows only (Dataset.rows): the
    row with its id, for claims and events, which belong to sections; the rows of its year, for a time series."""
    if set(key) == {"id"}:
        return ds.rows(resource, ids=[key["id"]])
    if "year" in key:
        return ds.rows(resource, year=int(key["year"]))
    if "month" in key:
        return ds.rows(resource, year=int(str(key["month"])[:4]))
    return ds[resource]


# The columns that hold a quantity over time (a value over a year or some of its months), as against a share, an
# index or a count: a figure combining two of them must cover the same months (lineage.Traced checks).
QUANTITIES = {
    ("trade_totals", "value_bn_usd"),
    ("trade_partners", "value_bn_usd"),
    ("oil_exports", "value_bn_usd"),
    ("oil_exports", "volume_mt"),
    ("oil_exports", "exports_same_months_bn_usd"),
}


def cell(ds: Dataset, resource: str, column: str, **key) -> Traced:
    """A number from the data, carrying where it came from and, for a quantity, the period it covers."""
    inp = source(ds, resource, column, **key)
    if (resource, column) in QUANTITIES:
        return Traced(float(inp.value), inp.label, (inp,), period=period_of(ds, resource, key["year"]), quantity=True)
    return Traced(float(inp.value), inp.label, (inp,))


def period_of(ds: Dataset, resource: str, year: int) -> Period:
    """The months of `year` a row of an annual series covers: the crude-oil rows say which; the trade tables hold
    whole years only."""
    if resource == "oil_exports":
        return Period.parse(year, source(ds, "oil_exports", "months", year=year).value)
    return Period(year)


def claim(ds: Dataset, claim_id: str) -> pd.Series:
    """One row of the claims ledger (KeyError if the ledger has no such claim)."""
    return ds.rows("claims", ids=[claim_id]).set_index("id").loc[claim_id]


def claim_value(ds: Dataset, claim_id: str) -> Traced | None:
    """The paper's figure for a claim, or None where the paper states the claim without one."""
    try:
        return claimed(ds, claim_id)
    except EmptyCell:
        return None


def claimed(ds: Dataset, claim_id: str) -> Traced:
    """The paper's figure for a claim (coverage.EmptyCell where it has none)."""
    return cell(ds, "claims", "value", id=claim_id)
