"""The data package's rules: everything `check` refuses, one sentence each (file, row, column, what was found and
what was expected), before any page reads a table.

Long, as a list of rules is: each function checks one kind of problem, in the order a reader would fix them
(descriptor, paths, bytes, layout and headers, types and keys by frictionless, then cross-file rules).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import inspect
import io
import json
import math
import os
import re
from pathlib import Path

import pandas as pd

from multivector import paths
from multivector.data.periods import Period, PeriodError
from multivector.errors import DataError, quoted

# The units the computations assume; a package that declares another unit is refused.
EXPECTED_UNITS = {
    ("trade_totals", "value_bn_usd"): "bn USD",
    ("trade_partners", "value_bn_usd"): "bn USD",
    ("oil_exports", "value_bn_usd"): "bn USD",
    ("oil_exports", "volume_mt"): "million tonnes",
    ("oil_exports", "exports_same_months_bn_usd"): "bn USD",
    ("cpi_yoy", "index_prev_year_100"): "index, same month of previous year = 100",
}
REQUIRED_RESOURCES = ("partners", "trade_totals", "trade_partners", "oil_exports", "cpi_yoy", "claims", "events")
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Rounding to two decimals can make named partners exceed the total by a hair.
SUM_TOLERANCE = 0.011
# An event's date has the shape of its precision; a season is dated by its first month (northern hemisphere).
DATE_SHAPES = {"year": r"\d{4}", "season": r"\d{4}-\d{2}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}"}
SEASON_STARTS = {12: "winter", 3: "spring", 6: "summer", 9: "autumn"}
# Every table is read as comma-separated; these are what a spreadsheet writes instead, named when found.
DELIMITER, OTHER_DELIMITERS = ",", (";", "\t", "|")
# No figure in these tables (bn USD, million tonnes, a price index) comes near a billion in its unit: a bigger one
# is a typo or a unit slip, and would overflow the shares computed from it.
LARGEST_NUMBER = 1e9
# The partners whose rows the paper's figures need in the reference year (shares, the largest partners, Russia's
# trade), in both flows. A reference or baseline year without them is refused by `check`; other years may lack them,
# and the charts then compare the years that have them.
PAPER_PARTNERS = ("RU", "CN", "EU27")
# The tables a chart draws row for row. Altair refuses to embed more rows in one chart than its data transformer's
# `max_rows` (MaxRowsError, after minutes of building), so `check` refuses them first. The other charts draw a row
# per year, flow and coloured partner, which the years' range in the schema bounds.
ROW_FOR_ROW_CHARTS = {
    "events": "the timelines draw one mark per event",
    "cpi_yoy": "the inflation chart draws one point per month",
}


def read_descriptor(folder: Path, rehashing: bool = False) -> dict:
    """The folder's descriptor, refused unless its shape is what the code reads and every path stays inside.

    `rehash` may meet resources without a checksum yet: it is the command that records them.
    """
    path = folder / paths.DATAPACKAGE
    if not path.is_file():
        raise DataError(
            [f"{path}: file not found; a data folder needs a {paths.DATAPACKAGE} like the one in data/"], folder
        )
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([f"{path}: not valid UTF-8 JSON ({exc})"], folder) from exc
    problems = _descriptor_problems(descriptor, rehashing)
    if not problems:
        names = [r["name"] for r in descriptor["resources"]]
        missing = [n for n in REQUIRED_RESOURCES if n not in names]
        if missing:
            problems = [f"resource(s) {', '.join(missing)} missing; expected {', '.join(REQUIRED_RESOURCES)}"]
        problems += [
            f"resource '{n}' is described twice; expected each name once"
            for n in sorted(set(names))
            if names.count(n) > 1
        ]
    if not problems:
        problems = [p for r in descriptor["resources"] for p in _path_problems(folder, r)] + _field_problems(descriptor)
    if problems:
        raise DataError([f"{paths.DATAPACKAGE}: {p}" for p in problems], folder)
    return descriptor


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def _descriptor_problems(descriptor, rehashing: bool = False) -> list[str]:
    """What the code reads from the descriptor, each with the JSON type it must have; every entry is named."""
    if not isinstance(descriptor, dict):
        return [f'found {_kind(descriptor)}; expected an object with a "resources" list']
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return [f'"resources" is {_kind(resources)}; expected a list of resources']
    problems = []
    for i, r in enumerate(resources, 1):
        if not isinstance(r, dict):
            problems.append(f"resource {i} is {_kind(r)}; expected an object")
            continue
        label = f"resource {quoted(r['name'])}" if isinstance(r.get("name"), str) and r["name"] else f"resource {i}"
        for key, kind, expected in (
            ("name", str, "a string"),
            ("path", str, "a file name relative to the folder"),
            ("hash", str, 'a string "sha256:..." (run `multivector rehash`)'),
            ("schema", dict, 'an object with "fields"'),
        ):
            if key not in r and not (key == "hash" and rehashing):
                problems.append(f'{label} has no "{key}"; expected {expected}')
            elif key in r and (not isinstance(r[key], kind) or (kind is str and not r[key])):
                problems.append(f'{label}, "{key}" is {_kind(r[key])} {quoted(r[key])}; expected {expected}')
        schema = r.get("schema")
        if not isinstance(schema, dict):
            continue
        fields = schema.get("fields")
        if not isinstance(fields, list) or not fields:
            problems.append(f'{label}, schema "fields" is {_kind(fields)}; expected a non-empty list of fields')
            continue
        for j, f in enumerate(fields, 1):
            if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not isinstance(f.get("type"), str):
                said = f"'{f['name']}'" if isinstance(f, dict) and isinstance(f.get("name"), str) else str(j)
                problems.append(f'{label}, field {said}: expected an object with a string "name" and a string "type"')
    return problems


def _field_problems(descriptor: dict) -> list[str]:
    """The required resources must declare the fields (name and type) of the shipped package: the code reads them."""
    shipped = {r["name"]: [(f["name"], f["type"]) for f in r["schema"]["fields"]] for r in _shipped()["resources"]}
    problems = []
    for r in descriptor["resources"]:
        want = shipped.get(r["name"]) if r["name"] in REQUIRED_RESOURCES else None
        found = [(f["name"], f["type"]) for f in r["schema"]["fields"]]
        if want and found != want:
            said = ", ".join(f"{n} ({t})" for n, t in found)
            problems.append(
                f"resource '{r['name']}', schema fields: found {said}; expected "
                f"{', '.join(f'{n} ({t})' for n, t in want)}, which the computations read"
            )
    return problems


@functools.lru_cache(maxsize=1)
def _shipped() -> dict:
    """The shipped data package's descriptor, read once: the shape every data folder must have."""
    return json.loads((paths.DATA / paths.DATAPACKAGE).read_text(encoding="utf-8"))


