"""Load the data package, validate it against its schemas and cross-file rules, and hand out tables."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths

# The units the computations assume; a package that declares another unit is refused.
EXPECTED_UNITS = {
    ("trade_totals", "value_bn_usd"): "bn USD",
    ("trade_partners", "value_bn_usd"): "bn USD",
    ("oil_exports", "value_bn_usd"): "bn USD",
    ("oil_exports", "volume_mt"): "million tonnes",
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


class DataError(ValueError):
    """The data folder cannot be used; the message lists every problem found, one per line."""

    def __init__(self, problems: list[str], folder: Path):
        self.problems = problems
        self.folder = folder
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"The data in {folder} cannot be used ({len(problems)} problem(s)):\n{lines}\n"
            "Nothing was built. Fix the file(s) named above and run the command again."
        )


# Besides resource names, what a notebook's reads are recorded as: the whole descriptor, and its version field.
DESCRIPTOR = paths.DATAPACKAGE
VERSION = f"{paths.DATAPACKAGE}#version"
# Resources with this column hold rows that belong to sections of the book (claims, events). A page that reads only
# some sections' rows records `resource@section` for each, and depends on those rows only.
SECTION_COLUMN = "section"
PART = "@"


def part(name: str, section: str) -> str:
    return f"{name}{PART}{section}"


def describe_reads(reads) -> str:
    """Recorded reads as a reader would say them: 'cpi_yoy, events (rows of introduction, political_limits)'."""
    whole, parts = [], {}
    for read in sorted(reads):
        name, _, section = read.partition(PART)
        if section:
            parts.setdefault(name, []).append(section)
        else:
            whole.append(name)
    said = {**{n: n for n in whole}, **{n: f"{n} (rows of {', '.join(s)})" for n, s in parts.items() if n not in whole}}
    return ", ".join(said[n] for n in sorted(said))


@dataclass(frozen=True)
class Dataset:
    """The validated tables of one data folder, with the descriptor they came from.

    Every accessor records what it read in `used`, so the build can key a notebook's cached copy on the
    resources it actually read: a read that bypasses them would let a cached page go stale.
    """

    folder: Path
    _descriptor: dict
    _tables: dict[str, pd.DataFrame] = field(repr=False)
    used: set[str] = field(default_factory=set, repr=False, compare=False)
    # Rows read by id, per resource: a page lists the claims it quotes from other sections of the paper.
    fetched: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def descriptor(self) -> dict:
        # Whoever reads the raw descriptor may look at anything in it.
        self.used.update([*self._tables, DESCRIPTOR])
        return self._descriptor

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        self.used.update(self._tables)
        return self._tables

    def __getitem__(self, name: str) -> pd.DataFrame:
        self.used.add(name)
        return self._tables[name].copy()

    def rows(self, name: str, sections=None, ids=None) -> pd.DataFrame:
        """The rows of a section-partitioned resource that belong to `sections`, or that have one of `ids`.

        Recorded as `name@section` for every section read, so the page does not depend on other sections' rows.
        An id the table lacks is recorded as a read of the whole resource: adding it anywhere would change the page.
        """
        table = self._tables[name]
        if (sections is None) == (ids is None):
            raise TypeError("rows() takes either sections or ids")
        if sections is not None:
            sections = list(sections)
            picked = table[table[SECTION_COLUMN].isin(sections)]
        else:
            ids = list(ids)
            picked = table[table["id"].isin(ids)]
            sections = list(picked[SECTION_COLUMN])
            self.fetched.setdefault(name, set()).update(picked["id"])
            if set(ids) - set(picked["id"]):
                self.used.add(name)
        self.used.update(part(name, s) for s in sections)
        return picked.copy()

    @property
    def years(self) -> list[int]:
        self.used.add("trade_partners")
        return sorted(int(y) for y in self._tables["trade_partners"]["year"].unique())

    def resource(self, name: str) -> dict:
        self.used.add(name)
        return next(r for r in self._descriptor["resources"] if r["name"] == name)

    def checksum(self, name: str) -> str:
        return self.resource(name)["hash"].removeprefix("sha256:")

    @property
    def fingerprint(self) -> str:
        """One short hash over every resource's checksum: the data vintage a page was built from."""
        return self.fingerprint_of(r["name"] for r in self._descriptor["resources"])

    def fingerprint_of(self, names) -> str:
        """One short hash over the checksums of the named resources, in the descriptor's order, then over the
        digests of the sections' rows named (`resource@section`)."""
        names = set(names)
        self.used.update(names)
        joined = "".join(f"{r['name']}={r['hash']};" for r in self._descriptor["resources"] if r["name"] in names)
        parts = sorted(n for n in names if PART in n)
        if parts:
            digests = self.digests()
            joined += "".join(f"{n}={digests.get(n)};" for n in parts)
        return hashlib.sha256(joined.encode()).hexdigest()[:12]

    def digests(self) -> dict[str, str]:
        """What every read a page can record is worth now; the build keys a page's cached copy on these.

        A resource is worth its descriptor entry and its bytes; a section's rows are worth the entry without its
        checksum and size, and the rows themselves as loaded (for every section of the book, and any other
        the data name, so that rows appearing for a section change its digest too).
        """
        out = {DESCRIPTOR: sha256(self.folder / paths.DATAPACKAGE), VERSION: self._version()}
        for r in self._descriptor["resources"]:
            entry = json.dumps(r, sort_keys=True)
            out[r["name"]] = _digest(entry + sha256(self.folder / r["path"]))
            table = self._tables.get(r["name"])
            if table is None or SECTION_COLUMN not in table.columns:
                continue
            schema = json.dumps({k: v for k, v in r.items() if k not in ("hash", "bytes")}, sort_keys=True)
            for section in sorted(set(paths.PAGES) | set(table[SECTION_COLUMN].dropna())):
                rows = table[table[SECTION_COLUMN] == section].to_csv(index=False)
                out[part(r["name"], section)] = _digest(schema + rows)
        return out

    @property
    def version(self) -> str:
        self.used.add(VERSION)
        return self._version()

    def _version(self) -> str:
        return str(self._descriptor.get("version", "unversioned"))

    def partner_names(self) -> dict[str, str]:
        self.used.add("partners")
        return dict(zip(self._tables["partners"]["partner"], self._tables["partners"]["name"]))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _read_descriptor(folder: Path) -> dict:
    path = folder / paths.DATAPACKAGE
    if not path.is_file():
        raise DataError([f"{path}: file not found; a data folder needs a {paths.DATAPACKAGE} like the one in data/"], folder)
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([f"{path}: not valid UTF-8 JSON ({exc})"], folder) from exc
    names = [r.get("name") for r in descriptor.get("resources", [])]
    missing = [n for n in REQUIRED_RESOURCES if n not in names]
    if missing:
        raise DataError([f"{path}: resource(s) {', '.join(missing)} missing; expected {', '.join(REQUIRED_RESOURCES)}"], folder)
    return descriptor


