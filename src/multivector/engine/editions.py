"""Editions: every build publishes an edition, named by its inputs, that stays online at its own permanent path.

An output folder OUT holds:

    OUT/editions/<id>/   every page of one edition, never rewritten once published (a rebuild of the same inputs
                         replaces it whole); its _edition_files.json lists the files publishing put there
    OUT/<pages>          the latest edition again, served at the root
    OUT/editions.json    the listing: id, url, year, version, fingerprint, built, latest; in publication order
    OUT/switcher.json    the same listing in the shape pydata-sphinx-theme's version switcher reads

Editions share their unchanged files: a file equal to the one at the same path of an edition already published is a
hard link to it, and the root's copy of the latest edition is hard links to that edition's folder. Publishing never
writes into a published file (it renames new files into place), so a shared file never changes under another
edition. Publishing is atomic: everything is prepared in temporary folders inside OUT, swapped in by renames that
are undone if one fails, and the listing is written last. Publishing and removing an edition delete only the files
a build wrote (a person's file among them stops both, by its name), and follow no symlink; the caller holds the
output folder's lock (publish.claimed, or `remove` itself), so the listing never names a missing folder.

Over 300 lines because publishing atomically with an undo, and checking a hand-editable listing, each take their room.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import hashlib
import json
import os
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from multivector import locks, paths
from multivector.files import write_whole

LISTING = "editions.json"
SWITCHER = "switcher.json"
SHELF = "editions"
FIELDS = ("id", "url", "year", "version", "fingerprint", "built", "latest")
ID = re.compile(r"^(?P<year>[0-9]{4})-[0-9a-f]{8}$")


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


# Reading and checking the listing ---------------------------------------------------------------------------------


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


def _problem(path: Path, what: str) -> EditionsError:
    return EditionsError(
        f"{path}: {what}. Nothing was published or changed. Restore the file from a backup, or "
        f"fix it by hand so that it lists each folder of {path.parent / SHELF} once, with exactly "
        'one entry marked "latest": true.'
    )


def load(out: Path) -> Listing:
    """The listing of `out`, checked against the folders it names; an empty listing if there is none yet. Long, as a list of checks is: each field and rule of the listing has its own sentence."""
    out = Path(out)
    path = out / LISTING
    if not path.exists():
        return Listing((), None)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _problem(path, "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _problem(path, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except OSError as exc:
        raise _problem(path, f"cannot be read ({exc.strerror})") from None
    if not isinstance(raw, list):
        raise _problem(path, f"holds a JSON {type(raw).__name__}; expected a list of editions")
    editions, latest, seen = [], [], set()
    for n, entry in enumerate(raw, start=1):
        where = f"entry {n}"
        if not isinstance(entry, dict):
            raise _problem(path, f"{where} is not an object with the fields {', '.join(FIELDS)}")
        missing = [f for f in FIELDS if f not in entry]
        if missing:
            raise _problem(path, f"{where} lacks the field(s) {', '.join(missing)}")
        extra = sorted(set(entry) - set(FIELDS))
        if extra:
            raise _problem(path, f"{where} has unknown field(s) {', '.join(extra)}; expected only {', '.join(FIELDS)}")
        eid = entry["id"]
        if not isinstance(eid, str) or not ID.match(eid):
            raise _problem(
                path, f"{where} has id {eid!r}; expected a reference year and 8 hex digits, like 2024-0a1b2c3d"
            )
        where = f"entry {n} ({eid})"
        if eid in seen:
            raise _problem(path, f"{where} lists the same edition a second time")
        seen.add(eid)
        checks = (
            ("url", entry["url"] == f"{SHELF}/{eid}/", f"'{SHELF}/{eid}/'"),
            (
                "year",
                isinstance(entry["year"], int)
                and not isinstance(entry["year"], bool)
                and str(entry["year"]) == ID.match(eid)["year"],
                f"the year its id starts with ({eid[:4]})",
            ),
            ("version", isinstance(entry["version"], str), "a string"),
            ("fingerprint", isinstance(entry["fingerprint"], str) and entry["fingerprint"] != "", "a string"),
            ("built", _is_date(entry["built"]), "an ISO date like 2024-05-31"),
            ("latest", isinstance(entry["latest"], bool), "true or false"),
        )
        for name, ok, expected in checks:
            if not ok:
                raise _problem(path, f"{where} has {name} {entry[name]!r}; expected {expected}")
        if not folder(out, eid).is_dir():
            raise _problem(path, f"{where} names the folder {folder(out, eid)}, which is missing")
        if entry["latest"]:
            latest.append(eid)
        editions.append(Edition(eid, entry["year"], entry["version"], entry["fingerprint"], entry["built"]))
    if editions and len(latest) != 1:
        raise _problem(
            path, f'{len(latest)} entries are marked "latest" ({", ".join(latest) or "none"}); expected exactly one'
        )
    return Listing(tuple(editions), latest[0] if latest else None)


def _is_date(value) -> bool:
    try:
        dt.date.fromisoformat(value)
        return isinstance(value, str)
    except (TypeError, ValueError):
        return False


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_facts(out: Path, edition_id_: str) -> dict | None:
    """An edition's _edition.json (edition.summary): what the what-changed comparison compares."""
    return _read_json(folder(out, edition_id_) / paths.EDITION_FILE)