def _path_problems(folder: Path, resource: dict) -> list[str]:
    """A resource path must name a file inside the folder: refused before anything is read from it.

    A data package received from someone else is untrusted; an absolute path, a `..`, or a symlink leading out of
    the folder would have the checks (and `rehash`, and the published site) read a file that is not part of it.
    """
    name, raw = resource["name"], resource["path"]
    where = f"resource '{name}', path {quoted(raw)}"
    if Path(raw).is_absolute() or re.match(r"^[A-Za-z]:|^[\\/]", raw):
        return [f"{where} is absolute; expected a file name inside the data folder"]
    if ".." in re.split(r"[\\/]", raw):
        return [f"{where} climbs out of the data folder with '..'; expected a file name inside it"]
    if "://" in raw:
        return [f"{where} is a URL; expected a file inside the data folder"]
    target = (folder / raw).resolve()
    if not target.is_relative_to(folder.resolve()):
        return [
            f"{where} leads (through a symbolic link) to {target}, outside the data folder; expected a file inside it"
        ]
    return []


def _check_bytes(folder: Path, resource: dict) -> list[str]:
    """File-level problems frictionless reports poorly: missing, empty, not UTF-8, stale checksum."""
    path = folder / resource["path"]
    if not path.is_file():
        return [
            f"{resource['path']}: file not found; expected it, since resource '{resource['name']}' in "
            f"{paths.DATAPACKAGE} names it"
        ]
    raw = path.read_bytes()
    if not raw.strip():
        return [f"{resource['path']}: the file is empty; expected a header line and at least one row"]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        return [
            f"{resource['path']}, line {row}: byte {raw[exc.start]:#x} is not UTF-8; expected UTF-8 text (save the file as UTF-8)"
        ]
    declared = resource["hash"].removeprefix("sha256:")
    actual = hashlib.sha256(raw).hexdigest()
    if declared != actual:
        return [
            f"{resource['path']}: its sha256 ({actual[:12]}…) differs from the one in {paths.DATAPACKAGE} "
            f"({declared[:12]}…); if the change is deliberate, run `multivector rehash --data {folder}`"
        ]
    return []


