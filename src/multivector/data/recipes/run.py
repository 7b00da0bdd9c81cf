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

from multivector import data, files, locks, paths
from multivector.data import validate
from multivector.data.recipes import agree, pending, published, version
from multivector.data.recipes.changes import Changes, compare
from multivector.data.recipes.derive import csv_bytes, derive
from multivector.data.recipes.fetch import fetch
from multivector.data.recipes.snapshot import (
    PANEL_COLUMNS,
    RecipeError,
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
    for resource in _derived(descriptor):
        (stage / resource["path"]).write_bytes(csv_bytes(tables[resource["name"]]))
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


def _derived(descriptor: dict) -> list[dict]:
    """The resources a recipe makes; one declared hand-kept (agree.made_by_recipe) is left as it is."""
    return [r for r in descriptor["resources"] if agree.made_by_recipe(r)]


def _settle(
    folder: Path, stage: Path, descriptor: dict, cause: str, report, newer: str | None = None
) -> tuple[Changes, list[str]]:
    """What the staged tables change, said; the version they call for, written into the stage with its changelog
    entry. Returns the changes and the files to move in. A `newer` upstream file may not drop a published row."""
    changes = compare(folder, stage, descriptor, [r["name"] for r in _derived(descriptor)])
    if newer and changes.removed:
        raise RecipeError(
            [
                f"{r}: published now, but {newer} no longer gives it; expected a newer file to cover "
                "at least what the older one did"
                for r in changes.removed
            ]
        )
    for line in changes.lines or ["no derived value changed: every table is as its snapshots give it"]:
        report(line)
    moved = [r["path"] for r in _derived(descriptor)]
    bumped = version.bump(descriptor, changes, cause, folder)
    if bumped:
        version.write(stage, bumped)
        changes.version = bumped.record()
        moved.append(paths.DATA_CHANGELOG)
    report(bumped.said() if bumped else f"data package version {descriptor.get('version')} kept: no table changed")
    return changes, moved


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
    """data.rehash, holding the data folder: record each file's current checksum; the resources that changed. A
    derived table that is not what its recipe makes is refused, not recorded (agree.disagreements)."""
    with writing(folder) as folder:
        problems = agree.disagreements(folder, validate.read_descriptor(folder, rehashing=True))
        if problems:
            raise RecipeError(problems)
        return data.rehash(folder)


def build(folder: Path | str | None = None, check: bool = False, report=print) -> Changes:
    """Regenerate every derived table of `folder` from its snapshots; with `check`, only say what would change."""
    with writing(folder) as folder:
        return _build(folder, check, report)


def _build(folder: Path, check: bool, report) -> Changes:
    descriptor = descriptor_with_snapshots(folder)
    with tempfile.TemporaryDirectory(prefix="multivector-data-") as tmp:
        stage = _stage(folder, descriptor, Path(tmp))
        changes, moved = _settle(folder, stage, descriptor, "the tables re-derived from the snapshots", report)
        if not check:
            _publish(stage, folder, moved)
    return changes


# Which snapshot a newer upstream file replaces is told by its name, as upstream names it; a renamed copy of the
# panel is still told by its columns (the monthly series all share theirs).
def _identify(descriptor: dict, name: str, raw: bytes) -> dict:
    upstream = [s for s in descriptor["snapshots"] if "origin" in s and "file" in s["origin"]]
    typed = [s for s in descriptor["snapshots"] if s["name"] == published.NAME]
    for entry in upstream:
        if name in (Path(entry["origin"]["file"]).name, Path(entry["path"]).name):
            return entry
    for entry in typed:
        if name == Path(entry["path"]).name:
            return entry
    header = raw.split(b"\n", 1)[0].strip().decode("utf-8", "replace").split(",")
    panels = [s for s in upstream if s.get("format") == "panel extract"]
    if header == PANEL_COLUMNS and len(panels) == 1:
        return panels[0]
    known = ", ".join(
        sorted([*(Path(s["origin"]["file"]).name for s in upstream), *(Path(s["path"]).name for s in typed)])
    )
    raise RecipeError(
        [
            f"{name}: not one of the upstream files the tables are made from, nor the hand-kept file of published "
            f"figures; expected a file named as upstream names it, or as the hand-kept file is named ({known})"
        ]
    )


def update(
    source: str, folder: Path | str | None = None, commit: str | None = None, dry_run: bool = False, report=print
) -> Changes:
    """Record `source` (a path or URL) as the newer version of the snapshot it is, re-derive, say what changed and
    what each table made from it still waits for."""
    with writing(folder) as folder:
        return _update(source, folder, commit, dry_run, report)


def _update(source: str, folder: Path, commit: str | None, dry_run: bool, report) -> Changes:
    """The update's steps in order, each of which must pass before anything is moved."""
    descriptor = descriptor_with_snapshots(folder)
    name, raw = fetch(source)
    entry = _identify(descriptor, name, raw)
    inside(folder, entry)
    previous = dict(entry)
    kept = _read_newer(folder, descriptor, entry, name, raw)
    _record(entry, source, commit, name, raw, kept)
    report(
        f"{name} replaces snapshot '{entry['name']}' ({entry['path']}): sha256 {sha256(kept)[:12]}…, "
        f"was {previous['hash'].removeprefix('sha256:')[:12]}…"
    )
    cause = f"{name} recorded as snapshot '{entry['name']}' (sha256 {sha256(kept)[:12]}…)"
    with tempfile.TemporaryDirectory(prefix="multivector-data-") as tmp:
        stage = _stage(folder, descriptor, Path(tmp), replaced={entry["path"]: kept})
        changes, moved = _settle(folder, stage, descriptor, cause, report, newer=name)
        for table in pending.state(stage, descriptor, pending.tables_of(descriptor, entry["name"])):
            report(table.line)
            changes.pending.append(table.record())
        if not dry_run:
            _publish(stage, folder, [entry["path"], *moved])
    return changes


def _read_newer(folder: Path, descriptor: dict, entry: dict, name: str, raw: bytes) -> bytes:
    """The bytes to keep of a newer file, once read as strictly as its kind requires (the panel: its extract)."""
    if entry.get("format") == "panel extract":
        entry_countries = find(descriptor, "partner_countries")
        countries = partner_countries(read_table(verified_bytes(folder, entry_countries), entry_countries["path"]))
        return read_panel(raw, name, countries).extract
    if entry["name"] == published.NAME:
        published.read_published(raw, name)
    else:
        read_monthly(raw, name)
    return raw


def _record(entry: dict, source: str, commit: str | None, name: str, raw: bytes, kept: bytes) -> None:
    """The snapshot's entry for the newer file: its origin, checksum and size, and what it replaces."""
    previous = dict(entry)
    origin = {"from": source, "retrieved": datetime.date.today().isoformat()}
    if commit:
        origin["commit"] = commit
    if kept is not raw:
        origin["extract_of"] = {"file": name, "sha256": sha256(raw), "bytes": len(raw)}
    if "origin" in previous:
        origin["file"] = previous["origin"]["file"]
    entry.update(
        {
            "origin": origin,
            "hash": "sha256:" + sha256(kept),
            "bytes": len(kept),
            "replaces": {"hash": previous["hash"], **({"origin": previous["origin"]} if "origin" in previous else {})},
        }
    )
    entry.pop("note", None)