def handoff(this: Edition, out: Path, facts: dict, base_url: str = "") -> dict:
    """What Sphinx needs to know of the editions: this one (its record and facts), the earlier ones with theirs (for
    the Editions page), and the site's public address ('' if not known)."""
    return {
        "edition": this.facts(),
        "base_url": base_url,
        "facts": facts,
        "earlier": [{"edition": e.facts(), "facts": read_facts(out, e.id)} for e in load(out).earlier(this.id)],
    }


def previous_facts(out: Path, this_id: str) -> dict | None:
    """The facts of the edition published just before `this_id` (for a rebuild, the one before it, not itself)."""
    earlier = load(out).earlier(this_id)
    return read_facts(out, earlier[-1].id) if earlier else None


def switcher(records: list[dict], base_url: str = "") -> list[dict]:
    """The listing as pydata-sphinx-theme's switcher reads it: newest first, the latest marked preferred. Without a
    base URL the addresses are relative to the output folder; the page's script (mv-editions.js) completes them."""
    base = base_url.rstrip("/") + "/" if base_url else ""
    # The name is the id alone: the switcher's button shows it in the page's header, which must fit a phone.
    return [
        {"version": r["id"], "name": r["id"], "url": base + r["url"], **({"preferred": True} if r["latest"] else {})}
        for r in reversed(records)
    ]


# Publishing -------------------------------------------------------------------------------------------------------

# Written into every edition's folder (and so into the root's copy of the latest): the files publishing put there, so
# that a file a person adds beside them is never taken for the build's.
FILES = "_edition_files.json"


def _files(tree: Path) -> set[str]:
    """Every file and symlink under `tree`, as paths relative to it; a symlink is listed, never followed."""
    found = set()
    for top, dirs, names in os.walk(tree):
        here = Path(top)
        found |= {(here / n).relative_to(tree).as_posix() for n in names}
        found |= {(here / d).relative_to(tree).as_posix() for d in dirs if (here / d).is_symlink()}
    return found


