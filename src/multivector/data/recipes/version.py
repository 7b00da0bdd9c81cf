"""The data package's version, moved by what a recipes run changed (semantic versioning for data), and the changelog
entry that says so (data/CHANGELOG.md). The rule, as data/README.md states it:

- a derived table's columns changed, or rows it published are no longer derived: major (1.4.2 -> 2.0.0);
- rows added (a new year, a new partner or month): minor (1.4.2 -> 1.5.0);
- values revised only: patch (1.4.2 -> 1.4.3);
- no derived value changed: no new version, and the changelog is left as it is.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from multivector import paths
from multivector.data.recipes.changes import Changes
from multivector.errors import RecipeError

PARTS = ("major", "minor", "patch")
# Which part of the version each kind of change (changes.Changes.kinds) moves.
PART_OF = {"columns": "major", "rows removed": "major", "rows added": "minor", "values revised": "patch"}
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
CHANGELOG_TITLE = "# Changelog of the data package\n"
CHANGELOG_INTRO = (
    "Each version of `datapackage.json`, newest first: written by `multivector data update` and `multivector data "
    "build` when a derived table changes (the rule is in README.md, 'Versions').\n"
)


@dataclass(frozen=True)
class Bump:
    """A version change: from, to, which part moved, and the changelog entry that records it."""

    old: str
    new: str
    part: str
    entry: str

    def said(self) -> str:
        return f"data package version {self.old} -> {self.new} ({self.part}: {_kinds_said(self.part)})"

    def record(self) -> dict:
        return {"from": self.old, "to": self.new, "part": self.part}


def bump(descriptor: dict, changes: Changes, cause: str, where: Path) -> Bump | None:
    """The version `changes` call for, with its changelog entry; None when no derived table changed."""
    kinds = {kind for table in changes.kinds.values() for kind in table}
    if not kinds:
        return None
    part = next(p for p in PARTS if any(PART_OF[k] == p for k in kinds))
    old = str(descriptor.get("version", ""))
    match = SEMVER.fullmatch(old)
    if not match:
        raise RecipeError(
            [
                f"{where / paths.DATAPACKAGE}: version {old!r} is not MAJOR.MINOR.PATCH; expected three whole "
                "numbers such as 1.0.0, which data update and data build can move"
            ]
        )
    numbers = [int(n) for n in match.groups()]
    at = PARTS.index(part)
    numbers = [*numbers[:at], numbers[at] + 1, *[0] * (len(PARTS) - at - 1)]
    new = ".".join(map(str, numbers))
    return Bump(old, new, part, _entry(new, part, changes, cause))


def _kinds_said(part: str) -> str:
    return " or ".join(k for k, p in PART_OF.items() if p == part)


def _entry(version: str, part: str, changes: Changes, cause: str) -> str:
    lines = [f"## {version} ({datetime.date.today().isoformat()})", "", f"{part.capitalize()}: {cause}.", ""]
    lines += [f"- {table}: {'; '.join(kinds.values())}" for table, kinds in changes.kinds.items()]
    return "\n".join(lines) + "\n"


def write(stage: Path, result: Bump) -> None:
    """Set the staged datapackage.json's version and put the entry at the top of the staged changelog."""
    path = stage / paths.DATAPACKAGE
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = result.new
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log = stage / paths.DATA_CHANGELOG
    try:
        earlier = log.read_text(encoding="utf-8") if log.is_file() else ""
    except UnicodeDecodeError:
        raise RecipeError(
            [f"{paths.DATA_CHANGELOG}: cannot be read as UTF-8 text; expected the changelog as the commands write it"]
        ) from None
    body = earlier.removeprefix(CHANGELOG_TITLE).lstrip("\n")
    body = body.removeprefix(CHANGELOG_INTRO).lstrip("\n")
    log.write_text(
        f"{CHANGELOG_TITLE}\n{CHANGELOG_INTRO}\n{result.entry}\n{body}".rstrip("\n") + "\n", encoding="utf-8"
    )
