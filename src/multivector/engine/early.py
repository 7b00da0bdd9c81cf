"""Whether a build is likely to have work, guessed before it reads any data: a file it reads was modified after the
output folder was last published. Only a hint, for starting Jupyter Book's process while the data are checked (its
imports then use a core the check leaves idle, 1-2 s of a rebuild); what the build does is decided as before, so a
wrong guess costs time and nothing else (a process started and stopped, or started later)."""

from __future__ import annotations

import os
from pathlib import Path


def work_likely(published: Path, places) -> bool:
    """Whether any of `places` (the files and folders a build reads: sources.of_build) or anything under them was
    modified after `published` (the last publish's key file) was written; True if it is not there."""
    try:
        since = published.stat().st_mtime
    except OSError:
        return True
    return any(_newest(place) > since for place in places)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # not there (a folder the book does not have): nothing of it was read
        return 0.0


def _newest(folder: Path) -> float:
    """The latest modification time of `folder` (or file) and the files and folders under it (a folder's time changes
    when a file in it is added, removed or renamed)."""
    newest = _modified(folder)
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        newest = max([newest, *(_modified(Path(top) / n) for n in (*dirs, *names))])
    return newest
