"""Snapshots: reading the upstream files the derived tables are made from, strictly.

A recorded snapshot is read only after its sha256 matches the one in datapackage.json. A file offered as a newer
version is read with the same rules, so that a truncated, re-encoded or reshaped file, a marked year such as `2026*`,
a partner that disappears, or a negative or empty value is refused with file, row, column and what was expected.
Rows are numbered as lines of the file, the header being row 1.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from multivector import paths
from multivector.data.recipes import FIRST_YEAR
from multivector.data.rules.inside import outside
from multivector.errors import RecipeError

MONTHLY_COLUMNS = ["date", "value", "transformation"]
PANEL_COLUMNS = [
    "iso3",
    "year",
    "exports",
    "imports",
    "gdp",
    "dist",
    "tariff",
    "ln_gdp",
    "ln_dist",
    "contig",
    "comlang_ru",
    "ex_ussr",
    "rta",
    "eaeu",
    "wto_both",
    "eu",
    "ln_tariff",
]
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])-01")
YEAR = re.compile(r"\d{4}")
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def find(descriptor: dict, name: str) -> dict:
    return next(s for s in descriptor["snapshots"] if s["name"] == name)


def descriptor_with_snapshots(folder: Path) -> dict:
    """The folder's datapackage.json, refused unless it lists the snapshots the derived tables are made from."""
    path = folder / paths.DATAPACKAGE
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecipeError([f"{path}: cannot be read as UTF-8 JSON ({exc})"]) from exc
    if not descriptor.get("snapshots"):
        raise RecipeError([f"{path}: no 'snapshots' list; expected the snapshots the derived tables are made from"])
    check_entries(descriptor, path)
    return descriptor


def check_entries(descriptor: dict, path: Path) -> None:
    """Every snapshot entry names its file and checksum as text, or the recipes would stop on a missing key."""
    entries = descriptor["snapshots"] if isinstance(descriptor["snapshots"], list) else [None]
    for i, s in enumerate(entries, 1):
        if not (isinstance(s, dict) and all(isinstance(s.get(k), str) for k in ("name", "path", "hash"))):
            raise RecipeError([f"{path}: entry {i} of 'snapshots' lacks a name, path or hash; expected each as text"])


def inside(folder: Path, entry: dict) -> Path:
    """The snapshot's file, refused before anything reads it if its path leaves the data folder (a data package from
    someone else is untrusted)."""
    if outside(folder, entry["path"]):
        raise RecipeError(
            [
                f"snapshot '{entry['name']}' in datapackage.json: path {entry['path']!r} leads outside the "
                "data folder; expected a relative path inside it, such as raw/<repository>/<file>"
            ]
        )
    return folder / entry["path"]


def verified_bytes(folder: Path, entry: dict) -> bytes:
    """The snapshot's bytes, after checking them against the recorded sha256."""
    path = inside(folder, entry)
    if not path.is_file():
        raise RecipeError(
            [f"{entry['path']}: snapshot file not found (snapshot '{entry['name']}' in datapackage.json)"]
        )
    raw = path.read_bytes()
    expected, found = entry["hash"].removeprefix("sha256:"), sha256(raw)
    if expected != found:
        raise RecipeError(
            [
                f"{entry['path']}: sha256 is {found}, but datapackage.json records {expected} for snapshot "
                f"'{entry['name']}'; the file was changed or damaged. Restore it (git checkout -- data/{entry['path']}) "
                "or record a newer upstream file with `multivector data update --from FILE`"
            ]
        )
    return raw


