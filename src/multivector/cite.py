"""How to cite each section: one record built from CITATION.cff, rendered as a reference, BibTeX, RIS and CSL-JSON."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import paths

# citeproc-py's bundled Harvard style: the CSL project renamed 'harvard1' to this, and citeproc-py ships only it.
STYLE = "harvard-cite-them-right"
# sitemap.xml needs absolute addresses. Until html.baseurl in _config.yml names the real site, the sitemap uses
# this reserved, never-resolving host, so nobody mistakes it for a published address.
SITEMAP_PLACEHOLDER = "https://example.invalid/"
CITE_DIR = "_cite"
FORMATS = {"bibtex": ("BibTeX", ".bib"), "ris": ("RIS", ".ris"), "csl-json": ("CSL-JSON", ".json")}
HEADING = re.compile(r"^(?:\((?P<label>[^)]+)\)=\s*\n)?# (?P<title>.+)$", re.MULTILINE)


def read_cff(path: Path = paths.CITATION) -> dict:
    """CITATION.cff as plain JSON types (YAML dates become ISO strings), as the CFF schema expects."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; every citation of the book is made from it. Restore it from git.")
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def base_url(config: Path = paths.CONFIG) -> str:
    """The site's public address: `html.baseurl` in _config.yml, the one place it is set ('' if not published yet)."""
    return str((yaml.safe_load(config.read_text(encoding="utf-8")).get("html") or {}).get("baseurl") or "")


def page_url(section: str, anchor: str = "", base: str = "") -> str:
    """The section's address: absolute under `base`, else relative to the site's root."""
    url = f"notebooks/{section}.html" + (f"#{anchor}" if anchor else "")
    return f"{base.rstrip('/')}/{url}" if base else url


def build_date() -> dt.date:
    """The day this edition was built: the date the build gave the notebooks, else today."""
    stamp = os.environ.get("MULTIVECTOR_BUILD_DATE")
    return dt.date.fromisoformat(stamp) if stamp else dt.date.today()


def section_heading(section: str) -> tuple[str, str]:
    """(title, anchor) of a section: its notebook's first `# ` heading and the id Sphinx gives that heading."""
    from docutils.nodes import make_id

    path = paths.notebook(section)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; section '{section}' is listed in multivector.paths.SECTIONS")
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        match = HEADING.search("".join(cell["source"])) if cell["cell_type"] == "markdown" else None
        if match:
            title = match["title"].strip()
            # A MyST label above the heading is the stable anchor; Sphinx derives the other from the title.
            return title, make_id(match["label"] or title)
    raise ValueError(f"{path}: no markdown cell has a '# Title' heading; the first one is the section's title")


