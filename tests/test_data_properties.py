"""Anything `check` accepts, the build builds clean; everything else `check` refuses in a sentence.

Property-based: Hypothesis mutates a temporary copy of the shipped data package the ways an analyst's hands and
spreadsheets do (values, delimiters and encodings, headers, rows, descriptor fields) and asserts the contract for
every generated case. The check-side property runs many cases; the build-side one renders every page in-process
(tests/rendering.py) for fewer; one real build (conftest's new-year edition, whose data carry the edits a spreadsheet
makes) is checked page by page.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import rendering
from conftest import EXTRA_PARTNERS, NEW_YEAR
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from multivector import data, params, paths, sections
from multivector.engine import checks

SHIPPED = json.loads((paths.DATA / paths.DATAPACKAGE).read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in SHIPPED["resources"]}
TABLES = sorted(RESOURCES)
NUMERIC = {
    name: [f["name"] for f in r["schema"]["fields"] if f["type"] in ("number", "integer")]
    for name, r in RESOURCES.items()
}
# What ends up in a number cell when typed by hand or pasted from elsewhere.
ODD_NUMBERS = [
    "inf",
    "-inf",
    "Infinity",
    "-Infinity",
    "NaN",
    "nan",
    "1e308",
    "1e12",
    "-1",
    "-0.01",
    "",
    " ",
    "1,5",
    "12.5.3",
    "0",
    "0.0",
    "999999",
    "1e-9",
    "٣",
]
FILE_WORDS = re.compile(r"[\w.-]+\.(?:csv|json)")
SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- mutations: each takes the folder and Hypothesis's draw, edits files, and says what it did -----------------


def _path(folder: Path, name: str) -> Path:
    return folder / RESOURCES[name]["path"]


def _lines(folder: Path, name: str) -> list[str]:
    # An earlier mutation may have re-encoded the file: keep its bytes as they are.
    return _path(folder, name).read_bytes().decode("utf-8", "surrogateescape").splitlines()


def _write(folder: Path, name: str, lines: list[str], newline: str = "\n", encoding: str = "utf-8") -> None:
    _path(folder, name).write_bytes((newline.join(lines) + newline).encode(encoding, "surrogateescape"))


def set_cell(folder, draw):
    name = draw(st.sampled_from([n for n in TABLES if NUMERIC[n]]))
    lines = _lines(folder, name)
    header = lines[0].split(",")
    row = draw(st.integers(2, len(lines)))
    column = draw(st.sampled_from(NUMERIC[name]))
    value = draw(st.one_of(st.sampled_from(ODD_NUMBERS), st.floats(allow_nan=True, allow_infinity=True).map(repr)))
    cells = next(iter(__import__("csv").reader([lines[row - 1]])))
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(f'"{c}"' if "," in c else c for c in cells)
    _write(folder, name, lines)
    return {"file": RESOURCES[name]["path"], "row": row, "column": column, "value": value}


def plausible_cell(folder, draw):
    """A revision an analyst might make: a figure scaled so that partners stay within their totals."""
    name, column, low, high = draw(
        st.sampled_from(
            [
                ("trade_partners", "value_bn_usd", 0.0, 1.0),
                ("trade_totals", "value_bn_usd", 1.0, 50.0),
                ("oil_exports", "value_bn_usd", 0.0, 3.0),
                ("oil_exports", "volume_mt", 0.0, 3.0),
                ("cpi_yoy", "index_prev_year_100", 0.5, 1.5),
            ]
        )
    )
    lines = _lines(folder, name)
    header = lines[0].split(",")
    row = draw(st.integers(2, len(lines)))
    cells = lines[row - 1].split(",")
    i = header.index(column)
    cells[i] = f"{float(cells[i]) * draw(st.floats(low, high)):.2f}"
    lines[row - 1] = ",".join(cells)
    _write(folder, name, lines)
    return {"file": RESOURCES[name]["path"], "row": row, "column": column, "value": cells[i]}


def formatting(folder, draw):
    """What editors and spreadsheets change without changing a figure."""
    name = draw(st.sampled_from(TABLES))
    how = draw(st.sampled_from(["crlf", "bom", "trailing blank"]))
    lines = _lines(folder, name)
    if how == "crlf":
        _write(folder, name, lines, newline="\r\n")
    elif how == "bom":
        _write(folder, name, lines, encoding="utf-8-sig")
    else:
        _write(folder, name, lines + [""] * draw(st.integers(1, 3)))
    return {"file": RESOURCES[name]["path"], "how": how}


def set_text_cell(folder, draw):
    name = draw(st.sampled_from(["trade_partners", "trade_totals", "partners"]))
    lines = _lines(folder, name)
    header = lines[0].split(",")
    row = draw(st.integers(2, len(lines)))
    column = draw(st.sampled_from([c for c in header if c not in NUMERIC[name]]))
    value = draw(st.sampled_from(["", "xx", "Exports", "=1+1", "RU ", "ru", "EU28", "None"]))
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(cells)
    _write(folder, name, lines)
    return {"file": RESOURCES[name]["path"], "row": row, "column": column, "value": value}


def delimiter_or_encoding(folder, draw):
    name = draw(st.sampled_from(TABLES))
    how = draw(st.sampled_from([";", "\t", "|", "crlf", "bom", "latin-1", "utf-16", "trailing blank"]))
    lines = _lines(folder, name)
    if how in (";", "\t", "|"):
        _write(folder, name, [line.replace(",", how) for line in lines])
    elif how == "crlf":
        _write(folder, name, lines, newline="\r\n")
    elif how == "bom":
        _write(folder, name, lines, encoding="utf-8-sig")
    elif how == "trailing blank":
        _write(folder, name, lines + [""] * draw(st.integers(1, 3)))
    else:
        lines[-1] += ",Ä" if how == "latin-1" else ""
        _write(folder, name, lines, encoding=how)
    return {"file": RESOURCES[name]["path"], "how": how}


def header(folder, draw):
    name = draw(st.sampled_from(TABLES))
    rows = [line.split(",") for line in _lines(folder, name)]
    if any(len(r) != len(rows[0]) for r in rows):  # quoted commas: keep the header edits simple and exact
        return {"file": RESOURCES[name]["path"], "how": "none"}
    how = draw(st.sampled_from(["case", "swap", "duplicate", "extra", "missing", "space"]))
    i = draw(st.integers(0, len(rows[0]) - 1))
    j = (i + 1) % len(rows[0])
    if how == "case":
        rows[0][i] = rows[0][i].capitalize() if rows[0][i] != rows[0][i].capitalize() else rows[0][i].upper()
    elif how == "swap":
        for r in rows:
            r[i], r[j] = r[j], r[i]
    elif how == "duplicate":
        rows[0][j] = rows[0][i]
    elif how == "extra":
        rows = [r + (["comment"] if k == 0 else ["x"]) for k, r in enumerate(rows)]
    elif how == "missing":
        rows = [r[:i] + r[i + 1 :] for r in rows]
    else:
        rows[0][i] = " " + rows[0][i]
    _write(folder, name, [",".join(r) for r in rows])
    return {"file": RESOURCES[name]["path"], "how": how}


def rows(folder, draw):
    how = draw(st.sampled_from(["blank", "duplicate", "remove", "add year", "add partner", "remove partner"]))
    if how in ("blank", "duplicate", "remove"):
        name = draw(st.sampled_from(TABLES))
        lines = _lines(folder, name)
        k = draw(st.integers(1, len(lines) - 1))
        lines = (
            lines[:k] + [""] + lines[k:]
            if how == "blank"
            else lines[: k + 1] + [lines[k]] + lines[k + 1 :]
            if how == "duplicate"
            else lines[:k] + lines[k + 1 :]
        )
        _write(folder, name, lines)
        return {"file": RESOURCES[name]["path"], "how": how}
    if how == "add year":
        # An earlier year copied from the shipped one, with some partners left out (RU, CN, or none).
        year = draw(st.integers(1991, 2019))
        source = draw(st.sampled_from([2020, 2021, 2024]))
        drop = draw(st.sampled_from([(), ("RU",), ("CN",), ("RU", "CN")]))
        for name in ("trade_totals", "trade_partners"):
            lines = _lines(folder, name)
            added = [
                f"{year}," + line.split(",", 1)[1]
                for line in lines[1:]
                if line.startswith(f"{source},") and not any(f",{code}," in line for code in drop)
            ]
            if not any(line.startswith(f"{year},") for line in lines[1:]):
                _write(folder, name, lines + added)
        return {"how": how, "year": year, "drop": drop}
    partners = _lines(folder, "partners")
    if how == "add partner":
        n = draw(st.integers(1, 12))
        codes = [f"Z{i:02d}" for i in range(n)]
        _write(folder, "partners", partners + [f"{c},Partner {c}," for c in codes])
        trade = _lines(folder, "trade_partners")
        _write(
            folder,
            "trade_partners",
            trade + [f"{y},{flow},{c},0.01" for c in codes for y in (2021, 2024) for flow in ("exports", "imports")],
        )
        return {"how": how, "n": n}
    code = draw(st.sampled_from([p.split(",")[0] for p in partners[1:]]))
    trade = _lines(folder, "trade_partners")
    _write(folder, "trade_partners", [line for line in trade if f",{code}," not in line])
    return {"how": how, "partner": code}


def descriptor(folder, draw):
    path = folder / paths.DATAPACKAGE
    d = json.loads(path.read_text(encoding="utf-8"))
    how = draw(st.sampled_from(["drop key", "wrong type", "field type", "resources", "whole", "unknown type"]))
    r = draw(st.sampled_from(d["resources"]))
    wrong = draw(st.sampled_from([None, 5, True, [], {}, "", ["a"]]))
    if how == "drop key":
        r.pop(draw(st.sampled_from(["schema", "path", "hash", "name"])))
    elif how == "wrong type":
        r[draw(st.sampled_from(["schema", "path", "hash", "name", "bytes"]))] = wrong
    elif how == "field type":
        f = draw(st.sampled_from(r["schema"]["fields"]))
        f[draw(st.sampled_from(["name", "type", "constraints"]))] = wrong
    elif how == "unknown type":
        draw(st.sampled_from(r["schema"]["fields"]))["type"] = "banana"
    elif how == "resources":
        d["resources"] = wrong
    else:
        d = wrong
    path.write_text(json.dumps(d), encoding="utf-8")
    return {"file": paths.DATAPACKAGE, "how": how}


CSV_MUTATIONS = [set_cell, plausible_cell, set_text_cell, delimiter_or_encoding, header, rows]


@st.composite
def mutated(draw, mutations=tuple(CSV_MUTATIONS), descriptor_too=True):
    """A temporary copy of data/ with one to three mutations, rehashed as an analyst would (and, sometimes, with a
    descriptor edit after). Returns the folder and what was done."""
    folder = Path(tempfile.mkdtemp(prefix="mv-prop-")) / "data"
    shutil.copytree(paths.DATA, folder)
    done = []
    for _ in range(draw(st.integers(1, 3))):
        try:
            done.append(draw(st.sampled_from(mutations))(folder, draw))
        except (ValueError, IndexError):
            done.append({"how": "skipped: an earlier edit removed the cell it would change"})  # nothing written
    with contextlib.suppress(data.DataError):  # a file rehash cannot record: check must refuse it too
        data.rehash(folder)
    if descriptor_too and draw(st.booleans()) and draw(st.booleans()):
        done.append(descriptor(folder, draw))
    return folder, done


def check(folder: Path, values: dict | None = None):
    """(checked parameters, Dataset) as `multivector check` gets them, or the refusal's message."""
    values = params.with_data_dir(values or {}, folder)
    try:
        return checks.check(params.data_folder(values), values)
    except (data.DataError, params.ParameterError) as exc:
        return str(exc)


