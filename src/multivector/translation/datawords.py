"""The data package's own words in another language, from `data.po`: partners' names, events' labels, claims' texts and
periods, notes for readers, and the titles and descriptions datapackage.json gives its resources, fields and snapshots.

Each message's context says where its text lives: `resource/column/key` for a table's cell (`partners/name/EU27`,
`events/label/crimea_annexation`), `datapackage/...` for the descriptor's texts (`datapackage/resources/partners/title`).
Its msgid is the English text, so that new data with a changed text find their translation outdated (gettext's fuzzy
rule, catalogs.look_up) and are shown in English, marked as such, never under a stale translation. A partner with no
translation of its own is named by CLDR (Babel) when its code is a region CLDR knows ("DE": "Германия").
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog

from multivector import paths
from multivector.translation import catalogs
from multivector.translation.blocks import LETTERS

# The tables' columns that hold words for readers (the others hold codes, numbers, dates and keys).
TEXTS = {
    "partners": ("name", "note"),
    "events": ("label",),
    "claims": ("claim", "period"),
    "oil_exports": ("note",),
}
# The descriptor's texts for readers: the package's, each resource's and field's, each snapshot's; each source's
# details and each check's words, by their place in their list (a source's title stays as the source gives it, and so
# does the publication a check cites).
PACKAGE_TEXTS = ("title", "description", "checks_rule")
RESOURCE_TEXTS = ("title", "description", "compiled")
FIELD_TEXTS = ("description", "unit")
SOURCE_TEXTS = ("files", "published", "accessed", "note")
SNAPSHOT_TEXTS = ("title", "description", "note")
PACKAGE = "datapackage"


def context(resource: str, column: str, key) -> str:
    """A data text's context in data.po: where it lives."""
    return f"{resource}/{column}/{key}"


def messages(data_dir: Path) -> list[tuple[str, str]]:
    """Every text of the data package at `data_dir` a translator translates, as (context, English) pairs: the
    descriptor's, then each table's, in the package's order. A text with no letters (a year) is no message."""
    try:
        descriptor = json.loads((data_dir / paths.DATAPACKAGE).read_text(encoding="utf-8"))
        found = list(descriptor_texts(descriptor))
        for resource in descriptor.get("resources", ()):
            found += table_texts(data_dir, resource)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise catalogs.CatalogError(
            f"{data_dir}: the data package's words cannot be read for data.po ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:120] if str(exc) else 'no detail'}); expected a data package as "
            "`multivector data build` writes it. No catalog was changed."
        ) from None
    return [(c, t) for c, t in found if isinstance(t, str) and LETTERS.search(t)]


def descriptor_texts(descriptor: dict):
    for name in PACKAGE_TEXTS:
        yield f"{PACKAGE}/{name}", descriptor.get(name)
    for r in descriptor.get("resources", ()):
        for name in RESOURCE_TEXTS:
            yield f"{PACKAGE}/resources/{r['name']}/{name}", r.get(name)
        for f in r.get("schema", {}).get("fields", ()):
            for name in FIELD_TEXTS:
                yield f"{PACKAGE}/resources/{r['name']}/fields/{f['name']}/{name}", f.get(name)
        for i, source in enumerate(r.get("sources", ())):
            for name in SOURCE_TEXTS:
                yield f"{PACKAGE}/resources/{r['name']}/sources/{i}/{name}", source.get(name)
        for i, check in enumerate(r.get("checks") or ()):
            yield f"{PACKAGE}/resources/{r['name']}/checks/{i}/what", check.get("what")
            yield f"{PACKAGE}/resources/{r['name']}/checks/{i}/unit", (check.get("reference") or {}).get("unit")
    for s in descriptor.get("snapshots", ()):
        for name in SNAPSHOT_TEXTS:
            yield f"{PACKAGE}/snapshots/{s['name']}/{name}", s.get(name)


def shown_in_english(descriptor: dict, words: Words) -> list[str]:
    """The contexts of the resources' texts in `descriptor` (what the data sources appendix shows) that `words` have
    no current translation for."""
    for where, english in descriptor_texts(descriptor):
        if where.startswith(f"{PACKAGE}/resources/") and isinstance(english, str):
            words.found(*where.split("/", 2), english)
    return [where for where, _ in words.english]


def table_texts(data_dir: Path, resource: dict) -> list[tuple[str, str]]:
    """The texts of one table's word columns, each keyed by the row's primary key."""
    columns = TEXTS.get(resource["name"])
    if not columns:
        return []
    key = resource.get("schema", {}).get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    with (data_dir / resource["path"]).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [(context(resource["name"], c, "/".join(row[k] for k in key)), row.get(c)) for row in rows for c in columns]


@dataclass
class Words:
    """The data's words in one language, from its data.po; what had no current translation is kept in `english`."""

    catalog: Catalog
    lang: str
    english: list[tuple[str, str]] = field(default_factory=list)

    @cached_property
    def places(self) -> set[str]:
        """The contexts that have a translation, current or not: a new text there is a changed one."""
        return {m.context for m in self.catalog if m.context and m.string}

    @classmethod
    def read(cls, root: Path, lang: str) -> Words:
        return cls(catalogs.read(catalogs.po_file(root, lang, catalogs.DATA), lang), lang)

    def found(self, resource: str, column: str, key, english: str) -> catalogs.Found:
        """The translation of the data text `english` found at `resource/column/key`, and its status."""
        if not LETTERS.search(english or ""):
            return catalogs.Found(catalogs.OK, english)
        where = context(resource, column, key)
        found = catalogs.look_up(self.catalog, english, where)
        if found.status == catalogs.MISSING and where in self.places:
            found = catalogs.Found(catalogs.OUTDATED)  # its place had a translation, of another English text
        if found.status != catalogs.OK:
            self.english.append((where, english))
        return found

    def text(self, resource: str, column: str, key, english: str) -> str:
        """The data text in this language, or its English when it has no current translation."""
        return self.found(resource, column, key, english).text or english

    def partner(self, code: str, english: str) -> str:
        """A partner's name: data.po's translation, else CLDR's name of the region `code`, else the English name."""
        where = context("partners", "name", code)
        found = catalogs.look_up(self.catalog, english, where)
        if found.status == catalogs.OK:
            return found.text
        region = Locale.parse(self.lang).territories.get(code)
        if region:
            return region
        self.english.append((where, english))
        return english
