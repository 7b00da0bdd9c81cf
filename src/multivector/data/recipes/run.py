"""Run the recipes into a temporary copy of the data folder, validate it, say what changed, then move it into place.

`build` regenerates the derived tables from the recorded snapshots (on an unchanged folder: byte for byte the same).
`update` first records a newer upstream file as the snapshot it replaces. Either way the data folder changes only
after every snapshot checksum matched, every recipe ran, and the result passed `data.load`'s validation.
`build`, `update` and `rehash` hold the data folder's lock (`multivector.locks`) from reading it to writing it: a
second one stops at once, naming the first, rather than lose its update or the first one's.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from multivector import data, files, locks, paths
from multivector.data.recipes import checks, cpi_yoy, oil_exports, trade_partners, trade_totals
from multivector.data.recipes.changes import Changes, compare
from multivector.data.recipes.fetch import fetch
from multivector.data.recipes.snapshot import (
    PANEL_COLUMNS,
    RecipeError,
    Snapshots,
    descriptor_with_snapshots,
    find,
    inside,
    partner_countries,
    read_monthly,
    read_panel,
    read_table,
    sha256,
    verified_bytes,
)

RECIPES = (trade_totals, trade_partners, oil_exports, cpi_yoy)
DERIVED = tuple(recipe.NAME for recipe in RECIPES)
FLOAT_FORMAT = "%.2f"


def derive(folder: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    """Every derived table, unrounded, from the folder's snapshots (each verified against its sha256)."""
    snapshots = Snapshots(folder, descriptor)
    for entry in descriptor["snapshots"]:
        snapshots.raw(entry["name"])
    totals = trade_totals.run(snapshots)
    tables = {trade_totals.NAME: totals}
    for recipe in RECIPES[1:]:
        tables[recipe.NAME] = recipe.run(snapshots, totals)
    checks.refresh(descriptor, tables, snapshots)
    return tables


def csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT).encode("utf-8")


def _write_descriptor(folder: Path, descriptor: dict) -> None:
    (folder / paths.DATAPACKAGE).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _stage(folder: Path, descriptor: dict, tmp: Path, replaced: dict[str, bytes] | None = None) -> Path:
    """A copy of `folder` with `descriptor`, the `replaced` snapshot files and freshly derived tables, checksummed
    and validated."""
    stage = tmp / "data"
    shutil.copytree(folder, stage, symlinks=True)
    for path, raw in (replaced or {}).items():
        (stage / path).write_bytes(raw)
    tables = derive(stage, descriptor)
    for recipe in RECIPES:
        resource = next(r for r in descriptor["resources"] if r["name"] == recipe.NAME)
        (stage / resource["path"]).write_bytes(csv_bytes(tables[recipe.NAME]))
    _write_descriptor(stage, descriptor)
    data.rehash(stage)
    try:
        data.load(stage)
    except data.DataError as exc:
        raise RecipeError(["the derived tables failed validation: " + p for p in exc.problems]) from exc
    return stage


def _publish(stage: Path, folder: Path, names: list[str]) -> None:
    """Move each changed file in with a rename (never half-written); the descriptor, which names the checksums,
    goes last."""
    for name in [*names, paths.DATAPACKAGE]:
        source, target = stage / name, folder / name
        if target.is_file() and target.read_bytes() == source.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write_whole(target, functools.partial(shutil.copyfile, source))


def _derived_paths(descriptor: dict) -> list[str]:
    return [r["path"] for r in descriptor["resources"] if r["name"] in DERIVED]


@contextlib.contextmanager
def writing(folder: Path | str | None):
    """The data folder (default data/), held against every other command that writes it while the block runs. A
    folder that does not exist is not held: reading it fails with its own sentence."""
    folder = Path(folder or paths.DATA).resolve()
    if not folder.is_dir():
        yield folder
        return
    busy = lambda who: RecipeError(  # noqa: E731
        [
            f"{folder}: another command is writing this data folder ({who}); wait for it to finish, or stop "
            "it, and try again"
        ]
    )
    with locks.held(folder, busy):
        yield folder


def rehash(folder: Path | str | None = None) -> list[str]:
    """data.rehash, holding the data folder: record each file's current checksum; the resources that changed."""
    with writing(folder) as folder:
        return data.rehash(folder)


