"""What an edition was built from and what it shows: parameters, data checksums, its figures (each with the label a
reader knows it by, its number and unit) and its claims (status, and the ledger's fields that say why)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from multivector import data, paths, sections
from multivector.analysis import claims, figures, labels
from multivector.analysis.lineage import WORDS, Figure
from multivector.data.dataset import PART
from multivector.engine import by_reads
from multivector.engine.comparison import compare


def summary(ds: data.Dataset, values: dict, kept: by_reads.Kept | None = None) -> dict:
    """The facts of an edition that a later one is compared against (engine.comparison); each section's figures and
    each claim's record taken from `kept` where what it read is worth the same (made afresh without it)."""
    kept = kept or by_reads.Fresh()
    return {
        "params": {k: v for k, v in values.items() if k != "data_dir"},
        "data": {
            "version": ds.version,
            "fingerprint": ds.fingerprint,
            "resources": {r["name"]: r["hash"] for r in ds.descriptor["resources"]},
        },
        "figures": {
            s: kept.get(f"figures:{s}", ds, lambda probe, s=s: section_figures(probe, values, s))
            for s in sections.SECTIONS
        },
        "claims": {
            claim_id: kept.get(
                f"claim:{claim_id}", ds, lambda probe, c=claim_id: claim_record(probe, values["year"], c)
            )
            for claim_id in ds["claims"]["id"]
        },
    }


def kept_summary(cache: Path, inputs, ds: data.Dataset, values: dict) -> dict:
    """`summary(ds, values)`, its figures and claims kept in `cache` (engine.by_reads) under what they depend on
    besides the data (`inputs`, an engine.cache.Inputs: package code, libraries, bibliography; and the parameters),
    each with the digests of what it read. Either way it is the summary as its JSON reads back, so a kept one and a
    new one are the same value."""
    base = {k: getattr(inputs, k) for k in ("site_code", "libraries", "bib")}
    base["params"] = {k: v for k, v in values.items() if k != "data_dir"}
    kept = by_reads.Kept(cache, KEPT_PREFIX, base, inputs.data)
    made = summary(ds, values, kept)
    kept.save()
    return json.loads(json.dumps(made, ensure_ascii=False, default=str))


# The cache's files of kept figures and claims (engine.by_reads), one per code, libraries, bibliography and parameters.
KEPT_PREFIX = "facts"


def section_figures(ds: data.Dataset, values: dict, section: str) -> dict:
    """A section's figures as `figure_record`s, by glue name."""
    return {
        name: figure_record(f, labels.label_of(name, section))
        for name, f in figures.BY_SECTION[section](ds, values).items()
    }


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


def claim_record(ds: data.Dataset, year: int, claim_id: str) -> dict:
    """A claim's status with the ledger's fields a reason for a change is read from: the claim, the period the
    paper's figure is about, the note on what the test found, and the data files the test read (`ds` records only
    this claim's reads)."""
    row = claims.evaluate(ds, year, ids=[claim_id]).iloc[0]
    return {
        "claim": row["claim"],
        "status": row["status"],
        "period": "" if pd.isna(row["period"]) else str(row["period"]),
        "note": row["note"],
        "reads": sorted({read.partition(PART)[0] for read in ds.used}),
    }


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
