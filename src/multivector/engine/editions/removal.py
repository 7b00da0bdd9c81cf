"""Removing an edition that is not the latest: the root's files about the editions (the switcher, the script, the
listing) are rewritten first, then its folder is moved aside and deleted, so that the listing never names a missing
folder, whatever fails."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from multivector import locks
from multivector.engine.editions.listing import (
    LISTING,
    SHELF,
    SWITCHER,
    Edition,
    EditionsError,
    Listing,
    folder,
    load,
    root_files,
)
from multivector.engine.editions.owned import refuse_strays, strays
from multivector.files import write_whole


def remove(out: Path, edition_id_: str) -> Edition:
    """Remove one edition that is not the latest, holding the output folder's lock so that no build publishes and no
    other removal runs meanwhile."""
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
    records = Listing(tuple(e for e in listing.editions if e.id != gone.id), listing.latest).records()
    # The switcher keeps the address style it was written with; the listing is written last.
    for name, text in root_files(records, _switcher_base(out)).items():
        write_whole(out / name, lambda path, text=text: path.write_text(text, encoding="utf-8"))
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
