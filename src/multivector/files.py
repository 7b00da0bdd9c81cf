"""Files the build writes whole and keeps a few of: written aside and renamed, so a reader never meets half a file,
and the oldest pruned beyond a count; and the one walk of a folder that never follows a symbolic link."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def write_whole(target: Path, write) -> None:
    """`write(path)` aside, then renamed onto `target`: a build running at the same time reads a whole file or none.
    If either fails, the file aside is removed and `target` is as it was."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def oldest_beyond(files, keep: int) -> list[Path]:
    """The `files` beyond the `keep` most recently written or used (see `touch`): the ones to remove."""

    def mtime(f: Path) -> float:
        try:
            return f.stat().st_mtime
        except OSError:  # removed meanwhile
            return 0.0

    return sorted(files, key=mtime, reverse=True)[keep:]


def touch(copy: Path) -> None:
    """Mark a cached file as just used, so pruning keeps it (never creates one: Path.touch would; one removed
    meanwhile by another build is no error)."""
    with contextlib.suppress(OSError):
        os.utime(copy)


def entries(folder: Path, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, os.DirEntry]]:
    """Every entry under `folder` (files, folders, symbolic links), with its path in it ('a/b.html'), following no
    symbolic link: a linked folder is listed, never entered, so nothing outside `folder` is reached. A folder named in
    `skip` is neither listed nor entered; one that cannot be read is listed and not entered."""
    todo = [""]
    while todo:
        rel = todo.pop()
        try:
            with os.scandir(folder / rel) as listing:
                found = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in found:
            if entry.name in skip and entry.is_dir(follow_symlinks=False):
                continue
            name = f"{rel}/{entry.name}" if rel else entry.name
            yield name, entry
            if entry.is_dir(follow_symlinks=False):
                todo.append(name)
