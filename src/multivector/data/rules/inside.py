"""The rule that every path a data package names (a resource's file, a snapshot's) leads to a file inside its folder."""

from __future__ import annotations

import re
from pathlib import Path


def outside(folder: Path, raw: str) -> str | None:
    """How the path `raw` leaves `folder`, said as the end of a sentence about it; None for a file inside.

    A data package received from someone else is untrusted; an absolute path, a `..`, or a symlink leading out of
    the folder would have the checks (and `rehash`, the recipes, and the published site) read a file not part of it.
    """
    if Path(raw).is_absolute() or re.match(r"^[A-Za-z]:|^[\\/]", raw):
        return "is absolute; expected a file name inside the data folder"
    if ".." in re.split(r"[\\/]", raw):
        return "climbs out of the data folder with '..'; expected a file name inside it"
    if "://" in raw:
        return "is a URL; expected a file inside the data folder"
    target = (folder / raw).resolve()
    if not target.is_relative_to(folder.resolve()):
        return f"leads (through a symbolic link) to {target}, outside the data folder; expected a file inside it"
    return None
