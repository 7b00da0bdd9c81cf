"""The conclusions' key indicators: each for the reference year against the baseline year."""

from __future__ import annotations

import pandas as pd

from multivector.analysis.oil import oil_share_of
from multivector.analysis.prices import year_inflation
from multivector.analysis.trade import effective_partners, share, turnover
from multivector.data.coverage import Unavailable
from multivector.data.dataset import Dataset

# (key, label, unit, the figure for a year).
INDICATORS = (
    ("ru_import_share", "Russia's share of imports", "%", lambda ds, y: share(ds, y, "imports", "RU")),
    ("ru_export_share", "Russia's share of exports", "%", lambda ds, y: share(ds, y, "exports", "RU")),
    ("ru_turnover", "Trade with Russia", "bn USD", lambda ds, y: turnover(ds, y, "RU")),
    ("oil_share", "Crude oil's share of exports", "%", oil_share_of),
    (
        "import_partners",
        "Effective number of import partners",
        "partners",
        lambda ds, y: effective_partners(ds, y, "imports"),
    ),
    ("inflation", "Average consumer price inflation", "%", year_inflation),
)


def indicators(ds: Dataset, year: int, baseline: int) -> pd.DataFrame:
    """Key indicators for the reference year against a baseline year, for the conclusions' small multiples.

    A figure the data cannot give is NaN, with the sentence that says why in `missing`.
    """
    rows = []
    for key, label, unit, figure in INDICATORS:
        for y, role in ((baseline, "baseline"), (year, "reference")):
            try:
                val, missing = float(figure(ds, y)), ""
            except Unavailable as gap:
                val, missing = float("nan"), gap.sentence
            rows.append(
                {
                    "indicator": key,
                    "label": label,
                    "unit": unit,
                    "year": y,
                    "role": role,
                    "value": val,
                    "missing": missing,
                }
            )
    return pd.DataFrame(rows)
