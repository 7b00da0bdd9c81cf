"""The translation catalogs: gettext .po files in Sphinx's layout, one a page, read and written with Babel.

`locales/<lang>/LC_MESSAGES/<page>.po` (e.g. `locales/ru/LC_MESSAGES/notebooks/summary.po`) holds a page's blocks
(translation.blocks); `interface.po` the book's own words outside the pages (title, table of contents, the notes of this
layer); `figures.po` the glued figures that are words rather than numbers ("not computable"); `data.po` the data
package's own words (translation.datawords). `update` brings a
catalog in line with the English text the way `msgmerge` and `sphinx-intl update` do: a new block is added
untranslated, a changed one keeps its old translation marked fuzzy (outdated), a removed one becomes obsolete.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from multivector import paths, sections
from multivector.files import write_whole
from multivector.i18n.plurals import Plural
from multivector.translation import blocks

MESSAGES = "LC_MESSAGES"
INTERFACE = "interface"
FIGURES = "figures"
LINEAGE = "lineage"
CHARTS = "charts"
# The words of what notebooks print besides charts: claims tables, source lists, the run card (translation.outputs).
OUTPUTS = "outputs"
DATA = "data"
THEME = "theme"
# How alike an English block must be to a translated one to count as its changed version (difflib's ratio).
SIMILAR = 0.6
PROJECT = "multivector"
OK, OUTDATED, MISSING = "ok", "outdated", "missing"


def pages(root: Path) -> dict[str, Path]:
    """Every page of the book by its Sphinx name, with the source its English text is read from."""
    out = {paths.page(n): root / "notebooks" / f"{n}.ipynb" for n in sections.EXECUTED}
    out |= {paths.page(n): root / "notebooks" / f"{n}.md" for n in sections.PAGES if n not in sections.EXECUTED}
    out |= {f"book/{p.stem}": p for p in sorted((root / "book").glob("*.md"))}
    return out


def markdown_of(source: Path) -> list[str]:
    """A page's markdown texts: its markdown cells (a notebook) or the whole file."""
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    return [source.read_text(encoding="utf-8")]


def messages(source: Path) -> list[str]:
    """The blocks of a page a translator translates, once each, in reading order."""
    found = [b.text for md in markdown_of(source) for b in blocks.split(md) if b.translatable]
    return list(dict.fromkeys(found))


def po_file(root: Path, lang: str, name: str) -> Path:
    return root / paths.LOCALES / lang / MESSAGES / f"{name}.po"


class CatalogError(ValueError):
    """A translation catalog that cannot be read; the message names it and says what was expected."""


def read(path: Path, lang: str) -> Catalog:
    """The catalog at `path`; an empty one for `lang` if there is none yet."""
    if not path.is_file():
        return Catalog(locale=lang, project=PROJECT)
    try:
        with path.open("rb") as f:
            return read_po(f, locale=lang, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(
            f"{path}: not a gettext catalog that can be read ({str(exc).splitlines()[0][:120]}); expected a UTF-8 .po "
            "file as `multivector translations update` writes it. Nothing was built."
        ) from None


def files(root: Path, lang: str = "") -> list[Path]:
    """The catalogs under `root` of `lang` (of every language without one), in order."""
    return sorted((root / paths.LOCALES / lang).rglob("*.po"))


def check(root: Path, lang: str) -> None:
    """Read every catalog of `lang` once, so that a damaged one stops a build before any work."""
    for path in files(root, lang):
        read(path, lang)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)

    def save(tmp: Path) -> None:
        with tmp.open("wb") as f:
            write_po(f, catalog, width=0, include_previous=True, sort_output=False)

    write_whole(path, save)


def template(msgids: list) -> Catalog:
    """A template of `msgids`: texts, (context, text) pairs (a glued figure's name and its English words), or
    messages after a count (i18n.plurals.Plural: a singular and a plural)."""
    t = Catalog()
    for m in msgids:
        if isinstance(m, Plural):
            t.add(m.msgid)
            continue
        context, text = m if isinstance(m, tuple) else (None, m)
        t.add(text, context=context)
    return t


