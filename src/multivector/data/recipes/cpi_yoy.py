"""Recipe: cpi_yoy.csv, the monthly consumer price index against the same month a year earlier (= 100)."""

from __future__ import annotations

import pandas as pd

from multivector.data.recipes.snapshot import Snapshots

NAME = "cpi_yoy"


def run(snapshots: Snapshots, totals: pd.DataFrame) -> pd.DataFrame:
    # Load inputs.
    cpi = snapshots.monthly("bns_cpi_yoy")

    # Process data.
    # Copied month by month, as written upstream, from January of the first year the trade totals cover.
    cpi = cpi[cpi["year"] >= totals["year"].min()]
    table = pd.DataFrame(
        {
            "month": [f"{y:04d}-{m:02d}" for y, m in zip(cpi["year"], cpi["month"], strict=False)],
            "index_prev_year_100": list(cpi["text"]),
        }
    )

    # Save outputs.
    return table
