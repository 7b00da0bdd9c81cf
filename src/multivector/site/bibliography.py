"""The references page as sphinxcontrib-bibtex writes it, made faster to build, linkable by key and accessible."""

from __future__ import annotations

import sphinxcontrib.bibtex.plugin
from docutils import nodes

from multivector import references
from multivector.i18n import SOURCE

# The language the references are written in: that of the sources this edition cites (all English today), as
# sphinxcontrib-bibtex formats them with pybtex's English words ("and", "URL", "n.d.").
REFERENCES_LANGUAGE = SOURCE


def look_up_plugins_once(app, config):
    """sphinxcontrib-bibtex formats the references with pybtex; both look up a plugin on each of the ~70 references a
    build renders: have both look in one scan of the installed entry points (references.installed_entry_points)."""
    references.look_up_plugins_once()
    sphinxcontrib.bibtex.plugin.entry_points = references.installed_entry_points


def warm_up() -> None:
    """Scan the installed entry points once, in the Jupyter Book process before it forks its runs (see
    engine.bookrun.warm_up), so that no run scans them again."""
    references.installed_entry_points()


def anchor_by_key(app, config):
    """Stable anchors for the references page's entries, so claims can link to their source by key."""
    if not config.bibtex_cite_id:
        config.bibtex_cite_id = "ref-{key}"


def list_item_roles(app, pagename, templatename, context, doctree):
    """sphinxcontrib-bibtex marks each entry role="doc-biblioentry", deprecated in ARIA 1.2 and not a list item, so its
    role="list" holds no item (axe: aria-deprecated-role, aria-allowed-role, aria-required-children)."""
    body = context.get("body", "")
    if 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def in_their_language(app, doctree, docname):
    """On a translated page, the references and the citations that name them are marked as written in their own
    language (docutils writes a `language-en` class as lang="en"), so that a screen reader reads them so and the
    page says which of its text is not in the page's language."""
    if (app.config.language or SOURCE) == REFERENCES_LANGUAGE:
        return
    mark = f"language-{REFERENCES_LANGUAGE}"
    for node in doctree.findall(nodes.Element):
        cited = isinstance(node, nodes.citation) or "bibtex-citation" in node["classes"]
        if cited and mark not in node["classes"]:
            node["classes"].append(mark)