def _written(edition_folder: Path) -> set[str]:
    """What publishing put in an edition's folder, as its FILES lists it. Without a readable list nothing tells the
    build's files from a person's, so none but the list counts as the build's."""
    try:
        names = json.loads((edition_folder / FILES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        names = None
    if isinstance(names, list) and all(isinstance(n, str) for n in names):
        return {*names, FILES}
    return {FILES}


def strays(out: Path, root: str | None, edition_id_: str | None = None) -> list[Path]:
    """Files in `out` that a build did not write and publishing would delete: inside the root's copy of edition
    `root` (the latest, which the next edition replaces) and inside edition `edition_id_`'s folder (replaced by its
    rebuild, deleted by its removal). A symlink where the build wrote something else counts as one."""
    out = Path(out)
    found: list[Path] = []
    if root:
        ours = _written(folder(out, root))
        for name in sorted(_root_names(folder(out, root))):
            entry = out / name
            if entry.is_dir() and not entry.is_symlink():
                found += [entry / rel for rel in sorted(_files(entry)) if f"{name}/{rel}" not in ours]
            elif (entry.exists() or entry.is_symlink()) and name not in ours:
                found.append(entry)
    if edition_id_:
        place = folder(out, edition_id_)
        if place.is_symlink():
            found.append(place)
        elif place.is_dir():
            ours = _written(place)
            found += [place / rel for rel in sorted(_files(place)) if rel not in ours]
    return found


def refuse_strays(found: list[Path], doing: str, nothing: str) -> None:
    """Stop, naming the files a person put where `doing` would delete them."""
    if found:
        shown = ", ".join(map(str, found[:5])) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        one = len(found) == 1
        raise EditionsError(
            f"{shown} {'was' if one else 'were'} not written by a build, and {doing} would delete "
            f"{'it' if one else 'them'}; move {'it' if one else 'them'} elsewhere and try again. {nothing}"
        )


def _share(new: Path, published: list[Path], out: Path) -> None:
    """Replace each file of `new` that equals the file at the same path in a published edition by a hard link to it.
    Only a file truly at that path counts: never one a symlink leads to, inside the folder or out of it."""
    shelf = Path(out).resolve() / SHELF
    for path in sorted(p for p in new.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(new)
        for other in published:
            twin = other / rel
            try:
                if (
                    twin.resolve() == shelf / other.name / rel
                    and twin.is_file()
                    and twin.stat().st_size == path.stat().st_size
                    and filecmp.cmp(twin, path, shallow=False)
                ):
                    tmp = path.with_name(f".{path.name}.link")
                    os.link(twin, tmp, follow_symlinks=False)
                    os.replace(tmp, path)
                    break
            except OSError:  # no hard links here (another file system): the file keeps its own copy
                continue


def _link_tree(src: Path, dest: Path) -> None:
    """A copy of `src` made of hard links (a real copy where links cannot be made); a symlink stays a symlink."""
    shutil.copytree(src, dest, symlinks=True, copy_function=_link_or_copy)


def _link_or_copy(src: str, dest: str) -> None:
    try:
        os.link(src, dest, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dest, follow_symlinks=False)


def _write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _root_names(site: Path) -> set[str]:
    return {p.name for p in site.iterdir()}


def root_entries(out: Path, listing: Listing) -> list[str]:
    """What publishing owns at the root of `out` with this listing: the latest edition's entries, the shelf, the
    listing, the switcher."""
    names = _root_names(folder(out, listing.latest)) if listing.latest else set()
    return sorted(names | ({SHELF, LISTING, SWITCHER} if listing.editions else set()))


class _Renames:
    """Renames that can be undone in reverse order if a later one fails."""

    def __init__(self):
        self.done: list[tuple[Path, Path]] = []

    def __call__(self, src: Path, dest: Path) -> None:
        os.replace(src, dest)
        self.done.append((src, dest))

    def undo(self) -> None:
        for src, dest in reversed(self.done):
            os.replace(dest, src)


def publish(site: Path, out: Path, this: Edition, base_url: str = "") -> Listing:
    """Move the finished `site` into `out` as edition `this`: at its permanent path (replacing a published edition of
    the same id), and at the root if it is a new edition, which becomes the latest. The listing is written last.

    A rebuild of an edition published before the latest updates that edition only; the latest stays at the root.
    Removes only what publishing made: the replaced edition's folder, the root entries of the edition it replaces
    there, and its own temporary folders; a file a person put among them stops it, with nothing changed (`strays`).
    The caller holds the output folder's lock (publish.claimed).
    Long because its steps must run in one order under one undo: prepare, swap by renames, write the listing last.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    listing = load(out)
    new = listing.index(this.id) is None
    editions = list(listing.editions)
    if new:
        editions.append(this)
        latest = this.id
    else:
        editions[listing.index(this.id)] = this
        latest = listing.latest
    after = Listing(tuple(editions), latest)
    at_root = latest == this.id
    refuse_strays(
        strays(out, listing.latest if at_root else None, None if new else this.id),
        f"publishing edition {this.id}",
        "Nothing was published.",
    )
    old_root = _root_names(folder(out, listing.latest)) if at_root and listing.latest else set()

    shelf = out / SHELF
    tag = f"{this.id}.{os.getpid()}"
    incoming, root_incoming, outgoing = shelf / f".incoming-{tag}", out / f".incoming-{tag}", out / f".outgoing-{tag}"
    switcher_tmp = out / f".{SWITCHER}.{tag}"
    renames = _Renames()
    try:
        shelf.mkdir(exist_ok=True)
        shutil.move(str(site), str(incoming))
        # The newest editions are likeliest to share a file: try them first.
        _share(incoming, [folder(out, e.id) for e in reversed(listing.editions)], out)
        _write_json(incoming / FILES, sorted(_files(incoming)))
        if at_root:
            _link_tree(incoming, root_incoming)
        outgoing.mkdir()
        _write_json(switcher_tmp, switcher(after.records(), base_url))
        if folder(out, this.id).exists() or folder(out, this.id).is_symlink():
            renames(folder(out, this.id), outgoing / "edition")
        renames(incoming, folder(out, this.id))
        if at_root:
            (outgoing / "root").mkdir()
            for name in sorted(old_root | _root_names(root_incoming)):
                if (out / name).exists() or (out / name).is_symlink():
                    renames(out / name, outgoing / "root" / name)
            for name in sorted(_root_names(root_incoming)):
                renames(root_incoming / name, out / name)
        if (out / SWITCHER).exists():
            renames(out / SWITCHER, outgoing / SWITCHER)
        renames(switcher_tmp, out / SWITCHER)
        write_whole(out / LISTING, lambda path: _write_json(path, after.records()))
    except BaseException:
        renames.undo()
        raise
    finally:
        for tmp in (incoming, root_incoming, outgoing):
            shutil.rmtree(tmp, ignore_errors=True)
        switcher_tmp.unlink(missing_ok=True)
    return after


def remove(out: Path, edition_id_: str) -> Edition:
    """Remove one edition that is not the latest, holding the output folder's lock so that no build publishes and no
    other removal runs meanwhile. The listing is rewritten first, then the folder is moved aside and deleted: the
    listing never names a missing folder, whatever fails."""
    out = Path(out)
    if not out.is_dir():
        raise EditionsError(f"{out} is not a folder, so it holds no edition {edition_id_!r}; nothing was removed.")
    busy = lambda who: EditionsError(  # noqa: E731
        f"Another command is writing to {out} ({who}); nothing was removed. Wait for it to finish, or stop it, "
        "and remove again."
    )
    with locks.held(out, busy):
        return _remove(out, edition_id_)


def _remove(out: Path, edition_id_: str) -> Edition:
    listing = load(out)
    gone = listing.get(edition_id_)
    if gone is None:
        known = ", ".join(e.id for e in listing.editions) or "none"
        raise EditionsError(
            f"{out / LISTING} lists no edition {edition_id_!r} (it lists: {known}); nothing was removed."
        )
    if gone.id == listing.latest:
        raise EditionsError(
            f"{gone.id} is the latest edition of {out}, the one served at its root; it cannot be "
            "removed. Publish a newer edition first. Nothing was removed."
        )
    place = folder(out, gone.id)
    if place.is_symlink():
        raise EditionsError(
            f"{place} is a symbolic link, not a folder a build published; the listing was left as it was. "
            "Nothing was removed."
        )
    refuse_strays(strays(out, None, gone.id), f"removing edition {gone.id}", "Nothing was removed.")
    after = Listing(tuple(e for e in listing.editions if e.id != gone.id), listing.latest)
    records = after.records()
    # The switcher keeps the address style it was written with.
    entries = switcher(records, _switcher_base(out))
    write_whole(out / SWITCHER, lambda path: _write_json(path, entries))
    write_whole(out / LISTING, lambda path: _write_json(path, records))
    trash = out / SHELF / f".outgoing-{gone.id}.{os.getpid()}"
    try:
        os.replace(place, trash)
        shutil.rmtree(trash)
    except OSError as exc:
        left = trash if trash.exists() else place
        raise EditionsError(
            f"Edition {gone.id} was removed from {out / LISTING}, but its folder could not be deleted "
            f"({exc.strerror}); delete {left} by hand."
        ) from None
    return gone


def _switcher_base(out: Path) -> str:
    try:
        entries = json.loads((out / SWITCHER).read_text(encoding="utf-8"))
        url = entries[0]["url"]
    except (OSError, ValueError, LookupError, TypeError):
        return ""
    marker = f"{SHELF}/"
    return url[: url.rindex(marker)] if "://" in url and marker in url else ""
