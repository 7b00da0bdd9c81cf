"""How a refusal speaks of what it refuses: a bad value quoted by a short prefix, never whole; an OS failure as one
sentence naming the path and what to do."""

from __future__ import annotations

import errno
import os
from pathlib import Path

# Enough to recognise a value by; a refusal never prints more of one (a value can be megabytes long).
QUOTE_CHARACTERS = 40


def quoted(value, limit: int = QUOTE_CHARACTERS) -> str:
    """`repr(value)` when short; else the repr of its first `limit` characters, marked as cut and with the length.
    Containers are described by their type and size, not printed (a YAML file can make one billions of items long)."""
    if isinstance(value, (list, tuple, set, dict)):
        return f"a {type(value).__name__} of {len(value):,} item(s)"
    text = value if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else None
    if text is None:
        return f"a {type(value).__name__}"
    if len(text) <= limit:
        return repr(value)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


# What a user can do about each OS failure, by errno: the sentence names the path before it.
_ADVICE = {
    errno.EACCES: "permission denied; expected a path this user may write (or read)",
    errno.EPERM: "operation not permitted; expected a path this user may change",
    errno.ENOTDIR: "a part of this path is a file, not a folder; expected a path through folders only",
    errno.EISDIR: "is a folder; expected a file",
    errno.ENOSPC: "no space left on the device; free some space on it (or choose a folder on another disk) and "
    "run the command again",
    errno.EDQUOT: "the disk quota is exhausted; free some space and run the command again",
    errno.EROFS: "the file system is read-only; expected a folder that can be written",
    errno.ENAMETOOLONG: "the name is too long for the file system; expected a shorter path",
    errno.ENOENT: "not found; expected an existing file or folder",
    errno.ELOOP: "too many symbolic links; expected a path without a symlink loop",
}


def os_failure(exc: OSError, folder=None) -> str:
    """One sentence for an OS failure: the path it concerns (or, when the OS names none, as a write to a full disk
    does not, the `folder` the command was writing in or beside), what went wrong, what to do."""
    names = [os.fsdecode(n) for n in (exc.filename, exc.filename2) if n is not None]
    where = " -> ".join(names) or (f"writing in or beside {folder}" if folder is not None else "a file")
    what = _ADVICE.get(exc.errno) or exc.strerror or str(exc) or type(exc).__name__
    return f"{where}: {what}."


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


class RecipeError(ValueError):
    """A snapshot or recipe cannot be used; the message lists every problem, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"The data recipes stopped ({len(problems)} problem(s)):\n{lines}\nThe data folder was left as it was."
        )
