"""The output folder is the build's own: which folders a build may publish into, and publishing into one.

A build publishes only into a folder that is absent, empty, or marked as a multivector site by the marker file a
build wrote there itself. The marker lists what the builds put in the folder (the editions, their listing and the
latest edition's pages), so that publishing never replaces a file someone added beside them; a file added among them
(in the pages' folders, in an edition) stops publishing by its name (editions.strays). A build never publishes inside
what a build owns: a stage, the cache, an edition, the latest edition's pages.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import psutil

from multivector import data, locks, paths
from multivector.engine import editions
from multivector.engine.report import BuildError, changed_meanwhile
from multivector.files import write_whole

MARKER = ".multivector-site"
# Marks a stage folder as the build's own, so that clearing it never removes anyone else's files.
STAGE_MARKER = ".multivector-stage"
OURS = (MARKER,)


class OutputError(ValueError):
    """The output folder cannot be used; the message says why and what to do instead."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check(out: Path, protected: dict[Path, str]) -> None:
    """Refuse, before any work, an output folder the build may not write into: `check_place`, then `check_contents`."""
    check_place(out, protected)
    check_contents(out)


def check_place(out: Path, protected: dict[Path, str]) -> None:
    """Refuse an output folder in a place the build may not write: what must be known before its lock is taken.

    `protected` maps folders to what they are ("the project", "the data folder given with --data", "the build's
    cache"): the output may be neither such a folder, nor inside one, nor a folder that holds one. Nor may it lie
    inside what a build owns (`_owner`).
    """
    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise OutputError(
            f"--out {out} is a file, not a folder. Give a new or empty folder for the site (e.g. --out _build/html)."
        )
    for folder, what in protected.items():
        folder = Path(folder).resolve()
        if what == "the project":
            if out == folder or out in folder.parents:
                raise OutputError(
                    f"--out {out} is {what} or a folder above it; publishing there would replace your "
                    "files. Give a folder of its own (e.g. --out _build/html)."
                )
        elif _inside(out, folder) or _inside(folder, out):
            raise OutputError(
                f"--out {out} is {what} ({folder}), a folder inside it or one that holds it; the "
                "site must not mix with it. Give a folder of its own (e.g. --out _build/html)."
            )
    owner = _owner(out)
    if owner:
        raise OutputError(
            f"--out {out} is inside {owner}; a build never writes there. Nothing was changed. Give a folder of "
            "its own (e.g. --out _build/html)."
        )


def check_contents(out: Path) -> None:
    """Refuse an output folder holding files a build did not write where publishing replaces files."""
    out = Path(out).resolve()
    if out.is_dir() and _manifest(out) is None:
        others = sorted(p.name for p in out.iterdir() if p.name not in OURS)
        if others:
            shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
            raise OutputError(
                f"--out {out} already holds files a multivector build did not write ({shown}); "
                "nothing was changed. Give a new or empty folder, or one a previous build made."
            )
    if out.is_dir():
        _refuse_strays(out)


def _owner(out: Path) -> str | None:
    """What a build owns that `out` lies in, in words ("the stage /x/site.stage-ab12"); None if nothing."""
    for folder in (out, *out.parents):
        if (folder / STAGE_MARKER).is_file():
            return f"{folder}, a build's stage"
    for site in out.parents:
        if (site / MARKER).is_file() or ((site / editions.LISTING).is_file() and (site / editions.SHELF).is_dir()):
            first = out.relative_to(site).parts[0]
            if first == editions.SHELF:
                return f"{site / first}, where the site in {site} keeps its published editions"
            if first in (_manifest(site) or []):
                return f"{site / first}, part of the latest edition the site in {site} serves at its root"
    return None


def _refuse_strays(out: Path) -> None:
    """A file a person put among the latest edition's pages at the root stops the build before any work (the next
    edition would replace them). A damaged listing is left for the build's own check of it to refuse."""
    try:
        latest = editions.load(out).latest
    except editions.EditionsError:
        return
    found = editions.strays(out, latest)
    if found:
        editions.refuse_strays(found, "publishing the next edition", "Nothing was changed.")


def _manifest(out: Path) -> list[str] | None:
    """The entries a build published into `out`; [] for an empty folder; None if the folder is not the build's."""
    marker = out / MARKER
    if marker.is_file():
        try:
            entries = json.loads(marker.read_text(encoding="utf-8")).get("entries")
        except (OSError, ValueError, AttributeError):
            entries = None
        if isinstance(entries, list) and all(isinstance(e, str) and "/" not in e for e in entries):
            return entries
        # A damaged marker still marks the folder as ours, but no longer says what is: keep every entry.
        return [p.name for p in out.iterdir() if p.name not in OURS and not p.name.startswith(".")]
    names = [p.name for p in out.iterdir() if p.name not in OURS] if out.is_dir() else []
    if not names:
        return []
    # Editions published by editions.publish alone, which writes no marker (publish.into adds it): the listing beside
    # its shelf says a build made the folder.
    if (out / editions.LISTING).is_file() and (out / editions.SHELF).is_dir():
        return names
    return None


