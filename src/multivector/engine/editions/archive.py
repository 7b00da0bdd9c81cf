"""`multivector editions archive`: one edition as a zip file a repository accepts for deposit. The zip holds one BagIt
bag (RFC 8493, the `bagit` library): its payload is the edition's folder as published, so that unpacked its pages open
from file://, with an RO-Crate (crate.py) describing it; `.zenodo.json` sits beside the bag's own tag files.

Only the files a build wrote into the edition's folder (its _edition_files.json) go in, never a symlink; the zip is
written aside and renamed, so a failure leaves no half archive, and bad input is refused before anything is written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import bagit

from multivector import errors, locks
from multivector.engine.editions import crate, deposit
from multivector.engine.editions.listing import LISTING, SHELF, Edition, EditionsError, folder, load
from multivector.engine.editions.owned import written
from multivector.files import write_whole

# Zip rather than tar.gz: Zenodo lists and previews a zip's files, and every desktop opens one without extra tools.
SUFFIX = ".zip"
# The checksums the bag's manifests record: sha512 is bagit's default, sha256 the one the data package uses.
CHECKSUMS = ("sha256", "sha512")
NOTHING = "No archive was written."


def default_name(edition_id: str) -> str:
    return f"multivector-{edition_id}{SUFFIX}"


def archive(site: Path, edition_id: str, target: Path | None = None) -> Path:
    """Write the archive of edition `edition_id` of the output folder `site` to `target` (default: default_name in
    the working folder); return where it went. The site is held meanwhile (locks.held), so that no build or removal
    changes the edition while it is copied."""
    site = Path(site)
    if not site.is_dir():
        raise EditionsError(f"{site} is not a folder; expected the output folder of `multivector build`. {NOTHING}")
    busy = lambda who: EditionsError(  # noqa: E731
        f"Another command is writing to {site} ({who}). {NOTHING} Wait for it to finish, and archive again."
    )
    with locks.held(site, busy):
        edition = _edition(site, edition_id)
        target = _target(site, Path(target) if target is not None else Path.cwd() / default_name(edition.id))
        try:
            described = deposit.describe(site, edition)
            with tempfile.TemporaryDirectory(prefix="multivector-archive-") as work:
                bag = Path(work) / target.name.removesuffix(SUFFIX)
                pack(site, edition, bag, described)
                write_whole(target, lambda path: _zip(bag, path))
        except OSError as exc:
            raise EditionsError(f"{errors.os_failure(exc, target.parent)} {NOTHING}") from None
        except bagit.BagError as exc:  # a file of the edition could not be read, or its bag does not validate
            raise EditionsError(f"The bag of edition {edition.id} could not be made ({exc}). {NOTHING}") from None
    return target


def _edition(site: Path, edition_id: str) -> Edition:
    """The edition, if the folder `site` is a multivector output folder that lists it; else a refusal naming what is
    there."""
    if not (site / LISTING).is_file() or not (site / SHELF).is_dir():
        raise EditionsError(
            f"{site} is not a multivector site: it has no {LISTING} beside an {SHELF}/ folder; expected the output "
            f"folder of `multivector build` (give it with --site). {NOTHING}"
        )
    listing = load(site)
    found = listing.get(edition_id)
    if found is None:
        known = ", ".join(e.id for e in listing.editions) or "none"
        raise EditionsError(f"{site / LISTING} lists no edition {edition_id!r} (it lists: {known}). {NOTHING}")
    if folder(site, found.id).is_symlink():
        raise EditionsError(f"{folder(site, found.id)} is a symbolic link, not a folder a build published. {NOTHING}")
    return found


def _target(site: Path, target: Path) -> Path:
    """`target` if an archive may be written there: a new file ending in .zip, in an existing folder outside the
    site."""
    where = target.parent.resolve()
    if target.suffix != SUFFIX:
        raise EditionsError(f"--out {target} does not end in {SUFFIX}; expected the name of a zip file. {NOTHING}")
    if not where.is_dir():
        raise EditionsError(
            f"--out {target}: the folder {target.parent} does not exist; expected a file in an existing folder. "
            f"{NOTHING}"
        )
    resolved = where / target.name
    if resolved == site.resolve() or site.resolve() in resolved.parents:
        raise EditionsError(
            f"--out {target} is inside the site {site}; an archive there would be served with the site and "
            f"taken for a file a person put there. Give a path outside it. {NOTHING}"
        )
    if os.path.lexists(resolved):
        raise EditionsError(f"--out {target} already exists; give a new file name, or move it away. {NOTHING}")
    return resolved


def payload_files(site: Path, edition: Edition) -> list[str]:
    """The files of the edition's folder the archive carries: those a build wrote there, as regular files (never a
    symlink, nor anything a person added beside them), sorted."""
    place = folder(site, edition.id)
    return sorted(rel for rel in written(place) if (place / rel).is_file() and not _linked(place, rel))


def _linked(place: Path, rel: str) -> bool:
    """Whether `rel` is, or lies under, a symbolic link inside `place`."""
    here = place
    for part in Path(rel).parts:
        here = here / part
        if here.is_symlink():
            return True
    return False


def pack(site: Path, edition: Edition, bag: Path, described: deposit.Deposit) -> bagit.Bag:
    """Make the bag in the new folder `bag`: the edition's files and its RO-Crate as payload, .zenodo.json as a tag
    file; the bag is validated before it is returned."""
    place = folder(site, edition.id)
    files = payload_files(site, edition)
    for rel in files:
        (bag / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(place / rel, bag / rel, follow_symlinks=False)
    crate.write(bag, files, described)
    info = {"External-Identifier": edition.id, "External-Description": described.title}
    made = bagit.make_bag(str(bag), bag_info=info, checksums=list(CHECKSUMS))
    text = json.dumps(deposit.zenodo(described), indent=2, ensure_ascii=False) + "\n"
    (bag / deposit.ZENODO).write_text(text, encoding="utf-8")
    made.save()  # the tag manifests now cover .zenodo.json too
    made.validate()
    return made


def _zip(bag: Path, path: Path) -> None:
    """The bag as a zip, under one top folder named as the bag (RFC 8493's serialization), entries in a fixed order."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for file in sorted(p for p in bag.rglob("*") if p.is_file()):
            z.write(file, f"{bag.name}/{file.relative_to(bag).as_posix()}")
