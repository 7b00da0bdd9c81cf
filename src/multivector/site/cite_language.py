"""A section's citation on its page in a translated edition: that page's own permanent address (its language's folder
of the edition), the title the page shows, the book's title and the citation's sentences from interface.po, and the
language named in every format (CSL `language`, RIS `LA`, BibTeX `language`)."""

from __future__ import annotations

from dataclasses import replace

from docutils import nodes

from multivector import paths
from multivector.engine.editions import SHELF
from multivector.i18n import SOURCE
from multivector.site.address import edition_url, page_path
from multivector.site.cite import SectionCitation
from multivector.site.languages import in_edition, language_of
from multivector.translation.interface import WORDS_SETTING


def translated(citation: SectionCitation, lang: str, words: dict, title: str, base: str) -> SectionCitation:
    """`citation` as the `lang` page of its section gives it; `words` are interface.po's by their English, `title` the
    page's heading ('' keeps the English one), `base` the site's address ('' while unknown: no address at all)."""
    path = in_edition(paths.page(citation.section), lang)
    return replace(
        citation,
        title=title or citation.title,
        book=words.get(citation.book) or citation.book,
        language=lang,
        words=dict(words),
        # A translated heading has no stable anchor (Sphinx derives none from Cyrillic), so the page itself is cited.
        url=edition_url(path, base, citation.edition),
        latest_url=edition_url(path, base),
    )


def heading(doctree) -> str:
    """The page's first heading as it reads ('' if it has none)."""
    section = doctree.next_node(nodes.section) if doctree is not None else None
    title = section.next_node(nodes.title) if section is not None else None
    return title.astext() if title is not None else ""


def of_page(app, citation: SectionCitation, doctree, base: str) -> SectionCitation:
    """The citation the page being written gives: `citation` itself on an English page."""
    lang = language_of(app)
    if lang == SOURCE:
        return citation
    return translated(citation, lang, getattr(app.config, WORDS_SETTING, {}), heading(doctree), base)


def page(section: str, anchor: str, citation: SectionCitation) -> str:
    """The cited page's address relative to the site's root (what the box shows while the site's address is unknown)."""
    if not citation.language:
        return page_path(section, anchor, citation.edition)
    return f"{SHELF}/{citation.edition}/" + in_edition(paths.page(section), citation.language)
