"""STAND-IN until the lead's datawords lands on main (brief's API): the data package's own words in another
language, from `data.po` (context `resource/column/key`, msgid the English text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog

from multivector.translation import catalogs

DATA = "data"


@dataclass
class Words:
    catalog: Catalog
    lang: str
    english: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, root: Path, lang: str) -> Words:
        return cls(catalogs.read(catalogs.po_file(root, lang, DATA), lang), lang)

    def found(self, resource: str, column: str, key: str, english: str) -> catalogs.Found:
        return catalogs.look_up(self.catalog, english, f"{resource}/{column}/{key}")

    def text(self, resource: str, column: str, key: str, english: str) -> str:
        found = self.found(resource, column, key, english)
        if found.status == catalogs.OK:
            return found.text
        self.english.append(english)
        return english

    def partner(self, code: str, english: str) -> str:
        found = self.found("partners", "name", code, english)
        if found.status == catalogs.OK:
            return found.text
        name = Locale.parse(self.lang).territories.get(code)
        if name:
            return name
        self.english.append(english)
        return english


def messages(data_dir: Path) -> list[tuple[str, str]]:
    return []