def assert_refused_clearly(message: str, done: list[dict]) -> None:
    assert "Traceback" not in message and "None" not in message.replace("'None'", ""), message
    problems = [line[4:] for line in message.splitlines() if line.startswith("  - ")] or [message]
    for p in problems:
        assert FILE_WORDS.search(p) or p.startswith("parameter"), f"no file named in: {p}"
        assert "expected" in p, f"nothing expected in: {p}"
    for d in done:
        # A cell that cannot be a number is refused at its own row and column (when nothing else broke first).
        if d.get("value") in ("inf", "-inf", "Infinity", "NaN", "1e308", "1,5", "12.5.3") and len(done) == 1:
            assert f"{d['file']}, row {d['row']}, column '{d['column']}'" in message, (d, message)


@settings(max_examples=100, **SETTINGS)
@given(case=mutated())
def test_check_accepts_or_refuses_with_file_and_what_was_expected(case):
    folder, done = case
    try:
        result = check(folder)
        event("refused" if isinstance(result, str) else "accepted")
        if isinstance(result, str):
            assert_refused_clearly(result, done)
    finally:
        shutil.rmtree(folder.parent)


@settings(max_examples=6, **SETTINGS)
@given(case=mutated(mutations=(plausible_cell, formatting, rows), descriptor_too=False), top=st.integers(1, 10))
@pytest.mark.slow
def test_whatever_check_accepts_every_page_shows_without_nan_inf_none_or_empty_glue(case, top):
    folder, done = case
    try:
        result = check(folder, {"top_partners": top})
        event("refused" if isinstance(result, str) else "rendered")
        if isinstance(result, str):
            assert_refused_clearly(result, done)
            return
        shown = rendering.render(result[0])
        assert rendering.blemishes(shown) == [], done
    finally:
        shutil.rmtree(folder.parent)