def update(root: Path, lang: str, name: str, msgids: list) -> dict[str, int]:
    """Bring the catalog of `name` in line with `msgids`; how many are translated, outdated, missing."""
    path = po_file(root, lang, name)
    catalog = read(path, lang)
    new = template(msgids)
    # The template's date is the catalog's own, so that an update which changes no message leaves the file as it was.
    new.creation_date = catalog.creation_date
    plurals = {m.id[0]: m.id for m in catalog if isinstance(m.id, tuple)}
    catalog.update(new, no_fuzzy_matching=False)
    # gettext matches a message after a count by its singular alone: a changed plural's translation is outdated too.
    for m in catalog:
        if isinstance(m.id, tuple) and plurals.get(m.id[0], m.id) != m.id and any(m.string):
            m.flags.add("fuzzy")
    write(path, catalog)
    return count(catalog, msgids)


def count(catalog: Catalog, msgids: list) -> dict[str, int]:
    stale = stale_messages(catalog, msgids)
    return {OK: len(msgids) - sum(map(len, stale.values()))} | {s: len(stale[s]) for s in (OUTDATED, MISSING)}


@dataclass(frozen=True)
class Found:
    """A message's translation and its state: ok (current), outdated (made for an earlier English text), missing."""

    status: str
    text: str | tuple[str, ...] | None = None  # a message after a count (a Plural): its forms


def look_up(catalog: Catalog, msgid: str, context: str | None = None) -> Found:
    """The current translation of `msgid` (in `context`, for a glued figure: its name); a fuzzy one, one whose markup
    differs from the English (a role or a reference lost), or a translation of a similar earlier text in the same
    context is outdated; none at all is missing. A message after a count (a Plural) is current when it has every
    form its language needs."""
    if isinstance(msgid, Plural):
        return _plural(catalog, msgid)
    entry = catalog.get(msgid, context)
    if entry is not None and entry.string:
        if not entry.fuzzy and blocks.keeps_markup(msgid, entry.string):
            return Found(OK, entry.string)
        return Found(OUTDATED)
    earlier = [*catalog, *catalog.obsolete.values()]
    translated = [m.id for m in earlier if isinstance(m.id, str) and m.id and m.string and m.context == context]
    if difflib.get_close_matches(msgid, translated, n=1, cutoff=SIMILAR):
        return Found(OUTDATED)
    return Found(MISSING)


def _plural(catalog: Catalog, message: Plural) -> Found:
    entry = catalog.get(message.singular)
    if entry is None or not isinstance(entry.string, tuple) or not any(entry.string):
        return Found(MISSING)
    current = entry.id == message.msgid and not entry.fuzzy and len(entry.string) == catalog.num_plurals
    return Found(OK, tuple(entry.string)) if current and all(entry.string) else Found(OUTDATED)


def status(root: Path, lang: str, others: dict[str, list] | None = None) -> dict[str, dict[str, list[str]]]:
    """Per page, its outdated and missing blocks in `lang` (only pages that have some); `others` adds catalogs that
    are no page's (the interface's, the figures'), each with its messages."""
    wanted = {name: messages(source) for name, source in pages(root).items()} | (others or {})
    out = {}
    for name, msgids in wanted.items():
        stale = stale_messages(read(po_file(root, lang, name), lang), msgids)
        if any(stale.values()):
            out[name] = stale
    return out


def stale_messages(catalog: Catalog, msgids: list) -> dict[str, list[str]]:
    """The outdated and the missing of `msgids` (texts, or (context, text) pairs) in `catalog`."""
    pairs = [m if isinstance(m, tuple) else (None, m) for m in msgids]
    found = [(text, look_up(catalog, text, context).status) for context, text in pairs]
    return {s: [_english(text) for text, st in found if st == s] for s in (OUTDATED, MISSING)}


def _english(msgid) -> str:
    return msgid.singular if isinstance(msgid, Plural) else msgid


def update_all(
    root: Path, lang: str, interface: list[str], glued: dict[str, list[tuple[str, str]]]
) -> dict[str, dict[str, int]]:
    """Update every catalog of `lang`: each page's, the interface's and (when some are given) those of the glued
    outputs (`glued`: catalog name -> (context, text) pairs: the figures', the charts')."""
    out = {name: update(root, lang, name, messages(source)) for name, source in pages(root).items()}
    out[INTERFACE] = update(root, lang, INTERFACE, interface)
    for name, pairs in glued.items():
        if pairs:
            out[name] = update(root, lang, name, pairs)
    return out
