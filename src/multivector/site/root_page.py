"""The site's root page, index.html, which leads to the book's first page."""

from __future__ import annotations

from pathlib import Path

from multivector.site import handoff, parts
from multivector.site.address import edition_url
from multivector.site.languages import in_edition, language_of
from multivector.site.theme import FAVICON, PUBLISHED_STATIC


def write(app, exception):
    """index.html with a head, the favicon and a link to the first page for a reader whose browser stays.

    sphinx-external-toc writes a bare meta refresh there when the file is missing; with no <link rel="icon"> a browser
    then asks for /favicon.ico (a 404 in the console) before it follows. This one is written first. Its canonical
    address, once the site's is known, is the page it leads to, in the edition's permanent folder (in its language's
    folder for a translated book), like every page's.
    """
    if exception is not None or app.builder.format != "html":
        return
    given = handoff.of(app)
    first = f"{app.config.root_doc}.html"
    page = parts.render(
        "root-page.html",
        title=app.config.html_title or app.config.project,
        first=first,
        canonical=edition_url(
            in_edition(app.config.root_doc, language_of(app)), given.get("base_url", ""), given["edition"]["id"]
        ),
        icon=f"{PUBLISHED_STATIC}/{FAVICON.name}",
    )
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")
