"""What an edition was built from and what it shows: parameters, data checksums, its figures (each with the label a
reader knows it by, its number and unit) and its claims (status, and the ledger's fields that say why)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from multivector import data, files, paths, sections
from multivector.analysis import claims, figures, labels
from multivector.analysis.lineage import WORDS, Figure
from multivector.data.dataset import PART
from multivector.engine.comparison import compare
from multivector.engine.records import record_key


def summary(ds: data.Dataset, values: dict) -> dict:
    """The facts of an edition that a later one is compared against (engine.comparison)."""
    return {
        "params": {k: v for k, v in values.items() if k != "data_dir"},
        "data": {
            "version": ds.version,
            "fingerprint": ds.fingerprint,
            "resources": {r["name"]: r["hash"] for r in ds.descriptor["resources"]},
        },
        "figures": {
            s: {
                name: figure_record(f, labels.label_of(name, s))
                for name, f in figures.BY_SECTION[s](ds, values).items()
            }
            for s in sections.SECTIONS
        },
        "claims": claim_records(ds, values["year"]),
    }


# Summaries kept in the build cache: other data folders or parameters keep theirs while one is being edited.
KEPT = 12


def kept_summary(cache: Path, inputs, ds: data.Dataset, values: dict) -> dict:
    """`summary(ds, values)`, read from `cache` when a build made it from the same parameters, data, package code,
    libraries and bibliography (`inputs`, an engine.cache.Inputs); made and kept there otherwise. Either way it is
    the summary as its JSON reads back, so a kept one and a new one are the same value."""
    key = {k: getattr(inputs, k) for k in ("data", "site_code", "libraries", "bib")}
    key["params"] = {k: v for k, v in values.items() if k != "data_dir"}
    kept = cache / f"facts-{record_key(key)}.json"
    try:
        found = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: made again below
        found = None
    if isinstance(found, dict) and found.get("key") == key and isinstance(found.get("summary"), dict):
        files.touch(kept)
        return found["summary"]
    text = json.dumps({"key": key, "summary": summary(ds, values)}, ensure_ascii=False, default=str)
    files.write_whole(kept, lambda p: p.write_text(text, encoding="utf-8"))
    for old in files.oldest_beyond(cache.glob("facts-*.json"), KEPT):
        old.unlink(missing_ok=True)
    return json.loads(text)["summary"]


def figure_record(figure: Figure, label: str) -> dict:
    """A figure as a comparison reads it: its label, its text, and the number it states with its unit (None and
    'words' for words), the decimals the text shows, the months a quantity covers and its texts in other languages."""
    m = figure.measure
    return {
        "label": label,
        "text": str(figure),
        "value": m.value if m else None,
        "unit": m.unit if m else WORDS,
        "digits": m.digits if m else None,
        "months": list(figure.months) if figure.months else None,
        # The same figure in the edition's other languages, from the same value ({"ru": "46,5 %"}), if it has them.
        "texts": dict(figure.texts) if getattr(figure, "texts", None) else None,
    }


def claim_records(ds: data.Dataset, year: int) -> dict:
    """Each claim's status with the ledger's fields a reason for a change is read from: the claim, the period the
    paper's figure is about, the note on what the test found, and the data files the test read."""
    out = {}
    for claim_id in ds["claims"]["id"]:
        # A copy of the Dataset that records only this claim's reads (the tables themselves are shared).
        probe = dataclasses.replace(ds, used=set(), fetched={})
        row = claims.evaluate(probe, year, ids=[claim_id]).iloc[0]
        out[claim_id] = {
            "claim": row["claim"],
            "status": row["status"],
            "period": "" if pd.isna(row["period"]) else str(row["period"]),
            "note": row["note"],
            "reads": sorted({read.partition(PART)[0] for read in probe.used}),
        }
    return out


def write(site: Path, facts: dict) -> None:
    (site / paths.EDITION_FILE).write_text(json.dumps(facts, indent=2, ensure_ascii=False), encoding="utf-8")


def handoff(ds: data.Dataset, facts: dict, previous: dict | None) -> dict:
    """What Sphinx needs besides the executed notebooks: the data package's descriptor (for the sources appendix and
    the cite blocks) and this edition against the one it replaces (for the what-changed appendix)."""
    return {
        "data": {"version": ds.version, "fingerprint": ds.fingerprint, "descriptor": ds.descriptor},
        "changes": compare(previous, facts),
    }


def write_handoff(folder: Path, given: dict) -> None:
    text = json.dumps(given, indent=1, ensure_ascii=False, default=str)
    (Path(folder) / paths.HANDOFF).write_text(text, encoding="utf-8")