def build(folder: Path | str | None = None, check: bool = False, report=print) -> Changes:
    """Regenerate every derived table of `folder` from its snapshots; with `check`, only say what would change."""
    with writing(folder) as folder:
        return _build(folder, check, report)


def _build(folder: Path, check: bool, report) -> Changes:
    descriptor = descriptor_with_snapshots(folder)
    with tempfile.TemporaryDirectory(prefix="multivector-data-") as tmp:
        stage = _stage(folder, descriptor, Path(tmp))
        changes = compare(folder, stage, descriptor, DERIVED)
        for line in changes.lines or ["no derived value changed: every table is as its snapshots give it"]:
            report(line)
        if not check:
            _publish(stage, folder, _derived_paths(descriptor))
    return changes


# Which snapshot a newer upstream file replaces is told by its name, as upstream names it; a renamed copy of the
# panel is still told by its columns (the monthly series all share theirs).
def _identify(descriptor: dict, name: str, raw: bytes) -> dict:
    upstream = [s for s in descriptor["snapshots"] if "origin" in s and "file" in s["origin"]]
    for entry in upstream:
        if name in (Path(entry["origin"]["file"]).name, Path(entry["path"]).name):
            return entry
    header = raw.split(b"\n", 1)[0].strip().decode("utf-8", "replace").split(",")
    panels = [s for s in upstream if s.get("format") == "panel extract"]
    if header == PANEL_COLUMNS and len(panels) == 1:
        return panels[0]
    known = ", ".join(sorted(Path(s["origin"]["file"]).name for s in upstream))
    raise RecipeError(
        [
            f"{name}: not one of the upstream files the tables are made from; expected a file named as "
            f"upstream names it ({known})"
        ]
    )


def update(
    source: str, folder: Path | str | None = None, commit: str | None = None, dry_run: bool = False, report=print
) -> Changes:
    """Record `source` (a path or URL) as the newer version of the snapshot it is, re-derive, say what changed."""
    with writing(folder) as folder:
        return _update(source, folder, commit, dry_run, report)


def _update(source: str, folder: Path, commit: str | None, dry_run: bool, report) -> Changes:
    """The update's steps in order, each of which must pass before anything is moved."""
    descriptor = descriptor_with_snapshots(folder)
    name, raw = fetch(source)
    entry = _identify(descriptor, name, raw)
    inside(folder, entry)
    previous = dict(entry)
    if entry.get("format") == "panel extract":
        entry_countries = find(descriptor, "partner_countries")
        countries = partner_countries(read_table(verified_bytes(folder, entry_countries), entry_countries["path"]))
        kept = read_panel(raw, name, countries).extract
    else:
        read_monthly(raw, name)
        kept = raw
    origin = {"from": source, "retrieved": datetime.date.today().isoformat()}
    if commit:
        origin["commit"] = commit
    if kept is not raw:
        origin["extract_of"] = {"file": name, "sha256": sha256(raw), "bytes": len(raw)}
    entry.update(
        {
            "origin": {**origin, "file": previous["origin"]["file"]},
            "hash": "sha256:" + sha256(kept),
            "bytes": len(kept),
            "replaces": {"hash": previous["hash"], "origin": previous["origin"]},
        }
    )
    entry.pop("note", None)
    report(
        f"{name} replaces snapshot '{entry['name']}' ({entry['path']}): sha256 {sha256(kept)[:12]}…, "
        f"was {previous['hash'].removeprefix('sha256:')[:12]}…"
    )
    with tempfile.TemporaryDirectory(prefix="multivector-data-") as tmp:
        stage = _stage(folder, descriptor, Path(tmp), replaced={entry["path"]: kept})
        changes = compare(folder, stage, descriptor, DERIVED)
        if changes.removed:
            raise RecipeError(
                [
                    f"{r}: published now, but {name} no longer gives it; expected a newer file to cover "
                    "at least what the older one did"
                    for r in changes.removed
                ]
            )
        for line in changes.lines or ["no derived value changed"]:
            report(line)
        if not dry_run:
            _publish(stage, folder, [entry["path"], *_derived_paths(descriptor)])
    return changes