def write_marker(out: Path, entries: list[str]) -> None:
    text = json.dumps({"written_by": "multivector build", "entries": sorted(entries)}, indent=1) + "\n"
    write_whole(out / MARKER, lambda path: path.write_text(text, encoding="utf-8"))


def into(site: Path, out: Path, edition, base_url: str = "") -> None:
    """Publish the finished `site` into `out` as `edition` (see editions.publish: its permanent folder, and the root
    if it is the latest), then record in the marker what the build now owns there. A file a person put in `out`
    that the new site would replace stops publishing, with nothing changed. The caller holds `claimed(out)`."""
    previous = _manifest(out) if out.is_dir() else []
    if previous is None:  # check() refused this before any work; a folder filled since then is refused too
        raise OutputError(f"--out {out} now holds files a multivector build did not write; nothing was published.")
    ours = set(previous) | {editions.SHELF, *editions.ROOT_FILES}
    foreign = sorted(p.name for p in site.iterdir() if (out / p.name).exists() and p.name not in ours)
    if foreign:
        raise OutputError(
            f"--out {out} holds {', '.join(foreign)}, which a build did not write and the new site "
            "would replace; move them away and build again. Nothing was published."
        )
    after = editions.publish(site, out, edition, base_url)
    write_marker(out, editions.root_entries(out, after))


@contextlib.contextmanager
def claimed(out: Path):
    """Hold `out` for this build (locks.held), or stop at once with a sentence naming the process that holds it: a
    build, or `editions remove`. A folder this build created and never published into is removed again when it ends."""
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    busy = lambda who: OutputError(  # noqa: E731
        f"Another command is writing to {out} ({who}); nothing was changed. Wait for it to finish, or stop it, "
        "and build again."
    )
    try:
        with locks.held(out, busy):
            yield out
    finally:
        if created and not any(out.iterdir()):
            with contextlib.suppress(OSError):
                out.rmdir()


def stage_dir(out: Path) -> Path:
    """Where the last successful build of `out` left its stage (executed notebooks, Jupyter Book's log), for nbval
    and inspection."""
    return out.parent / f"{out.name}.stage"


def new_stage(out: Path) -> Path:
    """A stage folder private to this build, beside `out`; stages of builds no longer running are cleared first."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for old in out.parent.glob(f"{out.name}.stage-*"):
        if old.is_dir() and _dead_stage(old):
            shutil.rmtree(old, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=f"{out.name}.stage-", dir=out.parent))
    work.chmod(0o755)
    (work / STAGE_MARKER).write_text(json.dumps({"pid": os.getpid()}) + "\n", encoding="utf-8")
    return work


def _dead_stage(folder: Path) -> bool:
    try:
        pid = json.loads((folder / STAGE_MARKER).read_text(encoding="utf-8"))["pid"]
    except (OSError, ValueError, KeyError, TypeError):
        return False  # not ours, or not readable: leave it
    return not psutil.pid_exists(pid) or pid == os.getpid()


def keep_stage(work: Path, out: Path) -> Path:
    """Keep a finished build's stage as the last one (replacing an earlier build's, never anyone else's folder)."""
    last = stage_dir(out)
    if last.exists():
        if not (last / STAGE_MARKER).is_file():
            return work  # a folder of that name that no build made: leave it, and keep the stage where it is
        shutil.rmtree(last)
    os.replace(work, last)
    return last


def copy_data(ds: data.Dataset, dest: Path) -> None:
    """The data files the edition was built from, downloadable from the sources appendix: refused unless each copy is
    the file as the build checked it."""
    dest.mkdir(parents=True, exist_ok=True)
    copies = {data.DESCRIPTOR: dest / paths.DATAPACKAGE}
    shutil.copy2(ds.folder / paths.DATAPACKAGE, copies[data.DESCRIPTOR])
    for r in ds.descriptor["resources"]:
        copies[r["name"]] = dest / Path(r["path"]).name
        shutil.copy2(ds.folder / r["path"], copies[r["name"]])
    unlike = ds.unlike(copies)
    if unlike:
        raise BuildError("publish", changed_meanwhile(ds.files_of(unlike)))
