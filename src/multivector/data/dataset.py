"""Load a validated data package and hand out its tables, recording what each page reads (for the build's cache)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from multivector import paths, sections
from multivector.data import periods, validate
from multivector.errors import DataError

# Besides resource names, what a notebook's reads are recorded as: the whole descriptor, and its version field.
DESCRIPTOR = paths.DATAPACKAGE
VERSION = f"{paths.DATAPACKAGE}#version"
# Resources with this column hold rows that belong to sections of the book (claims, events). A page that reads only
# some sections' rows records `resource@section` for each, and depends on those rows only.
SECTION_COLUMN = "section"
# The other resources with a column of these are time series, whose rows are dated by year (or by month, YYYY-MM). A
# page that reads only some years' rows records `resource@year` for each, and depends on those rows only.
YEAR_COLUMN, MONTH_COLUMN = "year", "month"
PART = "@"


def part(name: str, section: str) -> str:
    return f"{name}{PART}{section}"


def parts_of(table: pd.DataFrame) -> pd.Series | None:
    """What part of its resource each row of `table` is in: its section, or its year as text; None for a resource
    that is not read in parts."""
    if SECTION_COLUMN in table.columns:
        return table[SECTION_COLUMN]
    if YEAR_COLUMN in table.columns:
        return table[YEAR_COLUMN].astype(int).astype(str)
    if MONTH_COLUMN in table.columns:
        return table[MONTH_COLUMN].astype(str).str[:4]
    return None


def describe_reads(reads) -> str:
    """Recorded reads as a reader would say them: 'cpi_yoy, events (rows of introduction, political_limits)'."""
    whole, parts = [], {}
    for read in sorted(reads):
        name, _, section = read.partition(PART)
        if section:
            parts.setdefault(name, []).append(section)
        else:
            whole.append(name)
    said = {**{n: n for n in whole}, **{n: f"{n} ({_rows_of(s)})" for n, s in parts.items() if n not in whole}}
    return ", ".join(said[n] for n in sorted(said))


def _rows_of(keys: list[str]) -> str:
    """Parts as a reader says them: 'rows of introduction, summary' (sections), 'rows for 2019, 2024' (years)."""
    return f"rows {'for' if periods.by_year(keys) else 'of'} {', '.join(keys)}"


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
    # Per resource read in parts, where each part's rows are in its table (worked out once: a page reads hundreds).
    _places: dict[str, dict[str, list[int]]] = field(default_factory=dict, repr=False, compare=False)
    # What every read is worth (digests), worked out once: its tables and descriptor do not change, and a page asks
    # for them for its run card, its fingerprint and its printed card.
    _worth: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def descriptor(self) -> dict:
        # Whoever reads the raw descriptor may look at anything in it.
        self.used.update([*self._tables, DESCRIPTOR])
        return self._descriptor

    def __getitem__(self, name: str) -> pd.DataFrame:
        self.used.add(name)
        return self._tables[name].copy()

    def rows(self, name: str, sections=None, ids=None, year: int | None = None) -> pd.DataFrame:
        """The rows of a section-partitioned resource that belong to `sections`, or that have one of `ids`; or the
        rows of a time series dated in `year`.

        Recorded as `name@section` for every section read (`name@year` for the year), so the page does not depend
        on other parts' rows. An id the table lacks is recorded as a read of the whole resource: adding it anywhere
        would change the page.
        """
        table = self._tables[name]
        if [sections, ids, year].count(None) != 2:
            raise TypeError("rows() takes one of sections, ids or year")
        if year is not None:
            self.used.add(part(name, str(year)))
            return table.take(self._places_of(name).get(str(year), []))
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

    def _places_of(self, name: str) -> dict[str, list[int]]:
        """Each part of a resource read in parts, and the positions of its rows in the table."""
        if name not in self._places:
            of = parts_of(self._tables[name])
            self._places[name] = {} if of is None else {k: list(v) for k, v in of.groupby(of).indices.items()}
        return self._places[name]

    @property
    def years(self) -> list[int]:
        self.used.add("trade_partners")
        return sorted(int(y) for y in self._tables["trade_partners"]["year"].unique())

    def resource(self, name: str) -> dict:
        self.used.add(name)
        return next(r for r in self._descriptor["resources"] if r["name"] == name)

    def path(self, name: str) -> str:
        """The file that holds a resource, to say where rows read with `rows` are. It records no read of its own:
        the digest of each part covers the resource's descriptor entry, its path included (`digests`)."""
        return next(r["path"] for r in self._descriptor["resources"] if r["name"] == name)

    @property
    def package_token(self) -> str:
        """The package as it was validated (validate.package_token), for the build to name to its notebooks."""

        return validate.package_token(self._descriptor)

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
        """What every read a page can record is worth, as this Dataset loaded it (never the files as they are now):
        a page's run card records these for what it read, and the build keys its cached copy on them.

        A resource is worth its descriptor entry, whose checksum is that of the bytes its table was parsed from
        (validate.checked). A part's rows (a section's, a year's) are worth the entry without its checksum and size,
        and the rows themselves with their places in the file (a page says on which line a figure's cell is). Every
        section of the book has a digest, so that rows appearing for a section change it; a year the data lack has
        none, which a year's rows appearing changes too. The descriptor is worth its content as read
        (validate.package_token).
        """
        if not self._worth:
            self._worth.update(self._digests())
        return dict(self._worth)

    def _digests(self) -> dict[str, str]:
        out = {DESCRIPTOR: self.package_token, VERSION: self._version()}
        for r in self._descriptor["resources"]:
            out[r["name"]] = _digest(json.dumps(r, sort_keys=True))
            table = self._tables.get(r["name"])
            if table is None or parts_of(table) is None:
                continue
            schema = json.dumps({k: v for k, v in r.items() if k not in ("hash", "bytes")}, sort_keys=True)
            named = set(sections.PAGES) if SECTION_COLUMN in table.columns else set()
            places = self._places_of(r["name"])
            for key in sorted(named | set(places)):
                out[part(r["name"], key)] = _digest(schema + table.take(places.get(key, [])).to_csv())
        return out

    def files_of(self, reads) -> list[str]:
        """The package's files that hold `reads` (resources, sections' rows, the descriptor or its version), data files
        first in the descriptor's order; the descriptor is named only when no data file is (a data file's change
        changes its checksum in the descriptor too)."""
        names = {read.partition(PART)[0] for read in reads}
        files = [r["path"] for r in self._descriptor["resources"] if r["name"] in names]
        return files or ([paths.DATAPACKAGE] if names else [])

    def files(self) -> dict[str, Path]:
        """Each resource's file, and the descriptor's (under DESCRIPTOR), in the data folder."""
        return {DESCRIPTOR: self.folder / paths.DATAPACKAGE} | {
            r["name"]: self.folder / r["path"] for r in self._descriptor["resources"]
        }

    def unlike(self, files: dict[str, Path]) -> list[str]:
        """Of `files` (a resource's name, or DESCRIPTOR, -> a file meant to hold it), the resources or DESCRIPTOR
        whose file is not what this Dataset loaded (or cannot be read)."""

        hashes = {r["name"]: r["hash"].removeprefix("sha256:") for r in self._descriptor["resources"]}
        unlike = []
        for name, path in files.items():
            try:
                same = (
                    validate.package_token(json.loads(path.read_text(encoding="utf-8"))) == self.package_token
                    if name == DESCRIPTOR
                    else sha256(path) == hashes.get(name)
                )
            except (OSError, UnicodeDecodeError, ValueError):
                same = False
            if not same:
                unlike.append(name)
        return unlike

    @property
    def version(self) -> str:
        self.used.add(VERSION)
        return self._version()

    def _version(self) -> str:
        return str(self._descriptor.get("version", "unversioned"))

    def partner_names(self) -> dict[str, str]:
        self.used.add("partners")
        return dict(zip(self._tables["partners"]["partner"], self._tables["partners"]["name"], strict=False))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def load(
    folder: Path | str | None = None,
    year: int | None = None,
    baseline_year: int | None = None,
    passed: frozenset[str] = frozenset(),
) -> Dataset:
    """Validate the data folder (see validate.py) and return its tables; raise DataError listing every problem.

    With `year` (and `baseline_year`), also refuse a year the data lack, or one without the partners the paper's
    figures need.
    """

    folder = Path(folder or paths.DATA).resolve()
    descriptor, tables = validate.checked(folder, year, baseline_year, passed)
    return Dataset(folder, descriptor, tables)


def rehash(folder: Path | str | None = None) -> list[str]:
    """Record each file's current sha256 and size in datapackage.json; return the resources that changed."""
    folder = Path(folder or paths.DATA).resolve()

    descriptor = validate.read_descriptor(folder, rehashing=True)
    missing = [
        f"{r['path']}: file not found; expected it, since resource '{r['name']}' in {paths.DATAPACKAGE} names it"
        for r in descriptor["resources"]
        if not (folder / r["path"]).is_file()
    ]
    if missing:
        raise DataError(missing, folder)
    changed = []
    for resource in descriptor["resources"]:
        path = folder / resource["path"]
        digest = "sha256:" + sha256(path)
        if resource.get("hash") != digest:
            changed.append(resource["name"])
        resource["hash"], resource["bytes"] = digest, path.stat().st_size
    (folder / paths.DATAPACKAGE).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return changed