def _check_bytes(folder: Path, resource: dict) -> list[str]:
    """File-level problems frictionless reports poorly: missing, empty, not UTF-8, stale checksum."""
    path = folder / resource["path"]
    if not path.is_file():
        return [f"{resource['path']}: file not found (named by resource '{resource['name']}' in {paths.DATAPACKAGE})"]
    raw = path.read_bytes()
    if not raw.strip():
        return [f"{resource['path']}: the file is empty; expected a header line and at least one row"]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        return [f"{resource['path']}, line {row}: byte {raw[exc.start]:#x} is not UTF-8; save the file as UTF-8"]
    declared = resource.get("hash", "").removeprefix("sha256:")
    actual = hashlib.sha256(raw).hexdigest()
    if declared and declared != actual:
        return [
            f"{resource['path']}: its sha256 ({actual[:12]}…) differs from the one in {paths.DATAPACKAGE} "
            f"({declared[:12]}…); if the change is deliberate, run `multivector rehash --data {folder}`"
        ]
    return []


def _frictionless_problems(folder: Path, descriptor: dict) -> list[str]:
    from frictionless import Package, system

    problems = []
    with system.use_context(trusted=False):
        package = Package(descriptor, basepath=str(folder))
        report = package.validate()
    for task in report.tasks:
        where = Path(task.place).name if task.place else task.name
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None)
            cell = getattr(error, "cell", None)
            parts = [where]
            if row:
                parts.append(f"row {row}")
            if column:
                parts.append(f"column '{column}'")
            value = f" (value {cell!r})" if cell not in (None, "") else ""
            problems.append(f"{', '.join(parts)}: {_explain(error)}{value}")
    return problems


