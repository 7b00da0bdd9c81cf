"""An edition's RO-Crate (ro-crate-metadata.json, written with the `rocrate` library): its pages, PDFs, data files
with their sources and checksums, executed notebooks and facts as entities; the build that made them, with its
parameters and software; the paper it retells."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from rocrate.model.contextentity import ContextEntity
from rocrate.rocrate import ROCrate

from multivector import paths
from multivector.engine.editions.deposit import SOURCES, Deposit

# What each kind of file is, by how its name ends: (suffix, encoding format, what the crate calls it).
KINDS = (
    (".html", "text/html", "A page of the edition, as published"),
    (".pdf", "application/pdf", "A PDF printed from the edition's pages"),
    (".ipynb", "application/x-ipynb+json", "An executed notebook, with the outputs the edition's page shows"),
)
# Sphinx's folder of the theme's files: HTML fragments there are templates, not pages.
THEME = "_static"
# The folder of an edition that holds its data package (the build copies the data folder there under its own name).
DATA = paths.DATA.name
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
LICENCES = "https://spdx.org/licenses/"


def entities(payload: Path, files: list[str]) -> dict[str, dict]:
    """The payload's files the crate names, each with its properties: every page, PDF and executed notebook, the
    facts, and every file of the data package (its resources with their checksums and sources)."""
    named: dict[str, dict] = {}
    for rel in files:
        kind = next((k for k in KINDS if rel.endswith(k[0])), None)
        if kind is None or rel.startswith(f"{THEME}/") or (kind[0] == ".ipynb" and not rel.startswith(SOURCES)):
            continue
        named[rel] = {"name": _title(payload / rel) or rel, "encodingFormat": kind[1], "description": kind[2]}
    if paths.EDITION_FILE in files:
        named[paths.EDITION_FILE] = {
            "name": "The edition's facts: parameters, data checksums, figures, claims",
            "encodingFormat": "application/json",
        }
    named |= _data_files(payload, files)
    return named


def _title(page: Path) -> str:
    if page.suffix != ".html":
        return ""
    found = TITLE.search(page.read_text(encoding="utf-8", errors="replace"))
    return " ".join(html.unescape(found.group(1)).split()) if found else ""


def _data_files(payload: Path, files: list[str]) -> dict[str, dict]:
    descriptor_path = f"{DATA}/{paths.DATAPACKAGE}"
    if descriptor_path not in files:
        return {}
    descriptor = json.loads((payload / descriptor_path).read_text(encoding="utf-8"))
    named = {
        descriptor_path: {"name": descriptor.get("title", paths.DATAPACKAGE), "encodingFormat": "application/json"}
    }
    for r in descriptor.get("resources", []):
        rel = f"{DATA}/{r.get('path', '')}"
        if rel not in files:
            continue
        algorithm, _, digest = str(r.get("hash", "")).partition(":")
        named[rel] = {
            "name": r.get("title", r.get("name", rel)),
            "description": r.get("description", ""),
            "encodingFormat": r.get("mediatype", "text/csv"),
            **({"sha256": digest} if algorithm == "sha256" and digest else {}),
            "sources": r.get("sources", []),
        }
    return named


def write(payload: Path, files: list[str], d: Deposit) -> None:
    """Write ro-crate-metadata.json into `payload`, the folder holding the edition's `files` (relative paths)."""
    crate = ROCrate()
    root = crate.root_dataset
    root["name"] = d.title
    root["description"] = d.description
    root["version"] = d.edition.id
    root["datePublished"] = d.edition.built
    root["author"] = [crate.add(_creator(crate, a, n)) for n, a in enumerate(d.cff.get("authors", []), start=1)]
    if d.cff.get("license"):
        root["license"] = crate.add(
            ContextEntity(
                crate, LICENCES + d.cff["license"], properties={"@type": "CreativeWork", "name": d.cff["license"]}
            )
        )
    if d.permanent_url:
        root["url"] = d.permanent_url
    root["isBasedOn"] = crate.add(_paper(crate, d))
    made, known = {}, {}
    for rel, props in entities(payload, files).items():
        sources = [_source(crate, s, known) for s in props.pop("sources", [])]
        size = (payload / rel).stat().st_size
        made[rel] = crate.add_file(dest_path=rel, properties={**props, "contentSize": str(size)})
        if sources:
            made[rel]["isBasedOn"] = sources
    _build(crate, d, made)
    crate.metadata.write(payload)


def _creator(crate: ROCrate, author: dict, n: int) -> ContextEntity:
    if "name" in author:
        return ContextEntity(crate, f"#creator-{n}", properties={"@type": "Organization", "name": author["name"]})
    name = " ".join(filter(None, (author.get("given-names"), author.get("family-names"))))
    props = {
        "@type": "Person",
        "name": name,
        "familyName": author.get("family-names"),
        "givenName": author.get("given-names"),
    }
    return ContextEntity(
        crate, author.get("orcid") or f"#creator-{n}", properties={k: v for k, v in props.items() if v}
    )


def _paper(crate: ROCrate, d: Deposit) -> ContextEntity:
    p = d.paper
    urls = [value for scheme, value in p.identifiers if scheme == "url"]
    props = {
        "@type": "Report",
        "name": p.title,
        "description": p.reference,
        "identifier": [v for _, v in p.identifiers],
    }
    if p.publisher:
        props["publisher"] = crate.add(
            ContextEntity(crate, "#publisher-of-" + p.key, properties={"@type": "Organization", "name": p.publisher})
        )
    return ContextEntity(crate, urls[0] if urls else f"#{p.key}", properties={k: v for k, v in props.items() if v})


def _source(crate: ROCrate, source: dict, known: dict[str, ContextEntity]) -> ContextEntity:
    """A data file's upstream source: by its address if it has one, else by its title (one entity each)."""
    where = str(source.get("path", ""))
    title = source.get("title") or where
    key = where if where.startswith(("http://", "https://")) else title
    if key not in known:
        props = {"@type": "CreativeWork", "name": title}
        if source.get("accessed"):
            props["description"] = f"Accessed: {source['accessed']}"
        known[key] = crate.add(
            ContextEntity(crate, key if key == where else f"#source-{len(known) + 1}", properties=props)
        )
    return known[key]


def _build(crate: ROCrate, d: Deposit, made: dict) -> None:
    """The build as a CreateAction: the software it ran (as the notebooks recorded it), its parameters and the data
    package it read, and the edition it produced."""
    software = [
        crate.add(
            ContextEntity(
                crate,
                f"#software-{name}-{version}",
                properties={"@type": "SoftwareApplication", "name": name, "version": version},
            )
        )
        for name, version in d.software
    ]
    params = [
        crate.add(
            ContextEntity(
                crate, f"#parameter-{name}", properties={"@type": "PropertyValue", "name": name, "value": str(value)}
            )
        )
        for name, value in sorted(d.facts.get("params", {}).items())
    ]
    data = [e for rel, e in made.items() if rel.startswith(f"{DATA}/")]
    crate.add_action(
        software,
        identifier=f"#build-{d.edition.id}",
        object=[*data, *params],
        result=[crate.root_dataset],
        properties={"name": f"The build of edition {d.edition.id}", "endTime": d.edition.built},
    )
