"""Why a claim's status differs between two editions, in one sentence read from the ledger's own fields.

A claim about one year (its `period` in claims.csv is a year, like Figure 1's 2024) is tested on the edition's
reference year; one "since" a year is tested from then up to the reference year (analysis.claims.evaluate). So a
change of reference year is the reason when the claim's test depends on it; otherwise a change in the data files its
test read is; otherwise the ledger's note says what the test now finds. Nothing is said that the facts do not hold.

A reason is kept as data (which sentence of REASONS, with which values), so that a page says it in its language
(interface.po translates REASONS) and `editions diff` in English.
"""

from __future__ import annotations

from multivector.analysis.statuses import NOT_TESTABLE_YEAR

REASONS = {
    "dropped": "the claim is no longer in the ledger",
    "added": "the claim is newly in the ledger",
    "untestable": "the data cannot test it for {new_year}: {note}",
    "untestable_bare": "the data cannot test it for {new_year}",
    "testable": "the previous edition's data could not test it for {old_year}; this one tests it for {new_year}",
    "since": "tested on the years {period} up to {new_year}; the previous edition tested them up to {old_year}",
    "same_year": "tested on {new_year} data, the year the paper's figure is for; the previous edition tested {old_year}",
    "other_year": "tested on {new_year} data; the paper's figure is for {period}",
    "unrecorded": "data files changed between the editions ({files}); the earlier facts record no more",
    "files_found": "the data it is tested on changed ({files}); the test now finds {note}",
    "files": "the data it is tested on changed ({files})",
    "year": "the reference year changed from {old_year} to {new_year}",
    "found": "the test now finds {note}",
    "status_only": "the previous edition recorded only the status, not what its test found",
}


def claim_rows(old: dict, new: dict, changed_files: list[str], voice) -> list[dict]:
    """The claims whose status differs, each with its reason (as data, and as `voice` says it: comparison.PLAIN);
    `changed_files`: the data files whose checksum moved."""
    years = (old["params"].get("year"), new["params"].get("year"))
    rows = []
    for claim_id in [*new["claims"], *(k for k in old["claims"] if k not in new["claims"])]:
        a, b = _record(old["claims"].get(claim_id)), _record(new["claims"].get(claim_id))
        if a["status"] == b["status"]:
            continue
        reason = why(a, b, years, changed_files)
        rows.append(
            {
                "id": claim_id,
                "claim": b.get("claim") or a.get("claim") or claim_id,
                "old": a["status"],
                "new": b["status"],
                "why": said(reason, claim_id, voice),
                "reason": reason,
            }
        )
    return rows


def _record(given) -> dict:
    """A claim's record; an older edition's bare status has no other field, and a claim one edition lacks none."""
    if isinstance(given, dict):
        return given
    return {"status": given}


def why(a: dict, b: dict, years: tuple, changed_files: list[str]) -> dict:
    """Why the status went from a's to b's, `years` being the editions' reference years: {"says": a key of REASONS,
    "values": what it names}."""
    old_year, new_year = years
    period = str(b.get("period") or a.get("period") or "")
    if b["status"] is None or a["status"] is None:
        return _reason("dropped" if b["status"] is None else "added")
    if b["status"] == NOT_TESTABLE_YEAR:
        note = f"{b.get('note', '')}".rstrip(": ")
        return _reason("untestable" if note else "untestable_bare", new_year=new_year, note=note)
    if a["status"] == NOT_TESTABLE_YEAR:
        return _reason("testable", old_year=old_year, new_year=new_year)
    if old_year != new_year and (period.isdigit() or period.startswith("since ")):
        said = "since" if period.startswith("since ") else "same_year" if str(new_year) == period else "other_year"
        return _reason(said, period=period, old_year=old_year, new_year=new_year)
    read = b.get("reads") or a.get("reads")
    note = b.get("note")
    if read is None and changed_files:
        return _reason("unrecorded", files=list(changed_files))
    files = [f for f in changed_files if f in (read or ())]
    if files:
        return _reason("files_found" if note else "files", files=files, note=note)
    if old_year != new_year:
        return _reason("year", old_year=old_year, new_year=new_year)
    if note:
        return _reason("found", note=note)
    return _reason("status_only")


def _reason(says: str, **values) -> dict:
    return {"says": says, "values": {k: v for k, v in values.items() if "{" + k + "}" in REASONS[says]}}


def said(reason: dict, claim_id: str, voice) -> str:
    """The reason as one sentence, in the language and markup of `voice`: the period is the claim's (claims.csv's
    `period` column, a data text), the note what the test found (computed in English), files and years as they are."""
    values = {}
    for name, value in reason["values"].items():
        if name == "files":
            values[name] = voice.join(", ", [voice.name(f) for f in value])
        elif name == "period":
            values[name] = voice.data("claims", "period", claim_id, value)
        elif name == "note":
            values[name] = voice.foreign(value)
        else:
            values[name] = voice.value(value)
    return voice.sentence(voice.fill(REASONS[reason["says"]], **values))