def _explain(error) -> str:
    """Frictionless's terse note, turned into what was wrong and what was expected."""
    kind, note = error.type, error.note
    if kind == "type-error":
        expected = note.split('"')[1].split("/")[0] if '"' in note else "another type"
        return f"not a valid {expected}; expected a {expected} value"
    if kind == "constraint-error":
        return f"breaks the schema's rule ({note}); expected a value that satisfies it"
    if kind == "primary-key":
        return f"duplicate key: {note}; expected each key once"
    if kind == "foreign-key":
        return f"no matching row in the referenced file ({note}); expected a value listed there"
    return f"{error.title.lower()}: {note}"


def _read_tables(folder: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    tables = {}
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        dtypes = {f["name"]: ("string" if f["type"] in ("string", "yearmonth") else None) for f in fields}
        tables[resource["name"]] = pd.read_csv(
            folder / resource["path"],
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
                        f"{resource['path']}, row {i + 2}, column '{f['name']}': the value {value!r} starts with "
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
            problems.append(f"events.csv, row {i + 2}, column 'date': {r['date']!r} does not fit the precision "
                            f"'{r['precision']}'; expected the shape {shape.replace(chr(92) + 'd', 'N')}")
        elif r["precision"] == "season" and int(r["date"][5:7]) not in SEASON_STARTS:
            problems.append(f"events.csv, row {i + 2}, column 'date': a season is dated by its first month; expected "
                            f"one of {', '.join(f'{m:02d} ({n})' for m, n in SEASON_STARTS.items())}")
    return problems


def _sum_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    partners = tables["trade_partners"].groupby(["year", "flow"], as_index=False)["value_bn_usd"].sum()
    merged = partners.merge(tables["trade_totals"], on=["year", "flow"], suffixes=("_named", "_total"))
    over = merged[merged["value_bn_usd_named"] > merged["value_bn_usd_total"] + SUM_TOLERANCE]
    return [
        f"trade_partners.csv, year {r.year}, {r.flow}: the named partners add up to {r.value_bn_usd_named:.2f} bn USD, "
        f"more than the total of {r.value_bn_usd_total:.2f} in trade_totals.csv; expected at most the total"
        for r in over.itertuples()
    ]


def load(folder: Path | str | None = None, year: int | None = None) -> Dataset:
    """Validate the data folder and return its tables; raise DataError listing every problem."""
    folder = Path(folder or paths.DATA).resolve()
    descriptor = _read_descriptor(folder)
    problems = [p for r in descriptor["resources"] for p in _check_bytes(folder, r)]
    problems += _unit_problems(descriptor)
    if problems:
        raise DataError(problems, folder)
    problems = _frictionless_problems(folder, descriptor)
    if problems:
        raise DataError(problems, folder)
    tables = _read_tables(folder, descriptor)
    problems = _formula_cells(descriptor, tables) + _sum_problems(tables) + _date_problems(tables)
    dataset = Dataset(folder, descriptor, tables)
    if year is not None and year not in dataset.years:
        problems.append(
            f"trade_partners.csv: no rows for the requested year {year}; the data has {', '.join(map(str, dataset.years))}"
        )
    if problems:
        raise DataError(problems, folder)
    # Validation reads everything; what a page depends on is what it reads after loading.
    dataset.used.clear()
    return dataset


def rehash(folder: Path | str | None = None) -> list[str]:
    """Record each file's current sha256 and size in datapackage.json; return the resources that changed."""
    folder = Path(folder or paths.DATA).resolve()
    descriptor = _read_descriptor(folder)
    changed = []
    for resource in descriptor["resources"]:
        path = folder / resource["path"]
        digest = "sha256:" + sha256(path)
        if resource.get("hash") != digest:
            changed.append(resource["name"])
        resource["hash"], resource["bytes"] = digest, path.stat().st_size
    (folder / paths.DATAPACKAGE).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed
