"""What the build hands over to Sphinx (paths.HANDOFF): the data package, this edition and the earlier ones, changes.

This edition's id and its data's fingerprint change with every edition, and most pages show them (the edition's
label, the citation, the canonical address). Sphinx renders them as stand-ins (EDITION_ID, FINGERPRINT), which the
build fills in as it takes the site out of Sphinx's folder (engine.stand_ins): to Sphinx, a new edition then leaves
every page that shows nothing else of it unchanged, and it writes again only the pages whose sources changed.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from multivector import params
from multivector.paths import HANDOFF

# Digits, lower-case letters and hyphens, so that no escaping (HTML, JavaScript, JSON, URLs, XML, BibTeX, RIS)
# changes them, and long enough that no text of a page holds them by chance.
EDITION_ID = "0000-mv-edition-id-5c1f0a"
FINGERPRINT = "mv-data-fingerprint-8e2b47"
# What of the handoff only the appendices' directives read (site.directives.READ_THE_HANDOFF, whose pages the build
# has Sphinx read again when the handoff changes), and what of a data resource only the data-sources appendix shows:
# no other page changes when they do (every_page).
APPENDICES_ONLY = ("facts", "changes", "earlier")
RESOURCE_CHECKS = ("hash", "bytes")


@cache
def read(srcdir: str) -> dict:
    """The handoff in the book's sources `srcdir`, read once per build (see engine.facts.handoff for its keys)."""
    path = Path(srcdir) / HANDOFF
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    # Jupyter Book run by hand on the sources (the benchmark's baseline does): the shipped data, the default
    # parameters, and no previous edition. Only here is the data loaded and validated inside Sphinx, so only here are
    # pandas and the analysis imported (for start-up time: the process that runs Sphinx loads them otherwise for nothing).
    from multivector import data
    from multivector.engine import editions, facts

    ds = data.load()
    values = params.validate(params.defaults())
    summary = facts.summary(ds, values)
    this = editions.of(values, ds)
    return {
        **facts.handoff(ds, summary, None),
        "edition": this.facts(),
        "facts": summary,
        "earlier": [],
        "base_url": "",
    }


@cache
def _rendered(srcdir: str) -> dict:
    # With no handoff from the build (Jupyter Book run by hand), nothing fills stand-ins in: the values themselves.
    given = read(srcdir)
    return for_pages(given) if (Path(srcdir) / HANDOFF).is_file() else given


def of(app) -> dict:
    """The handoff of the book Sphinx is building, as every page renders it: with stand-ins (for_pages)."""
    return _rendered(str(app.srcdir))


def as_built(app) -> dict:
    """The handoff of the book Sphinx is building, with this edition's own values: for the appendices' directives
    alone (site.directives.READ_THE_HANDOFF), whose pages Sphinx reads again with every new handoff, and whose text
    its search index holds word by word (a stand-in filled in there would leave the index with the stand-in's words)."""
    return read(str(app.srcdir))


def for_pages(given: dict) -> dict:
    """`given` with this edition's id and its data's fingerprint as their stand-ins (the edition's address too)."""
    view = dict(given)
    if "edition" in given:
        edition = given["edition"]
        view["edition"] = {
            **edition,
            "id": EDITION_ID,
            "url": edition["url"].replace(edition["id"], EDITION_ID),
            "fingerprint": FINGERPRINT,
        }
    if "data" in given:
        view["data"] = {**given["data"], "fingerprint": FINGERPRINT}
    return view


def stand_ins(given: dict) -> dict[str, str]:
    """Each stand-in for_pages puts in `given`, and the value it stands for."""
    found = {}
    if "edition" in given:
        found[EDITION_ID] = given["edition"]["id"]
    if "data" in given:
        found[FINGERPRINT] = given["data"]["fingerprint"]
    return found


def every_page(given: dict) -> dict:
    """What of `given` a page shows other than the appendices' pages: Sphinx writes every page again if it changed."""
    view = {k: v for k, v in for_pages(given).items() if k not in APPENDICES_ONLY}
    if "data" in view:
        descriptor = dict(view["data"].get("descriptor") or {})
        descriptor["resources"] = [
            {k: v for k, v in r.items() if k not in RESOURCE_CHECKS} if isinstance(r, dict) else r
            for r in descriptor.get("resources", [])
        ]
        view["data"] = {**view["data"], "descriptor": descriptor}
    return view
