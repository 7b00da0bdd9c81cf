"""Which edition a page belongs to: its label, the theme's version switcher, and the banner of an older edition."""

from __future__ import annotations

import json
import string

from sphinx import locale

from multivector.engine import editions
from multivector.site import handoff, languages, parts
from multivector.translation.interface import EDITION_WORDS

EDITIONS_JS = "mv-editions.js"
# Inline in <head>, so the first paint waits for no file: where the output folder's root is, worked out from the page's
# own address (a page is served from its edition's permanent folder and, for the latest, from the root too). From a
# folder on disk (file://) a browser refuses to fetch the listing, so the root's editions.js is written into the page
# as it is parsed: its global is set before the deferred scripts (mv-editions.js, the theme's switcher) run.
ROOT_JS = string.Template("""(function (mv) {
  var here = location.href.split("#")[0].split("?")[0];
  var cut = here.lastIndexOf("/" + mv.page);
  var edition = cut >= 0 ? here.slice(0, cut + 1) : here.replace(/[^/]*$$/, "");
  var shelf = $shelf + mv.id + "/";
  mv.root = edition.slice(-shelf.length) === shelf ? edition.slice(0, -shelf.length) : edition;
  if (location.protocol === "file:") {
    document.write('<script src="' + (mv.root + $script).replace(/&/g, "&amp;") + '"><\\/script>');
  }
})(window.MV_EDITION = $page);""")


def edition_label(given: dict, words: dict = EDITION_WORDS) -> str:
    """The line at the top of every page: which edition this is, and a place for the banner of an older edition
    (`words`: the label's words in the page's language)."""
    return parts.render("edition-label.html", edition=given["edition"], words=words)


def root_script(page: dict) -> str:
    """ROOT_JS for this page ({"id": its edition's id, "page": its path in the edition}), as a <script>'s body."""
    values = {"shelf": f"{editions.SHELF}/", "script": editions.SCRIPT, "page": page}
    # JSON is JavaScript; "</" escaped so that no value can end the <script> element.
    return ROOT_JS.substitute({k: json.dumps(v).replace("</", "<\\/") for k, v in values.items()})


def label_page(app, pagename, templatename, context, doctree):
    """Every page: its edition's label, and what mv-editions.js needs to find the listing from wherever it is served."""
    if app.builder.format != "html":
        return
    given = handoff.of(app)
    # A translated page's path in its edition includes its language's folder ("ru/notebooks/summary.html").
    page = {"id": given["edition"]["id"], "page": languages.in_edition(pagename, languages.language_of(app))}
    page["words"] = languages.edition_status_words(app)
    app.add_js_file(None, body=root_script(page), priority=600)
    app.add_js_file(EDITIONS_JS, priority=601, loading_method="defer")
    if "body" in context:
        context["body"] = edition_label(given, languages.edition_words(app)) + context["body"]


def stamp_edition(app, builder):
    """On write-started: the edition id as Sphinx's version and release (the pages' docsearch:version, the scripts'
    DOCUMENTATION_OPTIONS.VERSION). Set only once the pages are read and Sphinx's environment is saved: Sphinx reads
    every page again when its saved version differs from the configuration's, and the id changes with every edition."""
    app.config.version = app.config.release = handoff.of(app)["edition"]["id"]


def configure(app, config):
    """The edition's permanent address is the canonical one (html_baseurl, for canonical links and the sitemap), and
    the theme's version switcher lists the editions (mv-editions.js points it at the site's switcher.json)."""
    given = handoff.of(app)
    this = given["edition"]["id"]
    if given.get("base_url"):
        config.html_baseurl = f"{given['base_url'].rstrip('/')}/{given['edition']['url']}"
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
    if options.get("search_bar_text"):
        # The search field's placeholder is a setting, not a template's _(): say it in the book's language.
        options["search_bar_text"] = str(locale._(options["search_bar_text"]))
    config.html_theme_options = options
