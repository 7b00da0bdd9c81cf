"""The references page as sphinxcontrib-bibtex writes it, made faster to build, linkable by key and accessible."""

from __future__ import annotations

from multivector import references


def look_up_plugins_once(app, config):
    """sphinxcontrib-bibtex formats the references with pybtex, which looks up a plugin on each of the ~70 references
    a build renders: see references.look_up_plugins_once."""
    references.look_up_plugins_once()


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
