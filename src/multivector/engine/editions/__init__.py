"""Editions: every build publishes an edition, named by its inputs, that stays online at its own permanent path.

An output folder OUT holds:

    OUT/editions/<id>/   every page of one edition, never rewritten once published (a rebuild of the same inputs
                         replaces it whole); its _edition_files.json lists the files publishing put there
    OUT/<pages>          the latest edition again, served at the root
    OUT/editions.json    the listing: id, url, year, version, fingerprint, built, latest; in publication order
    OUT/switcher.json    the same listing in the shape pydata-sphinx-theme's version switcher reads
    OUT/editions.js      both as a script that sets a global, for pages opened from a folder on disk (file://)

`listing` names the editions and reads the listing, `owned` tells the files a build wrote from a person's, `swap`
publishes an edition and `removal` removes one. Publishing and removing an edition delete only the files a build
wrote (a person's file among them stops both, by its name), and follow no symlink; the caller holds the output
folder's lock (publish.claimed, or `remove` itself), so the listing never names a missing folder.
"""

from multivector.engine.editions.listing import (
    FIELDS,
    ID,
    LISTING,
    ROOT_FILES,
    SCRIPT,
    SCRIPT_GLOBAL,
    SHELF,
    SWITCHER,
    Edition,
    EditionsError,
    Listing,
    edition_id,
    folder,
    handoff,
    load,
    of,
    read_facts,
    root_files,
    script,
    switcher,
)
from multivector.engine.editions.owned import refuse_strays, root_entries, strays
from multivector.engine.editions.removal import remove
from multivector.engine.editions.swap import publish

__all__ = [
    "FIELDS",
    "ID",
    "LISTING",
    "ROOT_FILES",
    "SCRIPT",
    "SCRIPT_GLOBAL",
    "SHELF",
    "SWITCHER",
    "Edition",
    "EditionsError",
    "Listing",
    "edition_id",
    "folder",
    "handoff",
    "load",
    "of",
    "publish",
    "read_facts",
    "refuse_strays",
    "remove",
    "root_entries",
    "root_files",
    "script",
    "strays",
    "switcher",
]
