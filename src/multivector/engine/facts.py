"""What an edition was built from and what it shows: parameters, data checksums, key figures, claim statuses."""

from __future__ import annotations

import json
from pathlib import Path

from multivector import data, paths, sections
from multivector.analysis import claims, figures


def summary(ds: data.Dataset, values: dict) -> dict:
    """The facts of an edition that a later one is compared against."""
    ledger = claims.evaluate(ds, values["year"])
    return {
        "params": {k: v for k, v in values.items() if k != "data_dir"},
        "data": {
            "version": ds.version,
            "fingerprint": ds.fingerprint,
            "resources": {r["name"]: r["hash"] for r in ds.descriptor["resources"]},
        },
        "figures": {s: figures.BY_SECTION[s](ds, values) for s in sections.SECTIONS},
        "claims": {r.id: r.status for r in ledger.itertuples()},
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


def compare(old: dict | None, new: dict) -> dict:
    """Figures that moved, claims whose status changed, resources whose checksum changed, parameters that differ."""
    if old is None:
        return {"first": True, "figures": [], "claims": [], "resources": [], "params": []}
    moved = [
        {"section": s, "figure": k, "old": old.get("figures", {}).get(s, {}).get(k), "new": v}
        for s, figs in new["figures"].items()
        for k, v in figs.items()
        if old.get("figures", {}).get(s, {}).get(k) != v
    ]
    claims_changed = [
        {"claim": k, "old": old.get("claims", {}).get(k), "new": v}
        for k, v in new["claims"].items()
        if old.get("claims", {}).get(k) != v
    ]
    res_old = old.get("data", {}).get("resources", {})
    resources = [
        {"resource": k, "old": res_old.get(k), "new": v}
        for k, v in new["data"]["resources"].items()
        if res_old.get(k) != v
    ]
    params_changed = [
        {"parameter": k, "old": old.get("params", {}).get(k), "new": v}
        for k, v in new["params"].items()
        if old.get("params", {}).get(k) != v
    ]
    return {
        "first": False,
        "figures": moved,
        "claims": claims_changed,
        "resources": resources,
        "params": params_changed,
    }
