"""Why a claim's status differs between two editions, in one sentence read from the ledger's own fields.

A claim about one year (its `period` in claims.csv is a year, like Figure 1's 2024) is tested on the edition's
reference year; one "since" a year is tested from then up to the reference year (analysis.claims.evaluate). So a
change of reference year is the reason when the claim's test depends on it; otherwise a change in the data files its
test read is; otherwise the ledger's note says what the test now finds. Nothing is said that the facts do not hold.
"""

from __future__ import annotations

from multivector.analysis.claims import NOT_TESTABLE_YEAR


def claim_rows(old: dict, new: dict, changed_files: list[str]) -> list[dict]:
    """The claims whose status differs, each with its reason; `changed_files`: the data files whose checksum moved."""
    years = (old["params"].get("year"), new["params"].get("year"))
    rows = []
    for claim_id in [*new["claims"], *(k for k in old["claims"] if k not in new["claims"])]:
        a, b = _record(old["claims"].get(claim_id)), _record(new["claims"].get(claim_id))
        if a["status"] == b["status"]:
            continue
        rows.append(
            {
                "id": claim_id,
                "claim": b.get("claim") or a.get("claim") or claim_id,
                "old": a["status"],
                "new": b["status"],
                "why": why(a, b, years, changed_files),
            }
        )
    return rows


def _record(given) -> dict:
    """A claim's record; an older edition's bare status has no other field, and a claim one edition lacks none."""
    if isinstance(given, dict):
        return given
    return {"status": given}


def why(a: dict, b: dict, years: tuple, changed_files: list[str]) -> str:
    """One sentence on why the status went from a's to b's, `years` being the editions' reference years."""
    old_year, new_year = years
    period = str(b.get("period") or a.get("period") or "")
    if b["status"] is None or a["status"] is None:
        return _sentence(f"the claim is {'no longer' if b['status'] is None else 'newly'} in the ledger")
    if b["status"] == NOT_TESTABLE_YEAR:
        return _sentence(f"the data cannot test it for {new_year}: {b.get('note', '')}".rstrip(": "))
    if a["status"] == NOT_TESTABLE_YEAR:
        return _sentence(
            f"the previous edition's data could not test it for {old_year}; this one tests it for {new_year}"
        )
    if old_year != new_year and (period.isdigit() or period.startswith("since ")):
        return _sentence(_year_reason(period, old_year, new_year))
    read = b.get("reads") or a.get("reads")
    note = b.get("note")
    if read is None and changed_files:
        return _sentence(
            f"data files changed between the editions ({', '.join(changed_files)}); the earlier facts record no more"
        )
    files = [f for f in changed_files if f in (read or ())]
    if files:
        found = f"; the test now finds {note}" if note else ""
        return _sentence(f"the data it is tested on changed ({', '.join(files)}){found}")
    if old_year != new_year:
        return _sentence(f"the reference year changed from {old_year} to {new_year}")
    if note:
        return _sentence(f"the test now finds {note}")
    return _sentence("the previous edition recorded only the status, not what its test found")


def _year_reason(period: str, old_year, new_year) -> str:
    if period.startswith("since "):
        return f"tested on the years {period} up to {new_year}; the previous edition tested them up to {old_year}"
    if str(new_year) == period:
        return f"tested on {new_year} data, the year the paper's figure is for; the previous edition tested {old_year}"
    return f"tested on {new_year} data; the paper's figure is for {period}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")
