"""The rules each table's schema declares, checked by frictionless: every cell's type and constraints, primary keys
unique, foreign keys found; each finding said as what was wrong and what was expected."""

from __future__ import annotations

import re
from pathlib import Path

from multivector import paths
from multivector.data.rules.layout import file_lines, trailing_blank_rows
from multivector.errors import quoted


def frictionless_problems(folder: Path, descriptor: dict) -> list[str]:
    """Every cell, key and reference of the package that breaks its schema, one sentence each."""
    # Imported here for start-up time: frictionless takes a second to import, and a notebook of a build that has
    # validated its package leaves this pass out (validate.checked).
    from frictionless import FrictionlessException, Package, system

    problems = []
    try:
        with system.use_context(trusted=False):
            package = Package(descriptor, basepath=str(folder))
            report = package.validate()
    except FrictionlessException as exc:
        # The descriptor's own shape: frictionless puts the useful part ("5 is not of type 'string' at property
        # 'primaryKey/0'") in the reasons, under a generic note.
        said = [r.note for r in exc.reasons] or [exc.error.note]
        return [f"{paths.DATAPACKAGE}: {n}; expected a Data Package descriptor like the one in data/" for n in said]
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for task in report.tasks:
        resource = by_name.get(task.name)
        where = resource["path"] if resource else (Path(task.place).name if task.place else task.name)
        trailing = trailing_blank_rows(file_lines(folder, resource)) if resource else set()
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if row in trailing:
                continue
            column = getattr(error, "field_name", None)
            cell = getattr(error, "cell", None)
            parts = [where]
            if row:
                parts.append(f"row {row}")
            if column:
                parts.append(f"column '{column}'")
            value = f" (value {quoted(cell)})" if cell not in (None, "") else ""
            problems.append(f"{', '.join(parts)}: {_explain(error, resource)}{value}")
    return problems


def _explain(error, resource: dict | None = None) -> str:
    """Frictionless's terse note, turned into what was wrong and what was expected."""
    kind, note = error.type, error.note
    if kind == "type-error":
        expected = note.split('"')[1].split("/")[0] if '"' in note else "another type"
        article = "an" if expected[:1] in "aeiou" else "a"
        return f"not a valid {expected}; expected {article} {expected} value"
    if kind == "constraint-error" and '"required"' in note:
        return "the cell is empty; expected a value (the column is required)"
    if kind == "constraint-error":
        return f"breaks the schema's rule ({note}); expected a value that satisfies it"
    if kind == "primary-key":
        return _duplicate_key(error, resource)
    if kind == "foreign-key":
        return _missing_reference(note)
    return f"{error.title.lower()}: {note}"


def _missing_reference(note: str) -> str:
    """'partner JP has no row in partners', from frictionless's note; an empty cell is said to be empty."""
    said = re.match(r'for "(.*?)": values "(.*?)" not found in the lookup table "(.*?)" as "(.*?)"', note)
    if not said:
        return f"no matching row in the referenced file ({note}); expected a value listed there"
    fields, values, table, as_ = (g.split(", ") for g in said.groups())
    pairs = ", ".join(f"{f} {'(empty)' if v == 'None' else v}" for f, v in zip(fields, values, strict=False))
    return (
        f"no matching row in the referenced file ({pairs} not found in {table[0]}); expected a value "
        f"listed in {table[0]}'s {', '.join(as_)}"
    )


def _duplicate_key(error, resource: dict | None) -> str:
    """'duplicate key year 2024, flow exports: row 30 repeats row 12', from the row's own cells."""
    key = (resource or {}).get("schema", {}).get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    names = [f["name"] for f in (resource or {}).get("schema", {}).get("fields", [])]
    cells = getattr(error, "cells", None) or []
    said = ", ".join(f"{k} {cells[names.index(k)]}" for k in key if k in names and names.index(k) < len(cells))
    first = re.search(r"position \"?(\d+)", error.note)
    repeats = f"; the same key as row {first.group(1)}" if first else ""
    return f"duplicate key ({said or 'the key columns'}){repeats}; expected each key once"
