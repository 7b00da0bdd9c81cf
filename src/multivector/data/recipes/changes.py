"""What a recipes run changed, table by table (rows added, rows no longer derived, values revised) and check by
check, said before anything is moved into the data folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from multivector.data.recipes.snapshot import descriptor_with_snapshots
from multivector.errors import RecipeError

# How many revised values a changelog entry names before it counts the rest.
SHOWN = 5


@dataclass
class Changes:
    """What a run changed, table by table, in words a reader checks before anything is published."""

    lines: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # Per table, the kinds of change (version.KINDS: 'columns', 'rows removed', 'rows added', 'values revised'), and
    # the words a changelog gives them.
    kinds: dict[str, dict[str, str]] = field(default_factory=dict)
    # The package's version change (version.Bump.record(); None when no table changed) and, after an update, each
    # affected table's state (pending.Pending.record()).
    version: dict | None = None
    pending: list[dict] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.lines)


def _label(key) -> str:
    return " ".join(map(str, key if isinstance(key, tuple) else (key,)))


def _diff(name: str, old: pd.DataFrame, new: pd.DataFrame, key: list[str], changes: Changes) -> None:
    kinds = changes.kinds.setdefault(name, {})
    if list(old.columns) != list(new.columns) and not old.empty:
        kinds["columns"] = f"columns {', '.join(old.columns)} -> {', '.join(new.columns)}"
        changes.lines.append(f"{name}.csv: {kinds['columns']}")
        return
    old, new = old.set_index(key), new.set_index(key)
    added = [_label(k) for k in new.index.difference(old.index, sort=False)]
    removed = [_label(k) for k in old.index.difference(new.index, sort=False)]
    revised = [
        f"{_label(k)} {c}: {old.at[k, c] or '(empty)'} -> {new.at[k, c] or '(empty)'}"
        for k in new.index.intersection(old.index, sort=False)
        for c in new.columns
        if c in old.columns and old.at[k, c] != new.at[k, c]
    ]
    if added:
        kinds["rows added"] = f"{len(added)} row(s) added ({', '.join(added)})"
        changes.lines.append(f"{name}.csv: {len(added)} row(s) added: {', '.join(added)}")
    if removed:
        kinds["rows removed"] = f"{len(removed)} row(s) no longer derived ({', '.join(removed)})"
        changes.lines.append(f"{name}.csv: {len(removed)} row(s) no longer derived: {', '.join(removed)}")
        changes.removed += [f"{name}.csv, row {r}" for r in removed]
    if revised:
        shown = "; ".join(revised[:SHOWN]) + (f"; and {len(revised) - SHOWN} more" if len(revised) > SHOWN else "")
        kinds["values revised"] = f"{len(revised)} value(s) revised ({shown})"
        changes.lines.append(f"{name}.csv: {len(revised)} value(s) revised: " + "; ".join(revised))
    if not kinds:
        del changes.kinds[name]


def _checks(folder: Path, descriptor: dict, changes: Changes) -> None:
    """A check of the snapshots against the paper whose agreement changed is said too."""
    try:
        before = {
            (r["name"], c["what"]): c.get("agrees")
            for r in descriptor_with_snapshots(folder)["resources"]
            for c in r.get("checks", [])
        }
    except RecipeError:
        before = {}
    for r in descriptor["resources"]:
        for c in r.get("checks", []):
            if before.get((r["name"], c["what"])) not in (None, c["agrees"]):
                changes.lines.append(
                    f"check of {r['name']} '{c['what']}': now {'agrees' if c['agrees'] else 'DISAGREES'} "
                    f"(printed {c['reference']['printed']}, snapshot {c['snapshot']})"
                )


def compare(folder: Path, stage: Path, descriptor: dict, names) -> Changes:
    """What the tables `names` derived into `stage` change from those in `folder`, and the checks that now say
    otherwise."""
    changes = Changes()
    for name in names:
        resource = next(r for r in descriptor["resources"] if r["name"] == name)
        new = _read(stage, resource["path"])
        old = _read(folder, resource["path"]) if (folder / resource["path"]).is_file() else new.iloc[0:0]
        _diff(name, old, new, resource["schema"]["primaryKey"], changes)
    _checks(folder, descriptor, changes)
    return changes


def _read(folder: Path, path: str) -> pd.DataFrame:
    """A table as the text it holds, so that a change in how a value is written counts as a change."""
    return pd.read_csv(folder / path, dtype=str, keep_default_na=False)
