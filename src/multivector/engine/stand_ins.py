"""The built site with this edition's values in place of the stand-ins Sphinx rendered (site.handoff.for_pages).

Sphinx's folder keeps the stand-ins, so that the next edition finds its pages unchanged; the site taken out of it,
and only that, holds the edition's values. A file that holds no stand-in is copied as it is.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from multivector import paths
from multivector.files import write_whole
from multivector.site import handoff


def of_stage(stage: Path) -> dict[bytes, bytes]:
    """Each stand-in the pages built from `stage` hold, and its value, from the stage's handoff ({} if it has none)."""
    try:
        given = json.loads((stage / paths.HANDOFF).read_text(encoding="utf-8"))
    except FileNotFoundError:  # Jupyter Book run by hand: Sphinx rendered the values themselves (site.handoff.read)
        return {}
    return {k.encode(): v.encode() for k, v in handoff.stand_ins(given).items()}


def filled(data: bytes, fills: dict[bytes, bytes]) -> bytes:
    """`data` with each stand-in of `fills` replaced by its value."""
    for stand_in, value in fills.items():
        data = data.replace(stand_in, value)
    return data


def copy_filled(src: Path, dest: Path, fills: dict[bytes, bytes]) -> None:
    """Copy the folder `src` to `dest` (which must not exist), each stand-in of `fills` in its files replaced."""

    def copy(from_: str, to: str) -> None:
        data = Path(from_).read_bytes()
        if any(s in data for s in fills):
            Path(to).write_bytes(filled(data, fills))
            shutil.copystat(from_, to)
        else:
            shutil.copy2(from_, to)

    shutil.copytree(src, dest, copy_function=copy)


def fill_in_place(folder: Path, fills: dict[bytes, bytes]) -> None:
    """Replace each stand-in of `fills` in the files of `folder`, each file rewritten whole."""
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            data = path.read_bytes()
            if any(s in data for s in fills):
                write_whole(path, lambda p, data=data: p.write_bytes(filled(data, fills)))
