"""The conclusions' key indicators: each for the reference year against the baseline year."""

from __future__ import annotations

import pandas as pd

from multivector.analysis.oil import oil_share_of
from multivector.analysis.prices import year_inflation
from multivector.analysis.trade import effective_partners, share, turnover
from multivector.data.coverage import Unavailable
from multivector.data.dataset import Dataset

# The partner the indicators' labels name.
PARTNER = "RU"

# (key, label, unit, the figure for a year); a label naming a partner is a template filled with its name (the partner
# is PARTNER), so that a translated chart fills it with the name in its language.
INDICATORS = (
    ("ru_import_share", "{partner}'s share of imports", "%", lambda ds, y: share(ds, y, "imports", PARTNER)),
    ("ru_export_share", "{partner}'s share of exports", "%", lambda ds, y: share(ds, y, "exports", PARTNER)),
    ("ru_turnover", "Trade with {partner}", "bn USD", lambda ds, y: turnover(ds, y, PARTNER)),
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

    A figure the data cannot give is NaN, with the sentence that says why in `missing`; `template` is the label's
    template, `partner` the code of the partner it names (empty when it names none).
    """
    rows = []
    for key, template, unit, figure in INDICATORS:
        code = PARTNER if "{partner}" in template else ""
        label = template.format(partner=ds.partner_names()[code]) if code else template
        for y, role in ((baseline, "baseline"), (year, "reference")):
            try:
                val, missing = float(figure(ds, y)), ""
            except Unavailable as gap:
                val, missing = float("nan"), gap.sentence
            rows.append(
                {
                    "indicator": key,
                    "label": label,
                    "template": template,
                    "partner": code,
                    "unit": unit,
                    "year": y,
                    "role": role,
                    "value": val,
                    "missing": missing,
                }
            )
    return pd.DataFrame(rows)
