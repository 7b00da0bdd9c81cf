"""The editions of an output folder: an edition's id and record, the listing editions.json (checked against its JSON
Schema and the folders it names), the switcher's copy of it, its script for pages read from disk, and what Sphinx is
handed of them."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from multivector import paths

LISTING = "editions.json"
SWITCHER = "switcher.json"
# The listing as a script, for a page opened from a folder on disk (file://), where a browser refuses to fetch
# editions.json but runs a script named by a <script> tag. Every edition's pages load it from the root by this name
# and read this global (site/static/mv-editions.js), so every later build must write it here, in this shape.
SCRIPT = "editions.js"
SCRIPT_GLOBAL = "MV_EDITIONS"
# The root's files about the editions, in the order publishing writes them: the listing last.
ROOT_FILES = (SWITCHER, SCRIPT, LISTING)
SHELF = "editions"
FIELDS = ("id", "url", "year", "version", "fingerprint", "built", "latest")
ID = re.compile(r"^(?P<year>[0-9]{4})-[0-9a-f]{8}$")

# One entry of editions.json, a JSON array of them. Each description is what a refusal says was expected ({id} and
# {year} are the entry's); that the url and the year agree with the id is checked beside it, as a schema cannot say so.
ENTRY = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": list(FIELDS),
    "additionalProperties": False,
    "properties": {
        "id": {
            "type": "string",
            "pattern": ID.pattern,
            "description": "a reference year and 8 hex digits, like 2024-0a1b2c3d",
        },
        "url": {"type": "string", "description": f"'{SHELF}/{{id}}/'"},
        "year": {"type": "integer", "description": "the year its id starts with ({year})"},
        "version": {"type": "string", "description": "a string"},
        "fingerprint": {"type": "string", "minLength": 1, "description": "a string"},
        "built": {"type": "string", "format": "date", "description": "an ISO date like 2024-05-31"},
        "latest": {"type": "boolean", "description": "true or false"},
        # Only in an archive's own listing (standalone.py), whose one edition is the latest of the copy alone.
        "archived": {"type": "boolean", "description": "true or false"},
    },
}


@functools.cache
def _entry_validator():
    import jsonschema  # here for start-up time (0.2 s): engine.build loads this module before it starts its helpers

    return jsonschema.Draft202012Validator(ENTRY, format_checker=jsonschema.FormatChecker())


# The schema's objections to an entry as a whole, in the order a refusal names the first.
WHOLE = ("type", "required", "additionalProperties")


class EditionsError(ValueError):
    """The editions of an output folder cannot be read or changed; the message names the file and the problem."""


@dataclass(frozen=True)
class Edition:
    """One published edition: what it was built from and when."""

    id: str
    year: int
    version: str  # the data package's version
    fingerprint: str  # the data package's fingerprint (data.Dataset.fingerprint)
    built: str  # ISO date

    @property
    def url(self) -> str:
        """Its permanent folder, relative to the output folder."""
        return f"{SHELF}/{self.id}/"

    def record(self, latest: bool) -> dict:
        """Its entry in editions.json, fields in the documented order."""
        return {
            "id": self.id,
            "url": self.url,
            "year": self.year,
            "version": self.version,
            "fingerprint": self.fingerprint,
            "built": self.built,
            "latest": latest,
        }

    def facts(self) -> dict:
        return asdict(self) | {"url": self.url}


def edition_id(values: dict, fingerprint: str) -> str:
    """`<year>-<8 hex>`: the reference year, then a hash of the validated parameters (less the data folder, which
    says where the data are, not what they are) and the data's fingerprint. Same inputs, same id."""
    params = {k: v for k, v in values.items() if k != "data_dir"}
    digest = hashlib.sha256(
        json.dumps({"params": params, "data": fingerprint}, sort_keys=True, default=str).encode()
    ).hexdigest()
    return f"{int(params['year']):04d}-{digest[:8]}"


