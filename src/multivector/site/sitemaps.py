"""What the site tells crawlers: each edition's sitemap lists its pages at their permanent addresses, an index at the
root lists every edition's sitemap, and robots.txt points at the index.

An edition's folder is never rewritten: each build writes the index and robots.txt of the editions published so far
into its own site, and publishing puts that newest copy at the root (engine/editions), where crawlers look.
"""

from __future__ import annotations

import queue
from pathlib import Path
from xml.etree import ElementTree

import sphinx_sitemap

from multivector import paths
from multivector.site import handoff
from multivector.site.address import edition_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# A sitemap needs absolute addresses. Until the site's public address is set, the sitemaps use this reserved,
# never-resolving host, so nobody mistakes it for a published address.
PLACEHOLDER = "https://example.invalid/"


def sitemap_base(app, config):
    """sphinx-sitemap lists an edition's pages under its permanent folder: html_baseurl (site/switcher.py) once the
    site's address is known, else the placeholder host. site_url, unlike html_baseurl, feeds only the sitemap: no
    canonical link points at the placeholder."""
    if "site_url" in config and not (config.site_url or config.html_baseurl):
        config.site_url = edition_url("", PLACEHOLDER, handoff.of(app)["edition"]["id"])


def index(base: str, sitemap: str, editions: list[dict]) -> bytes:
    """The sitemap index: every edition's sitemap at its permanent address, with the day the edition was built."""
    root = ElementTree.Element("sitemapindex", xmlns=SITEMAP_NS)
    for edition in editions:
        entry = ElementTree.SubElement(root, "sitemap")
        ElementTree.SubElement(entry, "loc").text = edition_url(sitemap, base or PLACEHOLDER, edition["id"])
        ElementTree.SubElement(entry, "lastmod").text = edition["built"]
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(base: str) -> str:
    """robots.txt: every page may be crawled, and the sitemap index is where they are all listed."""
    lines = ["User-agent: *", "Allow: /"]
    if base:
        lines.append(f"Sitemap: {edition_url(paths.SITEMAP_INDEX, base)}")
    else:
        lines.insert(0, "# The site's public address is not set (html.baseurl or --base-url): no sitemap to name.")
    return "\n".join(lines) + "\n"


def write(app, exception):
    """The index of the sitemaps of every edition published so far and this one, and robots.txt."""
    if exception is not None or app.builder.format != "html":
        return
    given = handoff.of(app)
    editions = [e["edition"] for e in given.get("earlier", [])] + [given["edition"]]
    base = given.get("base_url", "")
    out = Path(app.outdir)
    (out / paths.SITEMAP_INDEX).write_bytes(index(base, app.config.sitemap_filename, editions))
    (out / paths.ROBOTS).write_text(robots(base), encoding="utf-8")


def list_every_page(app, exception):
    """sphinx-sitemap lists the pages written in this run, and a run that reuses Sphinx's environment writes only the
    changed ones (engine.incremental): before it writes sitemap.xml, give it every page, in the order a fresh run
    writes them (the documents, sorted; then any other page it was given)."""
    if exception is not None or app.builder.format != "html":
        return
    links = app.env.app.sitemap_links
    written = _drain(links)
    for doc in sorted(app.env.found_docs):
        sphinx_sitemap.add_html_link(app, doc, None, None, None)
    documents = _drain(links)
    seen = {link for link, _ in documents}
    for entry in documents + [entry for entry in written if entry[0] not in seen]:
        links.put(entry)


def _drain(links) -> list:
    found = []
    while True:
        try:
            found.append(links.get_nowait())
        except queue.Empty:
            return found
