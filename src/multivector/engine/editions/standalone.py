"""An edition's archive laid out as an output folder of its own: the edition's files at their published place under
the shelf (`editions/<id>/`, byte for byte), and beside it the root files a build writes about its editions, listing
the one edition the archive holds, and a root page leading to it.

Why this layout: every page works out the output folder's root from its own address (site/switcher.py, ROOT_JS): a
page under `editions/<id>/` takes the folder above the shelf as the root and, from file://, loads that root's
editions.js. Unpacked, the archive is therefore read as a downloaded output folder is, and no published file changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from multivector.engine.editions.listing import ROOT_FILES, SCRIPT, Edition, Listing, folder, root_files
from multivector.site import parts
from multivector.site.theme import FAVICON, PUBLISHED_STATIC

ENTRY = "index.html"
# What each file at the archive's root is, as its RO-Crate describes it (crate.py): the listing's files and the entry.
ROOT_ROLES = {
    ENTRY: ("text/html", "The archive's first page, which leads to the edition's pages"),
    **{
        name: (
            "text/javascript" if name == SCRIPT else "application/json",
            f"The editions this archive holds, as the pages read them ({name})",
        )
        for name in ROOT_FILES
    },
}


def lay_out(place: Path, files: list[str], edition: Edition, title: str, into: Path) -> list[str]:
    """Copy `files` (relative to the edition's published folder `place`) into `into` at the edition's place under the
    shelf, and write the root files and the entry page; return every file written, relative to `into`."""
    shelved = folder(into, edition.id)
    shelved.mkdir(parents=True, exist_ok=True)
    for rel in files:
        (shelved / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(place / rel, shelved / rel, follow_symlinks=False)
    # The archive holds one edition, so its listing marks it the latest: the latest of what the archive holds, and
    # archived, so that its pages say they are a copy and do not claim to be the site's latest.
    records = [{**r, "archived": True} for r in Listing((edition,), edition.id).records()]
    # No base URL: the switcher's entries stay relative, leading to the copy in hand however it is opened or served.
    for name, text in root_files(records).items():
        (into / name).write_text(text, encoding="utf-8")
    icon = f"{PUBLISHED_STATIC}/{FAVICON.name}"
    page = parts.render(
        "root-page.html",
        title=title,
        first=f"{edition.url}{ENTRY}",
        icon=f"{edition.url}{icon}" if icon in files else "",
        canonical="",  # the archive's own page has no public address; the edition's pages name theirs
    )
    (into / ENTRY).write_text(page, encoding="utf-8")
    return sorted([*(f"{edition.url}{rel}" for rel in files), *ROOT_ROLES])