def _names(authors: list[dict]) -> list[dict]:
    """CFF authors as CSL names: an entity is a literal, a person has family and given names."""
    return [{"literal": a["name"]} if "name" in a else
            {"family": a["family-names"], **({"given": a["given-names"]} if "given-names" in a else {})}
            for a in authors]


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
    version: str
    url: str
    date: dt.date
    data_version: str
    fingerprint: str
    paper: str

    @property
    def key(self) -> str:
        return f"multivector_{self.section}"

    @property
    def note(self) -> str:
        return (f"Section of a data edition of {self.paper}. Edition {self.version}, built {self.date.isoformat()} "
                f"from data package version {self.data_version} (fingerprint {self.fingerprint}).")

    def csl(self) -> dict:
        day = {"date-parts": [[self.date.year, self.date.month, self.date.day]]}
        return {"id": self.key, "type": "chapter", "title": self.title, "container-title": self.book,
                "author": [dict(n) for n in self.authors], "edition": f"Version {self.version}", "version": self.version,
                "URL": self.url,
                "issued": day, "accessed": day, "note": self.note}

    def csl_json(self) -> str:
        return json.dumps([self.csl()], indent=2, ensure_ascii=False) + "\n"

    def bibtex(self) -> str:
        import bibtexparser
        from bibtexparser.model import Entry, Field

        # Corporate names and titles are braced so BibTeX styles neither split nor re-case them.
        authors = " and ".join(f"{{{n['literal']}}}" if "literal" in n else _plain_name(n) for n in self.authors)
        fields = {"author": authors, "title": f"{{{_latex(self.title)}}}", "booktitle": f"{{{_latex(self.book)}}}",
                  "version": self.version, "year": str(self.date.year), "date": self.date.isoformat(),
                  "url": self.url, "urldate": self.date.isoformat(), "note": _latex(self.note)}
        entry = Entry("incollection", self.key, [Field(k, v) for k, v in fields.items()])
        return bibtexparser.write_string(bibtexparser.Library([entry]))

    def ris(self) -> str:
        day = self.date.strftime("%Y/%m/%d")
        tags = [("TY", "CHAP"), ("TI", self.title), ("T2", self.book),
                *[("AU", _plain_name(n)) for n in self.authors],
                ("ET", self.version), ("PY", str(self.date.year)), ("DA", f"{day}/"), ("Y2", day),
                ("UR", self.url), ("N1", self.note), ("ER", "")]
        # RIS is line-based with CRLF endings; a value must not break its line.
        return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in tags)

    def reference(self, html: bool = False) -> str:
        """The author-date reference, as the CSL style formats it."""
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        bibliography = CitationStylesBibliography(_style(), CiteProcJSON([self.csl()]),
                                                  formatter.html if html else formatter.plain)
        bibliography.register(Citation([CitationItem(self.key)]))
        return str(bibliography.bibliography()[0])

    def files(self) -> dict[str, str]:
        """File name (section and suffix) to content, for each downloadable format."""
        text = {"bibtex": self.bibtex(), "ris": self.ris(), "csl-json": self.csl_json()}
        return {f"{self.section}{FORMATS[fmt][1]}": text[fmt] for fmt in FORMATS}

    def metatags(self) -> list[tuple[str, str, str]]:
        """(attribute, key, content) for Highwire Press, Dublin Core and Open Graph tags in the page head."""
        people = [_plain_name(n) for n in self.authors]
        return [("name", "citation_title", self.title), ("name", "citation_inbook_title", self.book),
                ("name", "citation_book_title", self.book),
                *[("name", "citation_author", p) for p in people],
                ("name", "citation_publication_date", self.date.strftime("%Y/%m/%d")),
                ("name", "citation_public_url", self.url),
                ("name", "DC.title", self.title), *[("name", "DC.creator", p) for p in people],
                ("name", "DC.date", self.date.isoformat()), ("name", "DC.identifier", self.url),
                ("property", "og:title", self.title), ("property", "og:type", "article"),
                ("property", "og:url", self.url)]


@lru_cache(maxsize=1)
def _style():
    from citeproc import CitationStylesStyle

    # Cite Them Right is a British style; its dates read day, month, year.
    return CitationStylesStyle(STYLE, locale="en-GB")


@dataclass(frozen=True)
class DataVintage:
    """The data a citation names: what Sphinx knows of it from the build, without loading the tables."""

    version: str
    fingerprint: str


def for_section(section: str, dataset=None, base: str | None = None, date: dt.date | None = None,
                cff: dict | None = None) -> SectionCitation:
    """The citation of one section of this edition, for the data it was built from (default: data/).

    `dataset` is anything with the data's `version` and `fingerprint`: a data.Dataset or a DataVintage.
    """
    if section not in paths.SECTIONS:
        raise ValueError(f"unknown section {section!r}; expected one of {', '.join(paths.SECTIONS)}")
    if dataset is None:
        from . import data

        dataset = data.load()
    cff = cff or read_cff()
    heading, anchor = section_heading(section)
    paper = next((r for r in cff.get("references", []) if r.get("type") == "report"), None)
    if paper is None:
        raise ValueError(f"{paths.CITATION.name}: 'references' has no entry of type 'report'; "
                         "it should describe the FIIA paper this edition is built from")
    series = " ".join(filter(None, (paper.get("collection-title"), str(paper.get("number", "")))))
    publisher = (paper.get("institution") or {}).get("name", "")
    return SectionCitation(
        section=section, title=heading, book=cff["title"], authors=tuple(_names(cff["authors"])),
        version=str(cff["version"]), url=page_url(section, anchor, base_url() if base is None else base),
        date=date or build_date(), data_version=dataset.version, fingerprint=dataset.fingerprint,
        paper=f"{series}, \u201c{paper['title']}\u201d" + (f" ({publisher})" if publisher else ""))
