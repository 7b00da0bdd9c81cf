"""Whether each derived table is what its recipe makes from the folder's snapshots: `check` and `rehash` refuse one
edited by hand, naming the table, its first differing row and what to do, unless its entry declares it hand-kept (no
"recipe")."""

from __future__ import annotations

import copy
import io
import math
from pathlib import Path

import pandas as pd

from multivector import paths
from multivector.data.recipes.derive import DERIVED, csv_bytes, derive
from multivector.data.recipes.published import NAME as PUBLISHED
from multivector.data.recipes.snapshot import check_entries

WHAT_TO_DO = (
    "a derived table is never edited by hand: run `multivector data build` to restore it, enter figures typed from a "
    f"publication in raw/hand_kept/{PUBLISHED}.csv with `multivector data update --from {PUBLISHED}.csv` "
    '(data/README.md), or declare the table hand-kept in datapackage.json ("hand_kept": true in place of its '
    '"recipe"), and it is yours to keep'
)


def disagreements(folder: Path, descriptor: dict) -> list[str]:
    """One sentence per derived table that differs from what its recipe makes; none for a folder whose
    datapackage.json (`descriptor`, already checked) records no snapshots: there is nothing to make the tables from.
    A table whose file is missing is left to the checks that refuse that."""
    derived = [r for r in descriptor["resources"] if made_by_recipe(r) and (folder / r["path"]).is_file()]
    if not descriptor.get("snapshots") or not derived:
        return []
    check_entries(descriptor, folder / paths.DATAPACKAGE)
    tables = derive(folder, copy.deepcopy(descriptor))
    problems = []
    for resource in derived:
        made = _text(csv_bytes(tables[resource["name"]]))
        found = _text((folder / resource["path"]).read_bytes())
        problem = first_difference(found, made, resource["schema"]["primaryKey"])
        if problem:
            problems.append(f"{resource['path']}, {problem}; {WHAT_TO_DO}")
    return problems


def made_by_recipe(resource: dict) -> bool:
    """A derived table, unless its entry declares it hand-kept ("hand_kept": true, or no "recipe")."""
    return resource["name"] in DERIVED and bool(resource.get("recipe")) and not resource.get("hand_kept")


def _text(raw: bytes) -> pd.DataFrame:
    """A table as the text of its cells (a byte-order mark, Windows line ends and blank end lines set aside)."""
    return pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _same(a: str, b: str) -> bool:
    """Cells agree when their text does, or when both are numbers that differ by no more than rounding noise."""
    if a == b:
        return True
    try:
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    except ValueError:
        return False


def first_difference(found: pd.DataFrame, made: pd.DataFrame, key: list[str]) -> str | None:
    """The first row (as a line of the file, the header being row 1) where `found` is not `made`, in words."""
    if list(found.columns) != list(made.columns):
        return f"row 1: columns are {','.join(found.columns)}, but its recipe makes {','.join(made.columns)}"
    for i in range(max(len(found), len(made))):
        if i >= len(found):
            row = made.iloc[i]
            return f"row {i + 2}: missing; its recipe makes {' '.join(row[key])} here"
        row = found.iloc[i]
        said = " ".join(row[key])
        if i >= len(made):
            return f"row {i + 2} ({said}): not made by its recipe from the snapshots"
        for column in found.columns:
            if not _same(row[column], made.iloc[i][column]):
                return (
                    f"row {i + 2} ({said}), column '{column}': {row[column] or '(empty)'}, but its recipe makes "
                    f"{made.iloc[i][column] or '(empty)'} from the snapshots"
                )
    return None