def _text(raw: bytes, name: str) -> list[list[str]]:
    """Decoded CSV rows; refuses what a re-encoded or truncated copy of an upstream file looks like."""
    if raw.startswith(BOMS):
        raise RecipeError([f"{name}, row 1: the file starts with a byte-order mark; expected plain UTF-8 as published"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise RecipeError(
            [f"{name}, row {row}: byte {raw[exc.start]:#x} is not UTF-8; expected the file as published"]
        ) from None
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise RecipeError([f"{name}, row {row}: a NUL character; expected plain UTF-8 text as published"])
    if not text.endswith("\n"):
        rows = text.count("\n") + 1
        raise RecipeError(
            [
                f"{name}, row {rows}: the last line has no line break; the file looks truncated "
                "(expected every line to end like the upstream file's)"
            ]
        )
    return list(csv.reader(io.StringIO(text, newline="")))


def _header(rows: list[list[str]], name: str, expected: list[str]) -> None:
    if not rows or rows[0] != expected:
        found = ",".join(rows[0]) if rows else "nothing"
        raise RecipeError([f"{name}, row 1: columns are {found}; expected {','.join(expected)}"])


def _amount(text: str, where: str) -> tuple[float | None, str | None]:
    """A non-negative number, or the problem with it."""
    if text.strip() == "":
        return None, f"{where}: empty; expected a number of at least 0"
    try:
        value = float(text)
    except ValueError:
        return None, f"{where}: {text!r} is not a number; expected a number of at least 0"
    if not math.isfinite(value) or value < 0:
        return (
            None,
            f"{where}: {text!r} is {'negative' if value < 0 else 'not finite'}; expected a number of at least 0",
        )
    return value, None


def read_monthly(raw: bytes, name: str) -> pd.DataFrame:
    """A monthly upstream series (date,value,transformation) as year, month, value and the value's text."""
    rows = _text(raw, name)
    _header(rows, name, MONTHLY_COLUMNS)
    problems, records, seen = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(MONTHLY_COLUMNS):
            problems.append(
                f"{name}, row {number}: {len(row)} fields; expected {len(MONTHLY_COLUMNS)} "
                f"({','.join(MONTHLY_COLUMNS)})"
            )
            continue
        date, text, transformation = row
        match = MONTH.fullmatch(date)
        if not match:
            problems.append(f"{name}, row {number}, column 'date': {date!r} is not a month; expected YYYY-MM-01")
            continue
        if date in seen:
            problems.append(f"{name}, row {number}, column 'date': {date} appears twice; expected each month once")
        seen.add(date)
        value, problem = _amount(text, f"{name}, row {number}, column 'value'")
        if problem:
            problems.append(problem)
        if transformation != "level":
            problems.append(f"{name}, row {number}, column 'transformation': {transformation!r}; expected 'level'")
        records.append((int(match[1]), int(match[2]), value, text))
    if problems:
        raise RecipeError(problems)
    return pd.DataFrame(records, columns=["year", "month", "value", "text"])


@dataclass(frozen=True)
class Panel:
    """The partner rows of the gravity panel (iso3, year, exports, imports in million US dollars) and the extract's
    text: the header and those rows exactly as they stand in the file."""

    rows: pd.DataFrame
    extract: bytes


def read_panel(raw: bytes, name: str, countries: dict[str, str]) -> Panel:
    """Keep the header and every row of one of `countries` (iso3 -> partner) from FIRST_YEAR on, byte for byte;
    check what is kept, including that no partner country is missing from a year the others cover."""
    rows = _text(raw, name)
    _header(rows, name, PANEL_COLUMNS)
    lines = raw.decode("utf-8").splitlines(keepends=True)
    problems, records, kept = [], [], [lines[0]]
    for number, (row, line) in enumerate(zip(rows[1:], lines[1:], strict=False), start=2):
        if not row or row[0] not in countries:
            continue
        if len(row) != len(PANEL_COLUMNS):
            problems.append(f"{name}, row {number}: {len(row)} fields; expected {len(PANEL_COLUMNS)}")
            continue
        if not YEAR.fullmatch(row[1]):
            problems.append(
                f"{name}, row {number}, column 'year': {row[1]!r} is not a year; expected four digits "
                "(a preliminary mark such as '*' or '(prelim.)' belongs in no cell)"
            )
            continue
        if int(row[1]) < FIRST_YEAR:
            continue
        values = []
        for column in ("exports", "imports"):
            value, problem = _amount(row[PANEL_COLUMNS.index(column)], f"{name}, row {number}, column '{column}'")
            values.append(value)
            if problem:
                problems.append(problem)
        records.append((row[0], int(row[1]), *values))
        kept.append(line)
    if problems:
        raise RecipeError(problems)
    table = pd.DataFrame(records, columns=["iso3", "year", "exports", "imports"])
    # A country missing in a year would silently shrink its partner's total (EU27 is a sum): refuse it.
    for iso3 in sorted(countries):
        absent = sorted(set(table["year"]) - set(table.loc[table["iso3"] == iso3, "year"]))
        if absent:
            problems.append(
                f"{name}: no row for {iso3} ({countries[iso3]}) in {', '.join(map(str, absent))}, though "
                "other partner countries have rows there; expected every partner country in every year"
            )
    if problems:
        raise RecipeError(problems)
    duplicated = table[table.duplicated(["iso3", "year"], keep=False)]
    if not duplicated.empty:
        first = duplicated.iloc[0]
        raise RecipeError(
            [f"{name}: {first.iso3} {first.year} appears more than once; expected one row per country and year"]
        )
    return Panel(table, "".join(kept).encode("utf-8"))


def read_table(raw: bytes, name: str) -> pd.DataFrame:
    """A hand-kept input: plain UTF-8 CSV, read as text so that values keep their written form."""
    _text(raw, name)
    return pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)


class Snapshots:
    """The recorded snapshots of one data folder, each verified against its sha256 before it is first read."""

    def __init__(self, folder: Path, descriptor: dict):
        self.folder, self.descriptor = folder, descriptor
        self._raw: dict[str, bytes] = {}

    def raw(self, name: str) -> bytes:
        if name not in self._raw:
            self._raw[name] = verified_bytes(self.folder, find(self.descriptor, name))
        return self._raw[name]

    def path(self, name: str) -> str:
        return find(self.descriptor, name)["path"]

    def monthly(self, name: str) -> pd.DataFrame:
        return read_monthly(self.raw(name), self.path(name))

    def table(self, name: str) -> pd.DataFrame:
        return read_table(self.raw(name), self.path(name))

    def panel(self, name: str) -> Panel:
        return read_panel(self.raw(name), self.path(name), partner_countries(self.table("partner_countries")))


def partner_countries(table: pd.DataFrame) -> dict[str, str]:
    """iso3 -> the partner code it belongs to, from the hand-kept table."""
    return dict(zip(table["iso3"], table["partner"], strict=False))