def of(values: dict, ds, built: dt.date | None = None) -> Edition:
    """The edition a build with these validated parameters and this data.Dataset publishes."""
    return Edition(
        id=edition_id(values, ds.fingerprint),
        year=int(values["year"]),
        version=ds.version,
        fingerprint=ds.fingerprint,
        built=(built or dt.date.today()).isoformat(),
    )


def folder(out: Path, edition_id_: str) -> Path:
    return Path(out) / SHELF / edition_id_


@dataclass(frozen=True)
class Listing:
    """The editions of an output folder, in publication order, and which one is the latest."""

    editions: tuple[Edition, ...]
    latest: str | None

    def index(self, edition_id_: str) -> int | None:
        return next((i for i, e in enumerate(self.editions) if e.id == edition_id_), None)

    def get(self, edition_id_: str) -> Edition | None:
        i = self.index(edition_id_)
        return None if i is None else self.editions[i]

    def earlier(self, edition_id_: str) -> tuple[Edition, ...]:
        """The editions published before this one: all of them for a new id, those before it for a rebuild."""
        i = self.index(edition_id_)
        return self.editions if i is None else self.editions[:i]

    def records(self) -> list[dict]:
        return [e.record(e.id == self.latest) for e in self.editions]

    def table(self, out: Path) -> list[str]:
        """The editions as `multivector editions` prints them for `out`: a header, then a line for each."""
        lines = [f"{'edition':<15} {'year':<5} {'data':<10} {'fingerprint':<14} {'built':<11} address"]
        for r in self.records():
            lines.append(
                f"{r['id']:<15} {r['year']:<5} {r['version']:<10} {r['fingerprint']:<14} {r['built']:<11} "
                f"{out / r['url']}{'  (latest, also at the root)' if r['latest'] else ''}"
            )
        return lines


def _problem(path: Path, what: str) -> EditionsError:
    return EditionsError(
        f"{path}: {what}. Nothing was published or changed. Restore the file from a backup, or "
        f"fix it by hand so that it lists each folder of {path.parent / SHELF} once, with exactly "
        'one entry marked "latest": true.'
    )


