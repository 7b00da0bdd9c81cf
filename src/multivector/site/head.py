"""What a page tells search engines and link previews: a description and a preview image.

Every page gets `<meta name="description">` from its lead paragraph; a page with charts gets an Open Graph image, its
first chart drawn as a PNG.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes

from multivector.charts import pictures
from multivector.i18n import SOURCE
from multivector.site import handoff, parts
from multivector.site.address import edition_url

OG_DIR = "_static/og"
DESCRIPTION_CHARS = 160
# The JSON each chart card carries for its interactive view (charts.Card).
SPEC = re.compile(r'<script type="application/json" class="mv-spec"[^>]*>(.*?)</script>', re.S)


def lead_paragraph(doctree) -> str:
    """The page's first paragraph of prose, on one line (admonitions, figures and tables skipped)."""
    if doctree is None:
        return ""
    skip = (nodes.admonition, nodes.figure, nodes.table, nodes.caption, nodes.field_list, nodes.topic)
    for para in doctree.findall(nodes.paragraph):
        if any(isinstance(a, skip) for a in _ancestors(para)):
            continue
        text = " ".join(words(para).split())
        if len(text.split()) >= 8:
            return text
    return ""


def words(para) -> str:
    """A paragraph's text as a reader sees it: a glued figure's HTML wrapper (a raw node) is markup, not words."""
    return "".join(t.astext() for t in para.findall(nodes.Text) if not isinstance(t.parent, nodes.raw))


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """At most `limit` characters, cut at a word and marked with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def describe_page(app, pagename, templatename, context, doctree):
    """The page's description and, if it has a chart, its preview image, as tags in <head>."""
    if app.builder.format != "html":
        return
    given, tags = handoff.of(app), []
    description = shorten(lead_paragraph(doctree)) or app.config.project
    tags.append(("name", "description", description))
    tags.append(("property", "og:description", description))
    spec = SPEC.search(context.get("body", ""))
    if spec:
        image = preview_image(app, pagename, spec.group(1))
        # Link previews need the image's absolute address: its permanent one once the site's address is known.
        absolute = edition_url(image, given.get("base_url", ""), given["edition"]["id"])
        local = f"../{image}" if translated(app) else image
        tags.append(("property", "og:image", absolute or context["pathto"](local, 1)))
        tags.append(("property", "og:image:alt", json.loads(spec.group(1))["spec"].get("description", "")))
    context["metatags"] = context.get("metatags", "") + parts.render("meta-tags.html", tags=tags)


def translated(app) -> bool:
    """Whether Sphinx builds a translated edition (translation.stage sets its `language`), beside the English one."""
    return app.config.language not in (None, SOURCE)


def preview_image(app, pagename: str, payload: str) -> str:
    """The page's first chart as a PNG under _static/og/, for link previews; its path relative to the site."""
    rel = f"{OG_DIR}/{pagename.replace('/', '-')}.png"
    if translated(app):
        # A translated page's preview is its English twin's picture (1.2 MB less an edition): not drawn again.
        return rel
    spec = json.loads(payload)["spec"]
    target = Path(app.outdir) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    cache = handoff.of(app).get("previews")
    target.write_bytes(pictures.png(pagename, spec, cache=Path(cache) if cache else None))
    return rel
