"""Whether a build is likely to have work, guessed before it reads any data: a file it reads was modified after the
output folder was last published. Only a hint, for starting Jupyter Book's process while the data are checked (its
imports then use a core the check leaves idle, 1-2 s of a rebuild); what the build does is decided as before, so a
wrong guess costs time and nothing else (a process started and stopped, or started later)."""

from __future__ import annotations

from pathlib import Path

from multivector.files import entries

# Python's bytecode folders: written by running the code, never read by the build as an input.
BYTECODE = frozenset({"__pycache__"})


def work_likely(published: Path, places) -> bool:
    """Whether any of `places` (the files and folders a build reads: sources.of_build) or anything under them was
    modified after `published` (the last publish's key file) was written; True if it is not there."""
    try:
        since = published.stat().st_mtime
    except OSError:
        return True
    return any(_newest(place) > since for place in places)


def _modified(path, follow: bool = True) -> float:
    """The modification time of a Path or os.DirEntry (with `follow`, of what a link leads to); 0 if it is not there
    (a folder the book does not have): nothing of it was read."""
    try:
        return path.stat(follow_symlinks=follow).st_mtime
    except OSError:
        return 0.0


def _newest(place: Path) -> float:
    """The latest modification time of `place` (a folder or a file, where a link given leads) and of the files, folders
    and links under it (a folder's time changes when a file in it is added, removed or renamed); a link inside is not
    followed, so nothing outside the build's folders is looked at."""
    return max([_modified(place), *(_modified(entry, follow=False) for _, entry in entries(place, skip=BYTECODE))])
