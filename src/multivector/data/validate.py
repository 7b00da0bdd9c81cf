"""Check a data folder against the package's rules (`multivector.data.rules`), stage by stage, and read its tables:
everything `check` refuses, one sentence each (file, row, column, what was found and what was expected), before any
page reads a table."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pandas as pd

from multivector import paths
from multivector.data.rules.cross_file import PAPER_PARTNERS, cross_file_problems
from multivector.data.rules.descriptor import REQUIRED_RESOURCES, read_descriptor, unit_problems
from multivector.data.rules.layout import (
    LARGEST_NUMBER,
    ROW_FOR_ROW_CHARTS,
    bytes_problems,
    chart_row_limit,
    chart_row_problems,
    file_lines,
    layout_problems,
)
from multivector.data.rules.schema import frictionless_problems
from multivector.errors import DataError

__all__ = [
    "LARGEST_NUMBER",
    "PAPER_PARTNERS",
    "REQUIRED_RESOURCES",
    "ROW_FOR_ROW_CHARTS",
    "chart_row_limit",
    "checked",
    "frictionless_problems",
    "package_token",
    "read_descriptor",
]


# The packages (package_token) this process has seen pass frictionless's pass: the token names every file's bytes,
# and the findings name files by their place in the package, so a copy in another folder passes alike.
_PASSED_HERE: set[str] = set()


def package_token(descriptor: dict) -> str:
    """Names a data package exactly: its descriptor records every file's checksum."""
    return hashlib.sha256(json.dumps(descriptor, sort_keys=True).encode()).hexdigest()


def checked(
    folder: Path, year: int | None = None, baseline_year: int | None = None, passed: frozenset[str] = frozenset()
) -> tuple[dict, dict]:
    """The folder's descriptor and tables, once every rule holds; DataError listing every problem otherwise.

    `passed`: tokens (package_token) of packages the caller has seen pass frictionless's pass with these rules."""
    descriptor = read_descriptor(folder)
    problems = [p for r in descriptor["resources"] for p in bytes_problems(folder, r)]
    problems += unit_problems(descriptor)
    if problems:
        raise DataError(problems, folder)
    for r in descriptor["resources"]:
        lines = file_lines(folder, r)
        problems += layout_problems(r, lines) + chart_row_problems(r, lines)
    if problems:
        raise DataError(problems, folder)
    # Frictionless takes a second of each notebook's time. A build validates its package in full before any notebook
    # runs and names it to them (package_token): a notebook loading the same package, every file's checksum just
    # verified against its descriptor above, leaves that pass out; so does a build whose cache saw it pass (`passed`),
    # and a process that has seen it pass already, in whichever folder.
    token = package_token(descriptor)
    if os.environ.get(paths.CHECKED_PACKAGE_ENV) != token and token not in passed | _PASSED_HERE:
        problems = frictionless_problems(folder, descriptor)
        if problems:
            raise DataError(problems, folder)
        _PASSED_HERE.add(token)
    tables = _read_tables(folder, descriptor)
    problems = cross_file_problems(descriptor, tables, year, baseline_year)
    if problems:
        raise DataError(problems, folder)
    return descriptor, tables


def _read_tables(folder: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    """Each table parsed from bytes whose sha256 is the descriptor's, read once: the tables are exactly the package
    the descriptor names (what the build keys a page's cached copy on), even if a file is rewritten meanwhile."""
    tables = {}
    for resource in descriptor["resources"]:
        raw = (folder / resource["path"]).read_bytes()
        if hashlib.sha256(raw).hexdigest() != resource["hash"].removeprefix("sha256:"):
            raise DataError(
                [f"{resource['path']} changed while it was being read; run the command again once it is settled"],
                folder,
            )
        fields = resource["schema"]["fields"]
        dtypes = {f["name"]: ("string" if f["type"] in ("string", "yearmonth") else None) for f in fields}
        tables[resource["name"]] = pd.read_csv(
            io.BytesIO(raw),
            dtype={k: v for k, v in dtypes.items() if v},
            keep_default_na=False,
            na_values={f["name"]: [""] for f in fields if f["type"] in ("number", "integer")},
        )
    return tables
