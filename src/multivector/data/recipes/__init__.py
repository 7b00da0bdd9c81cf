"""Recipes: the published tables in data/ derived, step by step, from the snapshots of the upstream files in data/raw/.

The chain is snapshot (an upstream file kept byte for byte, its sha256 and origin in datapackage.json) -> recipe (one
short module per derived table) -> table (a CSV in data/) -> number (what the book computes from the table).
`run.build` regenerates every derived table; `run.update` records a newer upstream file as a snapshot first. Both
write into a temporary copy of the data folder, validate it, print what changed and only then move it into place.
"""

from __future__ import annotations

# The first calendar year of the edition's annual trade series (partner rows and BNS totals). 2019 appears only as the
# baseline of the oil share, from the hand-kept WITS exports total.
FIRST_YEAR = 2020
