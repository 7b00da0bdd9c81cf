"""A page's text in another language from its catalog: each block translated, or else the English block with a note.

A block whose translation is current is replaced by it; one whose translation is outdated or missing keeps its English
text (never an empty block), marked `lang="en"`, with a note beside it linking to that passage on the English page.
Every glue role, reference and directive is the English block's own (catalogs.look_up refuses a translation that
lost one), so the numbers pasted in are the same figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from babel.messages.catalog import Catalog

from multivector.i18n import SOURCE
from multivector.site import parts
from multivector.translation import blocks, catalogs, interface

NOTE_PART = "translation-note.html"
OPEN_SOURCE = f'<div lang="{SOURCE}">'
NOTES = {catalogs.OUTDATED: interface.OUTDATED_NOTE, catalogs.MISSING: interface.MISSING_NOTE}


@dataclass
class Page:
    """One page being translated: its name, language, catalog and the interface's, and what was found."""

    name: str
    lang: str
    catalog: Catalog
    words: Catalog
    found: Counter = field(default_factory=Counter)
    stale: list[tuple[str, str]] = field(default_factory=list)
    lineage_stale: int = 0  # glued figures whose lineage is (partly) shown in English
    # The texts of the page's charts left in English for want of a current translation (translation.cards).
    chart_texts: list[str] = field(default_factory=list)

    def say(self, english: str) -> str:
        """An interface string in the page's language, or English if it has no current translation."""
        return catalogs.look_up(self.words, english).text or english

    def twin(self, words: str) -> str:
        """The address of this page in English, at the passage that starts with `words`, from the translated page."""
        up = "../" * (self.name.count("/") + 1)
        return f"{up}{self.name}.html" + (f"#:~:text={fragment(words)}" if words else "")


def fragment(words: str) -> str:
    """`words` as a text fragment's target: every character but letters and digits escaped, the dash too (the
    syntax's own separator)."""
    return quote(words, safe="").replace("-", "%2D")


def markdown(md: str, page: Page) -> str:
    """The markdown text in the page's language, block by block."""
    out = []
    for b in blocks.split(md):
        text = b.text
        if b.translatable:
            text = _block(b.text, page)
        out.append("\n".join(p for p in (b.labels, text) if p))
    return blocks.join(out)


def _block(english: str, page: Page) -> str:
    found = catalogs.look_up(page.catalog, english)
    page.found[found.status] += 1
    if found.status == catalogs.OK:
        return found.text
    page.stale.append((found.status, english))
    note = parts.render(
        NOTE_PART,
        lang=page.lang,
        source=SOURCE,
        status=found.status,
        note=page.say(NOTES[found.status]),
        href=page.twin(blocks.plain_words(english)),
        link_words=page.say(interface.ENGLISH_LINK),
    )
    if english.lstrip().startswith("#"):
        # A heading opens a section: the note goes inside it, after the heading.
        return f"{english}\n\n{_raw(note)}"
    return f"{_raw(note + OPEN_SOURCE)}\n\n{english}\n\n{_raw('</div>')}"


def _raw(html: str) -> str:
    return f"```{{raw}} html\n{html}\n```"
