"""The rules of each file on its own, before its cells are typed: present, UTF-8, its checksum; then as CSV its
delimiter, header, blank lines, numbers no table can hold, and rows a chart can draw."""

from __future__ import annotations

import csv
import hashlib
import inspect
import math
from pathlib import Path

from multivector import paths
from multivector.errors import quoted

# Every table is read as comma-separated; these are what a spreadsheet writes instead, named when found.
DELIMITER, OTHER_DELIMITERS = ",", (";", "\t", "|")
# No figure in these tables (bn USD, million tonnes, a price index) comes near a billion in its unit: a bigger one
# is a typo or a unit slip, and would overflow the shares computed from it.
LARGEST_NUMBER = 1e9
# The tables a chart draws row for row. Altair refuses to embed more rows in one chart than its data transformer's
# `max_rows` (MaxRowsError, after minutes of building), so `check` refuses them first. The other charts draw a row
# per year, flow and coloured partner, which the years' range in the schema bounds.
ROW_FOR_ROW_CHARTS = {
    "events": "the timelines draw one mark per event",
    "cpi_yoy": "the inflation chart draws one point per month",
}


def bytes_problems(folder: Path, resource: dict) -> list[str]:
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


def file_lines(folder: Path, resource: dict) -> list[str]:
    """The resource's file as lines of text."""
    # A byte-order mark (what "CSV UTF-8" in a spreadsheet writes) is not part of the first column's name.
    return (folder / resource["path"]).read_text(encoding="utf-8-sig").splitlines()


# Fewer rows than any Altair release has refused to embed (its max_rows has been 5,000 since Altair 2): a table this
# short needs no look at Altair's setting.
FEWEST_ROWS_ALTAIR_REFUSES = 1_000


def chart_row_limit() -> int | None:
    """The most rows Altair embeds in one chart (its active data transformer's `max_rows`), or None for no limit."""
    # Imported here for start-up time: altair takes a second to import, and most processes that import the data
    # package (the build's workers, the site's extensions) never validate one.
    import altair as alt

    options = alt.data_transformers.options
    if "max_rows" in options:
        return options["max_rows"]
    return inspect.signature(alt.data_transformers.get()).parameters["max_rows"].default


def chart_row_problems(resource: dict, lines: list[str]) -> list[str]:
    """A table a chart draws row for row (`lines`: its file, as read for the layout check) with more rows than Altair
    embeds in one chart."""
    drawn = ROW_FOR_ROW_CHARTS.get(resource["name"])
    if not drawn:
        return []
    try:
        rows = sum(1 for row in csv.reader(lines) if row) - 1
    except csv.Error:  # said by layout_problems
        return []
    # Altair is asked for its limit only for a table that could reach it (importing it costs every check 0.5 s).
    limit = chart_row_limit() if rows > FEWEST_ROWS_ALTAIR_REFUSES else None
    if limit is None or rows <= limit:
        return []
    return [
        f"{resource['path']}: {rows:,} rows; {drawn}, and a chart takes at most {limit:,} rows (Altair's limit); "
        f"expected at most {limit:,} rows"
    ]


def trailing_blank_rows(lines: list[str]) -> set[int]:
    """Row numbers (header = 1) of the blank lines that end a file: an editor's habit, accepted and ignored."""
    last = len(lines)
    while last > 1 and not lines[last - 1].strip():
        last -= 1
    return set(range(last + 1, len(lines) + 1))


def layout_problems(resource: dict, lines: list[str]) -> list[str]:
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
    trailing = trailing_blank_rows(lines)
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