def load(out: Path) -> Listing:
    """The listing of `out`, checked against its schema and the folders it names; an empty listing if there is none
    yet. The first problem found is refused in a sentence naming the file."""
    out = Path(out)
    path = out / LISTING
    if not path.exists():
        return Listing((), None)
    raw = _read(path)
    if not isinstance(raw, list):
        raise _problem(path, f"holds a JSON {type(raw).__name__}; expected a list of editions")
    editions, seen = [], set()
    for n, entry in enumerate(raw, start=1):
        problem = _entry_problem(entry, n, seen)
        if problem:
            raise _problem(path, problem)
        eid = entry["id"]
        seen.add(eid)
        if not folder(out, eid).is_dir():
            raise _problem(path, f"entry {n} ({eid}) names the folder {folder(out, eid)}, which is missing")
        editions.append(Edition(eid, entry["year"], entry["version"], entry["fingerprint"], entry["built"]))
    latest = [entry["id"] for entry in raw if entry["latest"]]
    if editions and len(latest) != 1:
        raise _problem(
            path, f'{len(latest)} entries are marked "latest" ({", ".join(latest) or "none"}); expected exactly one'
        )
    return Listing(tuple(editions), latest[0] if latest else None)


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _problem(path, "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _problem(path, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except OSError as exc:
        raise _problem(path, f"cannot be read ({exc.strerror})") from None


def _entry_problem(entry, n: int, seen: set[str]) -> str | None:
    """What is wrong with entry `n` of the listing, in the words of a refusal; None if nothing. `seen`: the ids of the
    entries before it."""
    wrong: dict[str, str] = {}  # field ('' for the entry itself) -> the first schema keyword it fails
    for error in sorted(
        _entry_validator().iter_errors(entry), key=lambda e: WHOLE.index(e.validator) if not e.path else 0
    ):
        wrong.setdefault(str(error.path[0]) if error.path else "", error.validator)
    where = f"entry {n}"
    if wrong.get("") == "type":
        return f"{where} is not an object with the fields {', '.join(FIELDS)}"
    if wrong.get("") == "required":
        return f"{where} lacks the field(s) {', '.join(f for f in FIELDS if f not in entry)}"
    if wrong.get("") == "additionalProperties":
        extra = sorted(set(entry) - set(FIELDS))
        return f"{where} has unknown field(s) {', '.join(extra)}; expected only {', '.join(FIELDS)}"
    eid = entry["id"]
    if "id" in wrong:
        return f"{where} has id {eid!r}; expected {ENTRY['properties']['id']['description']}"
    where = f"entry {n} ({eid})"
    if eid in seen:
        return f"{where} lists the same edition a second time"
    agrees = {"url": entry["url"] == f"{SHELF}/{eid}/", "year": str(entry["year"]) == eid[:4]}
    for name in FIELDS[1:]:
        if name in wrong or not agrees.get(name, True):
            expected = ENTRY["properties"][name]["description"].format(id=eid, year=eid[:4])
            return f"{where} has {name} {entry[name]!r}; expected {expected}"
    return None


def recorded_facts(out: Path, edition_id_: str) -> dict | None:
    """An edition's _edition.json as it was published, whatever its shape; None if it cannot be read as JSON."""
    try:
        given = json.loads((folder(out, edition_id_) / paths.EDITION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return given if isinstance(given, dict) else None


def read_facts(out: Path, edition_id_: str) -> dict | None:
    """An edition's _edition.json (facts.summary) as the what-changed comparison reads it; None if it cannot."""
    from multivector.engine import comparison  # here for start-up time, as jsonschema in _entry_validator

    given = recorded_facts(out, edition_id_)
    return None if given is None or comparison.problem(given) else given


def handoff(this: Edition, out: Path, facts: dict, base_url: str = "") -> dict:
    """What Sphinx needs to know of the editions: this one (its record and facts), the earlier ones with theirs (for
    the Editions page), and the site's public address ('' if not known)."""
    return {
        "edition": this.facts(),
        "base_url": base_url,
        "facts": facts,
        "earlier": [{"edition": e.facts(), "facts": read_facts(out, e.id)} for e in load(out).earlier(this.id)],
    }


def switcher(records: list[dict], base_url: str = "") -> list[dict]:
    """The listing as pydata-sphinx-theme's switcher reads it: newest first, the latest marked preferred. Without a
    base URL the addresses are relative to the output folder; the page's script (mv-editions.js) completes them."""
    base = base_url.rstrip("/") + "/" if base_url else ""
    # The name is the id alone: the switcher's button shows it in the page's header, which must fit a phone.
    return [
        {"version": r["id"], "name": r["id"], "url": base + r["url"], **({"preferred": True} if r["latest"] else {})}
        for r in reversed(records)
    ]


def json_text(value) -> str:
    """The listing's and the switcher's format: indented, UTF-8, one value per file."""
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def write_json(path: Path, value) -> None:
    path.write_text(json_text(value), encoding="utf-8")


def script(records: list[dict]) -> str:
    """editions.js: sets SCRIPT_GLOBAL to the listing's records and the switcher's entries (their addresses relative
    to the output folder, which the page completes as it does switcher.json's without a base URL)."""
    value = {"listing": records, "switcher": switcher(records)}
    return f"window.{SCRIPT_GLOBAL} = {json.dumps(value, indent=1)};\n"


def root_files(records: list[dict], base_url: str = "") -> dict[str, str]:
    """What the output folder's root says of its editions, by file name (ROOT_FILES, in their order)."""
    texts = {SWITCHER: json_text(switcher(records, base_url)), SCRIPT: script(records), LISTING: json_text(records)}
    return {name: texts[name] for name in ROOT_FILES}
