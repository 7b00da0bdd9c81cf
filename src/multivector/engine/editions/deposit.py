"""What a deposit says of an edition besides its files: its record and addresses, who made it, the software that
executed it, and the paper it retells; and the metadata a repository such as Zenodo reads (.zenodo.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser

from multivector import paths, references, text
from multivector.engine.editions.listing import SHELF, SWITCHER, Edition, folder, recorded_facts
from multivector.site import cite

# The paper this book retells: its key in book/references.bib.
PAPER = "fiia_bp429"
# Written beside the bag's own tag files: what Zenodo reads to describe a deposit.
ZENODO = ".zenodo.json"
# Where Sphinx publishes a page's source, and so an edition its executed notebooks (each page's download).
SOURCES = "_sources"
# The run card's last sentence names the libraries a notebook ran with (notebook.page.run_card): "with NAME VERSION, …".
RUN_CARD = re.compile(r"\bwith ((?:[\w.-]+ [\w.+!-]+(?:, )?)+)\.</div>")
# The identifiers a bibliography entry may carry, by the scheme Zenodo names them with.
IDENTIFIERS = {"doi": "doi", "url": "url", "isbn": "isbn", "issn": "issn"}


@dataclass(frozen=True)
class Paper:
    """The paper the edition retells, as references.bib gives it."""

    key: str
    title: str
    reference: str  # the formatted reference, as the book's bibliography prints it
    publisher: str
    identifiers: tuple[tuple[str, str], ...]  # (Zenodo scheme, identifier): only those the entry carries


@dataclass(frozen=True)
class Deposit:
    """An edition and what its deposit says of it."""

    edition: Edition
    facts: dict  # its _edition.json: parameters, data checksums, figures, claims
    cff: dict  # CITATION.cff: title, authors, licence, keywords
    base: str  # the site's public address, '' when the site does not say it
    software: tuple[tuple[str, str], ...]  # (name, version) as the executed notebooks recorded them
    paper: Paper

    @property
    def title(self) -> str:
        return f"{self.cff['title']} (edition {self.edition.id})"

    @property
    def permanent_url(self) -> str:
        return f"{self.base}{self.edition.url}" if self.base else ""

    @property
    def latest_url(self) -> str:
        return self.base

    @property
    def description(self) -> str:
        e = self.edition
        return (
            f"{' '.join(str(self.cff.get('abstract', '')).split())} Edition {e.id}: reference year {e.year}, data "
            f"package version {e.version} (fingerprint {e.fingerprint}), built {e.built}."
        ).strip()


def describe(site: Path, edition: Edition) -> Deposit:
    """What the deposit of `edition`, published in the output folder `site`, says of it."""
    place = folder(site, edition.id)
    return Deposit(
        edition=edition,
        facts=recorded_facts(site, edition.id) or {},
        cff=cite.read_cff(),
        base=base_of(site, edition.id),
        software=software(place),
        paper=paper(),
    )


def base_of(site: Path, edition_id: str) -> str:
    """The site's public address as its switcher gives it for this edition (absolute when the site was built with a
    base URL); '' when it gives none."""
    try:
        entries = json.loads((Path(site) / SWITCHER).read_text(encoding="utf-8"))
        url = next(e["url"] for e in entries if e.get("version") == edition_id)
    except (OSError, ValueError, StopIteration, TypeError, KeyError, AttributeError):
        return ""
    tail = f"{SHELF}/{edition_id}/"
    if not isinstance(url, str) or "://" not in url or not url.endswith(tail):
        return ""
    try:
        return cite.check_base_url(url[: -len(tail)])
    except cite.BaseURLError:
        return ""


def software(place: Path) -> tuple[tuple[str, str], ...]:
    """The software each executed notebook of the edition recorded: the kernel's language and papermill in the
    notebook's metadata, the libraries its run card names. Nothing is added that no notebook recorded."""
    found: set[tuple[str, str]] = set()
    for notebook in sorted((place / SOURCES).rglob("*.ipynb")):
        try:
            nb = json.loads(notebook.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        meta = nb.get("metadata", {})
        language = meta.get("language_info", {})
        if language.get("name") and language.get("version"):
            found.add((language["name"], language["version"]))
        if meta.get("papermill", {}).get("version"):
            found.add(("papermill", meta["papermill"]["version"]))
        for output in (o for cell in nb.get("cells", []) for o in cell.get("outputs", [])):
            html = output.get("data", {}).get("text/html", "")
            for card in RUN_CARD.finditer("".join(html) if isinstance(html, list) else str(html)):
                found |= {tuple(item.split(" ", 1)) for item in card.group(1).split(", ")}
    return tuple(sorted(found))


def paper() -> Paper:
    """The paper, from references.bib: its title, its publisher, its formatted reference and the identifiers the
    entry gives (none are made up when it gives none)."""
    entry = bibtexparser.parse_file(str(paths.BIBLIOGRAPHY)).entries_dict[PAPER]
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    plain = lambda value: " ".join(value.replace("{", "").replace("}", "").split())  # noqa: E731
    return Paper(
        key=PAPER,
        title=plain(fields.get("title", "")),
        reference=references.texts([PAPER])[PAPER],
        publisher=plain(fields.get("institution") or fields.get("publisher") or ""),
        identifiers=tuple((scheme, fields[name]) for name, scheme in IDENTIFIERS.items() if fields.get(name)),
    )


def creators(cff: dict) -> list[dict]:
    """CITATION.cff's authors as Zenodo's creators: an entity by its name, a person as 'Family, Given'."""
    made = []
    for a in cff.get("authors", []):
        name = a.get("name") or ", ".join(filter(None, (a.get("family-names"), a.get("given-names"))))
        person = {"name": name}
        if a.get("affiliation"):
            person["affiliation"] = a["affiliation"]
        if a.get("orcid"):
            person["orcid"] = str(a["orcid"]).rstrip("/").rsplit("/", 1)[-1]
        made.append(person)
    return made


def zenodo(d: Deposit) -> dict:
    """.zenodo.json: the deposit as Zenodo's metadata describes an upload. The edition is a book whose sections are
    cited as chapters of it, so it is uploaded as a publication of type book; its version is the edition's id."""
    related = [
        *([{"identifier": d.permanent_url, "relation": "isIdenticalTo", "scheme": "url"}] if d.base else []),
        *([{"identifier": d.latest_url, "relation": "isVersionOf", "scheme": "url"}] if d.base else []),
        *(
            {"identifier": value, "relation": "isDerivedFrom", "scheme": scheme}
            for scheme, value in d.paper.identifiers
        ),
    ]
    meta = {
        "title": d.title,
        "upload_type": "publication",
        "publication_type": "book",
        "description": text.html(d.description),
        "creators": creators(d.cff),
        "version": d.edition.id,
        "publication_date": d.edition.built,
        "license": str(d.cff.get("license", "")).lower(),
        "keywords": list(d.cff.get("keywords", [])),
        "related_identifiers": related,
        "references": [d.paper.reference],
    }
    return {k: v for k, v in meta.items() if v}
