"""Which edition a page belongs to: its label, the theme's version switcher, and the banner of an older edition."""

from __future__ import annotations

import json

from multivector.i18n import SOURCE
from multivector.site import handoff, languages, parts
from multivector.site.languages import EDITION_WORDS

EDITIONS_JS = "mv-editions.js"


def edition_label(given: dict, lang: str = SOURCE) -> str:
    """The line at the top of every page: which edition this is, and a place for the banner of an older edition."""
    return parts.render("edition-label.html", edition=given["edition"], words=EDITION_WORDS[lang])


def label_page(app, pagename, templatename, context, doctree):
    """Every page: its edition's label, and what mv-editions.js needs to find the listing from wherever it is served."""
    if app.builder.format != "html":
        return
    given = handoff.of(app)
    page = {"id": given["edition"]["id"], "page": f"{pagename}.html"}
    app.add_js_file(None, body=f"window.MV_EDITION = {json.dumps(page)};", priority=600)
    app.add_js_file(EDITIONS_JS, priority=601, loading_method="defer")
    if "body" in context:
        context["body"] = edition_label(given, languages.language_of(app)) + context["body"]


def configure(app, config):
    """The edition's permanent address is the canonical one (html_baseurl, for canonical links and the sitemap), and
    the theme's version switcher lists the editions (mv-editions.js points it at the site's switcher.json)."""
    given = handoff.of(app)
    this = given["edition"]["id"]
    if given.get("base_url"):
        config.html_baseurl = f"{given['base_url'].rstrip('/')}/{given['edition']['url']}"
    config.version = config.release = this
    options = dict(config.html_theme_options or {})
    # check_switcher off: the listing is published beside the editions, not in the sources Sphinx reads.
    options.update(
        {
            "switcher": {"json_url": "switcher.json", "version_match": this},
            "check_switcher": False,
            "show_version_warning_banner": False,
            "article_header_end": ["version-switcher.html", "article-header-buttons.html"],
        }
    )
    config.html_theme_options = options
