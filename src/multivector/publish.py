"""The output folder is the build's own: which folders a build may publish into, and publishing into one.

A build publishes only into a folder that is absent, empty, or marked as a multivector site by the marker file a
build wrote there itself. The marker lists what the builds put in the folder (the editions, their listing and the
latest edition's pages), so that publishing never replaces a file someone added beside them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import tempfile
from pathlib import Path

import psutil

MARKER = ".multivector-site"
# Marks a stage folder as the build's own, so that clearing it never removes anyone else's files.
STAGE_MARKER = ".multivector-stage"
OURS = (MARKER,)
# Written by builds before the marker existed: a folder holding both (or an editions listing beside its shelf) was
# wholly made by builds.
LEGACY_MARKERS = ("_build_key", "_edition.json")


class OutputError(ValueError):
    """The output folder cannot be used; the message says why and what to do instead."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check(out: Path, protected: dict[Path, str]) -> None:
    """Refuse, before any work, an output folder the build may not write into.

    `protected` maps folders to what they are ("the project", "the data folder given with --data"): the output may
    be neither such a folder, nor inside one, nor a folder that holds one.
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
                "site must not mix with the data it is built from. Give a folder of its own "
                "(e.g. --out _build/html)."
            )
    if out.is_dir() and _manifest(out) is None:
        others = sorted(p.name for p in out.iterdir() if p.name not in OURS)
        if others:
            shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
            raise OutputError(
                f"--out {out} already holds files a multivector build did not write ({shown}); "
                "nothing was changed. Give a new or empty folder, or one a previous build made."
            )


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
    if all((out / m).is_file() for m in LEGACY_MARKERS) or (
        (out / "editions.json").is_file() and (out / "editions").is_dir()
    ):
        return names
    return None


def write_marker(out: Path, entries: list[str]) -> None:
    from .cache import write_whole

    text = json.dumps({"written_by": "multivector build", "entries": sorted(entries)}, indent=1) + "\n"
    write_whole(out / MARKER, lambda path: path.write_text(text, encoding="utf-8"))


def into(site: Path, out: Path, edition, base_url: str = "") -> None:
    """Publish the finished `site` into `out` as `edition` (see editions.publish: its permanent folder, and the root
    if it is the latest), then record in the marker what the build now owns there. A file a person put in `out`
    that the new site would replace stops publishing, with nothing changed."""
    from . import editions

    previous = _manifest(out) if out.is_dir() else []
    if previous is None:  # check() refused this before any work; a folder filled since then is refused too
        raise OutputError(f"--out {out} now holds files a multivector build did not write; nothing was published.")
    ours = set(previous) | {editions.SHELF, editions.LISTING, editions.SWITCHER}
    foreign = sorted(p.name for p in site.iterdir() if (out / p.name).exists() and p.name not in ours)
    if foreign:
        raise OutputError(
            f"--out {out} holds {', '.join(foreign)}, which a build did not write and the new site "
            "would replace; move them away and build again. Nothing was published."
        )
    editions.publish(site, out, edition, base_url)
    write_marker(out, editions.root_entries(out))


@contextlib.contextmanager
def claimed(out: Path):
    """Hold `out` for this build, or stop at once with a sentence naming the build that holds it. The lock is on the
    folder itself (flock), so it leaves no file behind and dies with its holder, even one killed with SIGKILL.
    A folder this build created and never published into is removed again when it ends."""
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputError(
            f"Another build is writing to {out} ({_holder(out)}); nothing was changed. Wait for it "
            "to finish, or stop it, and build again."
        ) from None
    try:
        yield out
    finally:
        if created and not any(out.iterdir()):
            with contextlib.suppress(OSError):
                out.rmdir()
        os.close(fd)


def _holder(folder: Path) -> str:
    """Who holds the lock on `folder`, from the kernel's table of locks: pid, start time and command."""
    inode = folder.stat().st_ino
    try:
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if "FLOCK" in fields and fields[-3].rsplit(":", 1)[-1] == str(inode):
                proc = psutil.Process(int(fields[fields.index("FLOCK") + 3]))
                started = dt.datetime.fromtimestamp(proc.create_time()).isoformat(sep=" ", timespec="seconds")
                return f"pid {proc.pid}, started {started}: {' '.join(proc.cmdline())}"
    except (OSError, ValueError, IndexError, psutil.Error):
        pass
    return "a build whose process could not be looked up"


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
        if not ((last / STAGE_MARKER).is_file() or (last / "_multivector_build.json").is_file()):
            return work  # a folder of that name that no build made: leave it, and keep the stage where it is
        shutil.rmtree(last)
    os.replace(work, last)
    return last
