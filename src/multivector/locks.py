"""One writer at a time per folder: a lock on the folder itself, and, when it is taken, who holds it.

Every command that writes a folder (a build or `editions remove` the output folder; `data build`, `data update`,
`rehash` the data folder) holds that folder's lock while it works; a second one stops at once with a sentence naming
the process that holds it, rather than waiting behind a build that may take minutes.

Hand-written rather than filelock's: filelock locks a file it creates beside what it guards (the folder would keep a
lock file, and a data folder is versioned and copied whole), and its native lock cannot say who holds it (only its
soft fallback writes a pid). An flock on the folder's own descriptor leaves nothing behind and dies with its holder,
even one killed with SIGKILL; the kernel's table of locks (/proc/locks) names the holder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil

LOCKS = Path("/proc/locks")


@contextlib.contextmanager
def held(folder: Path, refusal: Callable[[str], Exception]) -> Iterator[Path]:
    """Hold the existing `folder` while the block runs, or raise `refusal(holder)` at once if another process (or
    another `held` in this one) holds it; `holder` describes that process (pid, start time, command)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise refusal(holder(folder)) from None
        yield folder
    finally:
        os.close(fd)


def holder(folder: Path) -> str:
    """Who holds the lock on `folder`, from the kernel's table of locks: pid, start time and command."""
    try:
        st = folder.stat()
        device = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
        for line in LOCKS.read_text().splitlines():
            # "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234567 0 EOF" (a waiter's line carries "->" first)
            fields = line.split()
            if "FLOCK" in fields and "->" not in fields and fields[fields.index("FLOCK") + 4] == device:
                proc = psutil.Process(int(fields[fields.index("FLOCK") + 3]))
                started = dt.datetime.fromtimestamp(proc.create_time()).isoformat(sep=" ", timespec="seconds")
                return f"pid {proc.pid}, started {started}: {' '.join(proc.cmdline())}"
    except (OSError, ValueError, IndexError, psutil.Error):
        pass
    return "a process that could not be looked up"
