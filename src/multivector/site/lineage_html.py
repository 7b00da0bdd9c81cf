"""The page side of figure lineage: each glued number is wrapped in an element carrying its lineage.

`{glue:text}` is myst-nb's role; ours replaces it in the glue domain, lets myst-nb paste the text, and wraps the
pasted node in `<span class="mv-figure" data-lineage="…">` when the glued value carries lineage (narrative.glue
stores it as the output's metadata). Pages that have such figures get one small script and style sheet
(static/mv-lineage.*) and, once per page, the sources of the data package's resources: its version, the sources
appendix, the CSV in the site's data/ folder, and the upstream origins named in datapackage.json.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from myst_nb.core.variables import RetrievalError
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import retrieve_glue_data

from multivector import paths, text
from multivector.site import handoff, languages, parts

MARKER = "data-lineage="
SCRIPT, STYLES = "mv-lineage.js", "mv-lineage.css"
SOURCES_ID = "mv-lineage-sources"
SOURCES_PAGE = paths.page("data_sources")
PART = parts.macros("lineage.html")


class LineageTextRole(PasteTextRole):
    """myst-nb's `{glue:text}`, with the glued value's lineage attached to the pasted text."""

    def run(self):
        pasted, messages = super().run()
        if len(pasted) != 1 or not isinstance(pasted[0], nodes.inline):
            return pasted, messages
        try:
            meta = retrieve_glue_data(self.document, self.text.rsplit(":", 1)[0]).metadata
        except RetrievalError:
            return pasted, messages
        lineage = (meta.get(paths.METADATA_KEY) or {}).get(paths.LINEAGE)
        if not lineage:
            return pasted, messages
        # Escaped for its single-quoted attribute by text.attribute_json, so the part must not escape it again.
        attr = Markup(text.attribute_json(json.dumps(lineage, ensure_ascii=False, separators=(",", ":"))))
        # Raw HTML around the pasted node: other builders keep the text and drop the wrapper.
        return [
            nodes.raw("", str(PART.open_figure(attr)), format="html"),
            pasted[0],
            nodes.raw("", str(PART.close_figure()), format="html"),
        ], messages


def sources(descriptor: dict, version: str, pathto) -> dict:
    """Per resource: its file, the CSV download, its entry in the sources appendix, its upstream origins."""
    out = {}
    for r in descriptor.get("resources", []):
        name = Path(r.get("path", "")).name
        origins = [
            {"title": s.get("title", ""), "url": s.get("path", "")}
            for s in r.get("sources", [])
            if str(s.get("path", "")).startswith(("https://", "http://"))
        ]
        out[r["name"]] = {
            "file": name,
            "title": r.get("title", r["name"]),
            "csv": pathto(f"data/{name}", 1),
            "appendix": pathto(SOURCES_PAGE) + f"#resource-{r['name']}",
            "origins": origins,
        }
    return {"version": version, "resources": out}


def add_sources(app, pagename, templatename, context, doctree):
    """On a page with lineage: the sources of the data package's resources, and the script and styles that show them."""
    if MARKER not in context.get("body", "") or app.builder.format != "html":
        return
    given = handoff.of(app)["data"]
    found = sources(given["descriptor"], given["version"], context["pathto"]) | languages.lineage_words(app)
    blob = json.dumps(found, ensure_ascii=False)
    # JSON inside <script> must not be able to close the tag, whatever the descriptor says.
    context["body"] += str(PART.sources(SOURCES_ID, Markup(text.script_json(blob))))
    app.add_js_file(SCRIPT, loading_method="defer")
    app.add_css_file(STYLES)
