"""Executed copies in the cache: each stored with the record of what it depended on, under that record's key, the
oldest pruned; and what a copy's run card says it read."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from multivector import paths
from multivector.files import oldest_beyond, write_whole

# Executed copies kept per notebook: other parameters or data folders keep theirs while one is being edited.
KEEP = 12


def record_key(rec: dict) -> str:
    return hashlib.sha256(json.dumps(rec, sort_keys=True, default=str).encode()).hexdigest()[:16]


def remember(cache: Path, name: str, rec: dict, executed: Path) -> str:
    """Store an executed copy with its record under their content's key; keep the KEEP most recent per notebook."""
    key = record_key(rec)
    copy = cache / f"{name}-{key}.ipynb"
    text = json.dumps(rec, indent=1, sort_keys=True, default=str)
    # The record goes last, since a record is what makes a copy a candidate.
    write_whole(copy, lambda t: shutil.copyfile(executed, t))
    write_whole(copy.with_suffix(".json"), lambda t: t.write_text(text, encoding="utf-8"))
    _prune(cache, name)
    return key


def _prune(cache: Path, name: str) -> None:
    for old in oldest_beyond(cache.glob(f"{name}-*.ipynb"), KEEP):
        # The record first, as remember() writes it last: a build running meanwhile never finds a record without
        # its copy (which it would take for damage).
        old.with_suffix(".json").unlink(missing_ok=True)
        old.unlink(missing_ok=True)


def _recorded(nb: dict):
    """What an executed notebook's run card records under paths.RESOURCES, wherever that cell stands; None if no cell says."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            reads = ((output.get("metadata") or {}).get(paths.METADATA_KEY) or {}).get(paths.RESOURCES)
            if reads is not None:
                return reads
    return None


def recorded_reads_of(nb: dict) -> list[str] | None:
    """The data resources an executed notebook says it read; None if it does not say."""
    reads = _recorded(nb)
    return None if reads is None else list(reads)


def recorded_reads(executed: Path) -> list[str] | None:
    return recorded_reads_of(json.loads(executed.read_text(encoding="utf-8")))


def recorded_digests(executed: Path) -> dict[str, str] | None:
    """Each data resource an executed notebook read, with its digest as it read it; None if its run card does not
    say (no run card, or one that lists names only)."""
    reads = _recorded(json.loads(executed.read_text(encoding="utf-8")))
    return dict(reads) if isinstance(reads, dict) else None


# Data packages that passed the full validation (frictionless's pass included), by what that depended on besides the
# package: a build of unchanged inputs need not validate them again (validate.checked's `passed`).
VALIDATED = "validated"
KEEP_SCOPES = 4


def passed(cache: Path, scope: str) -> frozenset[str]:
    """The tokens of the packages that passed with this code and these libraries (keys.validation_scope)."""
    folder = cache / VALIDATED / scope
    return frozenset(p.name for p in folder.iterdir()) if folder.is_dir() else frozenset()


def remember_passed(cache: Path, scope: str, token: str) -> None:
    """Record that the package `token` passed with `scope`; forget the oldest scopes beyond a few."""
    folder = cache / VALIDATED / scope
    folder.mkdir(parents=True, exist_ok=True)
    (folder / token).touch()
    for old in oldest_beyond([p for p in folder.parent.iterdir() if p.is_dir()], KEEP_SCOPES):
        shutil.rmtree(old, ignore_errors=True)
