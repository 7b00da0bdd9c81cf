"""The claims ledger's statuses and what each means: words the ledger, its legend and the editions' comparison share,
with nothing to import (analysis.claims decides them)."""

from __future__ import annotations

REPRODUCED, CONSISTENT, DIFFERS, NOT_TESTABLE = "reproduced", "consistent", "differs", "not testable with bundled data"
# A check whose series has no data for the edition's year (coverage.Unavailable): testable in another edition.
NOT_TESTABLE_YEAR = "not testable for that year"
STATUSES = (REPRODUCED, CONSISTENT, DIFFERS, NOT_TESTABLE, NOT_TESTABLE_YEAR)
# The ledger page shows these words as its legend, so the rules below and what the reader is told are one text.
MEANINGS = {
    REPRODUCED: "the data give the paper's figure at the precision the paper states it",
    CONSISTENT: 'the data agree with the claim without giving an exact figure to match: an "up to" figure the '
    "data do not exceed, or a trend or level the data show",
    DIFFERS: "the data say something else, and the note says what",
    NOT_TESTABLE: "the claim rests on a source whose figures this edition does not ship",
    NOT_TESTABLE_YEAR: "the bundled series do not cover the edition's reference year, so the claim cannot be tested "
    "for it (another year's edition may test it)",
}

__all__ = ["CONSISTENT", "DIFFERS", "MEANINGS", "NOT_TESTABLE", "NOT_TESTABLE_YEAR", "REPRODUCED", "STATUSES"]
