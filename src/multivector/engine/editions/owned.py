"""Which files of an output folder a build wrote: every edition lists its own, so that a file a person put among them
stops publishing or removal, by its name, instead of being deleted."""

from __future__ import annotations

import json
from pathlib import Path

from multivector.engine.editions.listing import ROOT_FILES, SHELF, EditionsError, Listing, folder
from multivector.files import entries

# Written into every edition's folder (and so into the root's copy of the latest): the files publishing put there, so
# that a file a person adds beside them is never taken for the build's.
FILES = "_edition_files.json"


def files_in(tree: Path) -> set[str]:
    """Every file and symlink under `tree`, as paths relative to it; a symlink is listed, never followed."""
    return {rel for rel, entry in entries(tree) if not entry.is_dir(follow_symlinks=False)}


def written(edition_folder: Path) -> set[str]:
    """What publishing put in an edition's folder, as its FILES lists it. Without a readable list nothing tells the
    build's files from a person's, so none but the list counts as the build's."""
    try:
        names = json.loads((edition_folder / FILES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        names = None
    if isinstance(names, list) and all(isinstance(n, str) for n in names):
        return {*names, FILES}
    return {FILES}


def root_names(site: Path) -> set[str]:
    return {p.name for p in site.iterdir()}


def strays(out: Path, root: str | None, edition_id_: str | None = None) -> list[Path]:
    """Files in `out` that a build did not write and publishing would delete: inside the root's copy of edition
    `root` (the latest, which the next edition replaces) and inside edition `edition_id_`'s folder (replaced by its
    rebuild, deleted by its removal). A symlink where the build wrote something else counts as one."""
    out = Path(out)
    found: list[Path] = []
    if root:
        ours = written(folder(out, root))
        for name in sorted(root_names(folder(out, root))):
            entry = out / name
            if entry.is_dir() and not entry.is_symlink():
                found += [entry / rel for rel in sorted(files_in(entry)) if f"{name}/{rel}" not in ours]
            elif (entry.exists() or entry.is_symlink()) and name not in ours:
                found.append(entry)
    if edition_id_:
        place = folder(out, edition_id_)
        if place.is_symlink():
            found.append(place)
        elif place.is_dir():
            ours = written(place)
            found += [place / rel for rel in sorted(files_in(place)) if rel not in ours]
    return found


def refuse_strays(found: list[Path], doing: str, nothing: str) -> None:
    """Stop, naming the files a person put where `doing` would delete them."""
    if found:
        shown = ", ".join(map(str, found[:5])) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        one = len(found) == 1
        raise EditionsError(
            f"{shown} {'was' if one else 'were'} not written by a build, and {doing} would delete "
            f"{'it' if one else 'them'}; move {'it' if one else 'them'} elsewhere and try again. {nothing}"
        )


def root_entries(out: Path, listing: Listing) -> list[str]:
    """What publishing owns at the root of `out` with this listing: the latest edition's entries, the shelf, and the
    root's files about the editions (ROOT_FILES)."""
    names = root_names(folder(out, listing.latest)) if listing.latest else set()
    return sorted(names | ({SHELF, *ROOT_FILES} if listing.editions else set()))