def _lines(folder: Path, resource: dict) -> list[str]:
    # A byte-order mark (what "CSV UTF-8" in a spreadsheet writes) is not part of the first column's name.
    return (folder / resource["path"]).read_text(encoding="utf-8-sig").splitlines()


def chart_row_limit() -> int | None:
    """The most rows Altair embeds in one chart (its active data transformer's `max_rows`), or None for no limit."""
    import altair as alt

    options = alt.data_transformers.options
    if "max_rows" in options:
        return options["max_rows"]
    return inspect.signature(alt.data_transformers.get()).parameters["max_rows"].default


def _chart_row_problems(resource: dict, lines: list[str]) -> list[str]:
    """A table a chart draws row for row (`lines`: its file, as read for the layout check) with more rows than Altair
    embeds in one chart."""
    drawn = ROW_FOR_ROW_CHARTS.get(resource["name"])
    limit = chart_row_limit() if drawn else None
    if limit is None:
        return []
    try:
        rows = sum(1 for row in csv.reader(lines) if row) - 1
    except csv.Error:  # said by _layout_problems
        return []
    if rows <= limit:
        return []
    return [
        f"{resource['path']}: {rows:,} rows; {drawn}, and a chart takes at most {limit:,} rows (Altair's limit); "
        f"expected at most {limit:,} rows"
    ]


def _trailing_blank_rows(lines: list[str]) -> set[int]:
    """Row numbers (header = 1) of the blank lines that end a file: an editor's habit, accepted and ignored."""
    last = len(lines)
    while last > 1 and not lines[last - 1].strip():
        last -= 1
    return set(range(last + 1, len(lines) + 1))


def _layout_problems(resource: dict, lines: list[str]) -> list[str]:
    """Delimiter, header, blank lines and numbers no table can hold, said plainly and once per file.

    Frictionless sniffs the delimiter (and then validates a file pandas cannot read), names neither the label found
    nor the one expected, and turns a reordered header into one type error per cell.
    """
    name, fields = resource["path"], resource["schema"]["fields"]
    expected = [f["name"] for f in fields]
    try:
        found = next(csv.reader([lines[0]]), [])
    except csv.Error as exc:
        return [_unreadable(name, 1, exc)]
    if len(expected) > 1 and len(found) == 1:
        for d in OTHER_DELIMITERS:
            if d in lines[0]:
                return [
                    f"{name}: the file uses {d!r} as delimiter; expected {DELIMITER!r} (save it as comma-separated CSV)"
                ]
    problems = _header_problems(name, found, expected)
    if problems:
        return problems
    trailing = _trailing_blank_rows(lines)
    numeric = {i: f for i, f in enumerate(fields) if f["type"] in ("number", "integer")}
    reader = csv.reader(lines)
    try:
        for row_number, row in enumerate(reader, 1):
            if row_number == 1 or row_number in trailing:
                continue
            if not any(cell.strip() for cell in row):
                problems.append(
                    f"{name}, row {row_number}: the line is blank; expected a row of {', '.join(expected)} "
                    "(delete the empty line)"
                )
                continue
            for i, f in numeric.items():
                problems += _number_problem(name, row_number, f, row[i] if i < len(row) else "")
    except csv.Error as exc:
        problems.append(_unreadable(name, reader.line_num, exc))
    return problems


