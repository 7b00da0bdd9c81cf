"""Publishing an edition: everything new is prepared inside the output folder beside what is published, then swapped
in by renames that are undone if one fails, and the listing is written last.

Editions share their unchanged files: a file equal to the one at the same path of an edition already published is a
hard link to it, and the root's copy of the latest edition is hard links to that edition's folder. Publishing never
writes into a published file (it renames new files into place), so a shared file never changes under another edition.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

from multivector.engine.editions.listing import (
    LISTING,
    ROOT_FILES,
    SHELF,
    Edition,
    Listing,
    folder,
    load,
    root_files,
    write_json,
)
from multivector.engine.editions.owned import FILES, files_in, refuse_strays, root_names, strays
from multivector.files import entries, write_whole


def publish(site: Path, out: Path, this: Edition, base_url: str = "") -> Listing:
    """Move the finished `site` into `out` as edition `this`: at its permanent path (replacing a published edition of
    the same id), and at the root if it is a new edition, which becomes the latest. The listing is written last.

    A rebuild of an edition published before the latest updates that edition only; the latest stays at the root.
    Removes only what publishing made: the replaced edition's folder, the root entries of the edition it replaces
    there, and its own temporary folders; a file a person put among them stops it, with nothing changed (`strays`).
    The caller holds the output folder's lock (publish.claimed).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    listing = load(out)
    after = _after(listing, this)
    at_root = after.latest == this.id
    rebuild = listing.index(this.id) is not None
    refuse_strays(
        strays(out, listing.latest if at_root else None, this.id if rebuild else None),
        f"publishing edition {this.id}",
        "Nothing was published.",
    )
    old_root = root_names(folder(out, listing.latest)) if at_root and listing.latest else set()
    swap = _Swap(out, this.id)
    try:
        _prepare(swap, site, listing, after, base_url, at_root)
        _swap_in(swap, after, old_root, at_root)
    except BaseException:
        swap.undo()
        raise
    finally:
        swap.clear()
    return after


def _after(listing: Listing, this: Edition) -> Listing:
    """The listing once `this` is published: a new edition is added as the latest; a rebuild keeps its place."""
    i = listing.index(this.id)
    if i is None:
        return Listing((*listing.editions, this), this.id)
    return Listing((*listing.editions[:i], this, *listing.editions[i + 1 :]), listing.latest)


class _Swap:
    """One publication's temporary places inside the output folder, and its renames so far, which `undo` reverses."""

    def __init__(self, out: Path, this_id: str):
        tag = f"{this_id}.{os.getpid()}"
        self.out, self.place = out, folder(out, this_id)
        self.incoming, self.root_incoming = out / SHELF / f".incoming-{tag}", out / f".incoming-{tag}"
        self.outgoing = out / f".outgoing-{tag}"
        # The root's files about the editions, made aside (all but the listing, which is written whole last).
        self.aside = {name: out / f".{name}.{tag}" for name in ROOT_FILES if name != LISTING}
        self.done: list[tuple[Path, Path]] = []

    def rename(self, src: Path, dest: Path) -> None:
        os.replace(src, dest)
        self.done.append((src, dest))

    def undo(self) -> None:
        for src, dest in reversed(self.done):
            os.replace(dest, src)

    def clear(self) -> None:
        for tmp in (self.incoming, self.root_incoming, self.outgoing):
            shutil.rmtree(tmp, ignore_errors=True)
        for tmp in self.aside.values():
            tmp.unlink(missing_ok=True)


def _prepare(swap: _Swap, site: Path, listing: Listing, after: Listing, base_url: str, at_root: bool) -> None:
    """What is new, made beside what is published: the edition's folder (sharing files with the published editions),
    its copy for the root, and the root's files about the editions but the listing."""
    (swap.out / SHELF).mkdir(exist_ok=True)
    shutil.move(str(site), str(swap.incoming))
    # The newest editions are likeliest to share a file: try them first.
    _share(swap.incoming, [folder(swap.out, e.id) for e in reversed(listing.editions)], swap.out)
    write_json(swap.incoming / FILES, sorted(files_in(swap.incoming)))
    if at_root:
        _link_tree(swap.incoming, swap.root_incoming)
    swap.outgoing.mkdir()
    for name, text in root_files(after.records(), base_url).items():
        if name in swap.aside:
            swap.aside[name].write_text(text, encoding="utf-8")


def _swap_in(swap: _Swap, after: Listing, old_root: set[str], at_root: bool) -> None:
    """The renames, each undoable: the edition into its permanent folder, its copy into the root, the switcher and the
    listing's script; then the listing, written whole."""
    out = swap.out
    if swap.place.exists() or swap.place.is_symlink():
        swap.rename(swap.place, swap.outgoing / "edition")
    swap.rename(swap.incoming, swap.place)
    if at_root:
        (swap.outgoing / "root").mkdir()
        for name in sorted(old_root | root_names(swap.root_incoming)):
            if (out / name).exists() or (out / name).is_symlink():
                swap.rename(out / name, swap.outgoing / "root" / name)
        for name in sorted(root_names(swap.root_incoming)):
            swap.rename(swap.root_incoming / name, out / name)
    for name, made in swap.aside.items():
        if (out / name).exists():
            swap.rename(out / name, swap.outgoing / name)
        swap.rename(made, out / name)
    write_whole(out / LISTING, lambda path: write_json(path, after.records()))


def _share(new: Path, published: list[Path], out: Path) -> None:
    """Replace each file of `new` that equals the file at the same path in a published edition by a hard link to it.
    Only a file truly at that path counts: never one a symlink leads to, inside the folder or out of it."""
    shelf = Path(out).resolve() / SHELF
    # Each edition truly on the shelf, with the files truly at their paths in it, listed once when first looked in.
    kept = [other for other in published if not other.is_symlink() and other.resolve() == shelf / other.name]
    listed: dict[Path, set[str]] = {}
    for path in sorted(p for p in new.rglob("*") if p.is_file() and not p.is_symlink()):
        rel, size = path.relative_to(new).as_posix(), path.stat().st_size
        for other in kept:
            if other not in listed:
                listed[other] = _files_at_their_paths(other)
            twin = other / rel
            try:
                if rel in listed[other] and twin.lstat().st_size == size and filecmp.cmp(twin, path, shallow=False):
                    tmp = path.with_name(f".{path.name}.link")
                    os.link(twin, tmp, follow_symlinks=False)
                    os.replace(tmp, path)
                    break
            except OSError:  # no hard links here (another file system): the file keeps its own copy
                continue


def _files_at_their_paths(folder: Path) -> set[str]:
    """The regular files under `folder` reached without following a symlink, by their path in it ('a/b.html')."""
    return {rel for rel, entry in entries(folder) if entry.is_file(follow_symlinks=False)}


def _link_tree(src: Path, dest: Path) -> None:
    """A copy of `src` made of hard links (a real copy where links cannot be made); a symlink stays a symlink."""
    shutil.copytree(src, dest, symlinks=True, copy_function=_link_or_copy)


def _link_or_copy(src: str, dest: str) -> None:
    try:
        os.link(src, dest, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dest, follow_symlinks=False)