def test_a_mutated_package_that_check_accepts_builds_a_clean_site(new_year_edition):
    """One real build (conftest's new-year edition): more partners than the palette, an earlier year without Russia
    or China, Windows line ends, a byte-order mark and trailing blank lines, as well as a year only the trade series
    reach."""
    from bs4 import BeautifulSoup

    folder, out = new_year_edition.folder, new_year_edition.out
    raw = {name: _path(folder, name).read_bytes() for name in ("partners", "trade_partners", "trade_totals")}
    assert b"\r\n" in raw["partners"] and raw["trade_partners"].startswith(b"\xef\xbb\xbf")
    assert raw["trade_totals"].endswith(b"\n\n\n")
    assert not isinstance(check(folder, {"year": str(NEW_YEAR)}), str)
    for page in [out / "notebooks" / f"{name}.html" for name in sections.EXECUTED]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        text = soup.get_text(" ")
        # The paper's prose may say "None of this"; a figure, a glued value or a table cell may not be None.
        assert not rendering.BAD.findall(text.replace("None of", "")), (page.name, rendering.BAD.findall(text))
        cells = [t.get_text(" ").strip() for t in soup.select("td, span.pasted-text, .pasted-inline")]
        assert "None" not in cells, page.name
    assert f"Partner {EXTRA_PARTNERS[-1]}" in (out / "notebooks" / "multi_vectorism.html").read_text(encoding="utf-8")