def _unreadable(name: str, row_number: int, exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return (
            f"{name}, row {row_number}: a cell longer than {csv.field_size_limit():,} characters; expected cells "
            "of ordinary length"
        )
    return f"{name}, row {row_number}: cannot be read as CSV ({exc}); expected comma-separated rows"


def _header_problems(name: str, found: list[str], expected: list[str]) -> list[str]:
    where = f"{name}, header"
    twice = sorted({h for h in found if found.count(h) > 1})
    if twice:
        return [
            f"{where}: column {quoted(h)} appears {found.count(h)} times; expected each column once ({', '.join(expected)})"
            for h in twice
        ]
    if found == expected:
        return []
    if sorted(found) == sorted(expected):
        return [f"{where}: columns out of order: found {', '.join(found)}; expected {', '.join(expected)}"]
    if len(found) == len(expected) and all(f == e or f not in expected for f, e in zip(found, expected, strict=False)):
        return [
            f"{where}, column {i}: found {quoted(f)}, expected {e!r}"
            for i, (f, e) in enumerate(zip(found, expected, strict=False), 1)
            if f != e
        ]
    extra = [
        f"{where}, column {i}: extra column {quoted(h)}; expected only {', '.join(expected)}"
        for i, h in enumerate(found, 1)
        if h not in expected
    ]
    missing = [f"{where}: column {e!r} is missing; expected {', '.join(expected)}" for e in expected if e not in found]
    return extra + missing


def _number_problem(name: str, row_number: int, field: dict, cell: str) -> list[str]:
    try:
        value = float(cell)
    except ValueError:
        return []  # not a number at all: frictionless says so with the type expected
    where = f"{name}, row {row_number}, column '{field['name']}'"
    unit = f" in {field['unit']}" if field.get("unit") else ""
    if not math.isfinite(value):
        return [f"{where}: found {quoted(cell.strip())}, which is not a finite number; expected a figure{unit}"]
    if abs(value) > LARGEST_NUMBER:
        return [
            f"{where}: found {quoted(cell.strip())}, larger than any figure these tables hold; expected a figure{unit} "
            f"below {LARGEST_NUMBER:,.0f}"
        ]
    return []


def _frictionless_problems(folder: Path, descriptor: dict) -> list[str]:
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
        trailing = _trailing_blank_rows(_lines(folder, resource)) if resource else set()
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


def _formula_cells(descriptor: dict, tables: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    for resource in descriptor["resources"]:
        table = tables[resource["name"]]
        for f in resource["schema"]["fields"]:
            if f["type"] != "string" or f["name"] not in table:
                continue
            for i, value in table[f["name"]].items():
                if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                    problems.append(
                        f"{resource['path']}, row {i + 2}, column '{f['name']}': the value {quoted(value)} starts with "
                        f"{value[0]!r}, which spreadsheets run as a formula; expected plain text"
                    )
    return problems


def _unit_problems(descriptor: dict) -> list[str]:
    problems = []
    for resource in descriptor["resources"]:
        for f in resource["schema"]["fields"]:
            expected = EXPECTED_UNITS.get((resource["name"], f["name"]))
            if expected and f.get("unit") != expected:
                problems.append(
                    f"{paths.DATAPACKAGE}, resource '{resource['name']}', field '{f['name']}': unit is "
                    f"{f.get('unit')!r}; the computations expect {expected!r}"
                )
    return problems


def _date_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    for i, r in tables["events"].iterrows():
        shape = DATE_SHAPES[r["precision"]]
        if not re.fullmatch(shape, r["date"]):
            problems.append(
                f"events.csv, row {i + 2}, column 'date': {quoted(r['date'])} does not fit the precision "
                f"'{r['precision']}'; expected the shape {shape.replace(chr(92) + 'd', 'N')}"
            )
        elif r["precision"] == "season" and int(r["date"][5:7]) not in SEASON_STARTS:
            problems.append(
                f"events.csv, row {i + 2}, column 'date': a season is dated by its first month; expected "
                f"one of {', '.join(f'{m:02d} ({n})' for m, n in SEASON_STARTS.items())}"
            )
    return problems


def _sum_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    partners = tables["trade_partners"].groupby(["year", "flow"], as_index=False)["value_bn_usd"].sum()
    merged = partners.merge(tables["trade_totals"], on=["year", "flow"], suffixes=("_named", "_total"))
    over = merged[merged["value_bn_usd_named"] > merged["value_bn_usd_total"] + SUM_TOLERANCE]
    # Every share divides by its total: a total of zero is a missing figure, not a fact.
    zero = tables["trade_totals"][tables["trade_totals"]["value_bn_usd"] <= 0]
    return [
        f"trade_totals.csv, year {r.year}, {r.flow}: the total is {r.value_bn_usd:g} bn USD; expected a positive total "
        "(shares are computed from it)"
        for r in zero.itertuples()
    ] + [
        f"trade_partners.csv, year {r.year}, {r.flow}: the named partners add up to {r.value_bn_usd_named:.2f} bn USD, "
        f"more than the total of {r.value_bn_usd_total:.2f} in trade_totals.csv; expected at most the total"
        for r in over.itertuples()
    ]


def _period_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Each crude-oil row says which months it covers, consistently; a part of a year may carry the exports of those
    months, a full year may not (its total is trade_totals.csv's, and two totals for one year could disagree)."""
    problems = []
    for i, r in tables["oil_exports"].iterrows():
        where = f"oil_exports.csv, row {i + 2}"
        try:
            period = Period.parse(int(r["year"]), r["months"])
        except PeriodError as exc:
            problems.append(f"{where}, column 'months': {exc}")
            continue
        if len(period.months) != r["months_covered"]:
            problems.append(
                f"{where}: months {quoted(r['months'])} name {len(period.months)} months but months_covered says "
                f"{r['months_covered']}; expected the same count"
            )
        if period.full and not pd.isna(r["exports_same_months_bn_usd"]):
            problems.append(
                f"{where}, column 'exports_same_months_bn_usd': given for a full year; expected it empty (the year's "
                "total exports are in trade_totals.csv)"
            )
    return problems


def _paper_partner_problems(partners: pd.DataFrame, year: int, descriptor: dict, role: str) -> list[str]:
    path = next(r["path"] for r in descriptor["resources"] if r["name"] == "trade_partners")
    have = set(
        zip(
            partners.loc[partners["year"] == year, "flow"],
            partners.loc[partners["year"] == year, "partner"],
            strict=False,
        )
    )
    return [
        f"{path}: year {year} has no {flow} row for partner {code}; the paper's figures need "
        f"{', '.join(PAPER_PARTNERS)} in both flows of the {role}; expected a row for each"
        for code in PAPER_PARTNERS
        for flow in ("exports", "imports")
        if (flow, code) not in have
    ]


def package_token(descriptor: dict) -> str:
    """Names a data package exactly: its descriptor records every file's checksum."""
    return hashlib.sha256(json.dumps(descriptor, sort_keys=True).encode()).hexdigest()


def checked(folder: Path, year: int | None = None, baseline_year: int | None = None) -> tuple[dict, dict]:
    """The folder's descriptor and tables, once every rule holds; DataError listing every problem otherwise."""
    descriptor = read_descriptor(folder)
    problems = [p for r in descriptor["resources"] for p in _check_bytes(folder, r)]
    problems += _unit_problems(descriptor)
    if problems:
        raise DataError(problems, folder)
    problems = []
    for r in descriptor["resources"]:
        lines = _lines(folder, r)
        problems += _layout_problems(r, lines) + _chart_row_problems(r, lines)
    if problems:
        raise DataError(problems, folder)
    # Frictionless takes a second of each notebook's time. A build validates its package in full before any notebook
    # runs and names it to them (package_token): a notebook loading the same package, every file's checksum just
    # verified against its descriptor above, leaves that pass out.
    if os.environ.get(paths.CHECKED_PACKAGE_ENV) != package_token(descriptor):
        problems = _frictionless_problems(folder, descriptor)
        if problems:
            raise DataError(problems, folder)
    tables = _read_tables(folder, descriptor)
    problems = _formula_cells(descriptor, tables) + _sum_problems(tables) + _date_problems(tables)
    problems += _period_problems(tables)
    years = sorted(int(y) for y in tables["trade_partners"]["year"].unique())
    if year is not None and year not in years:
        problems.append(
            f"trade_partners.csv: no rows for the requested year {year}; expected one of the years the data has: "
            f"{', '.join(map(str, years))}"
        )
    elif year is not None:
        problems += _paper_partner_problems(tables["trade_partners"], year, descriptor, "reference year")
    if baseline_year is not None and baseline_year in years:
        problems += _paper_partner_problems(tables["trade_partners"], baseline_year, descriptor, "baseline year")
    if problems:
        raise DataError(problems, folder)
    return descriptor, tables
