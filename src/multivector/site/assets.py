"""The scripts and styles a page loads: only those it uses, deferred where they can wait, each with its version.

- Sphinx's search scripts and index load on the search page only (templates/layout.html).
- Nothing the first paint waits for that it does not need: Sphinx's and the book theme's scripts run deferred (in
  their order, before DOMContentLoaded, when they act), and basic.css, which the theme's stylesheet @imports, is
  preloaded with it rather than requested after it. Lighthouse's simulated phone paints the chart pages 0.3-0.4 s
  sooner. The theme's bootstrap.js waits for the reader's first use of the page (static/mv-first-use.js, named in
  templates/static/webpack-macros.html).
- Every script and stylesheet address carries its version (Sphinx's `?v=` checksum, the theme's `?digest=`), the
  ones this package writes or templates too, so no cache serves a reader another build's copy.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

# Sphinx's own asset record (immutable, so remade rather than edited) and the checksum it puts in asset addresses.
from sphinx.builders.html._assets import _file_checksum, _JavaScript

from multivector.site import parts
from multivector.site.theme import theme_static

# Each extension's files, and what in a page's body shows that the page uses them. Measured on the about page
# (gzip): copybutton + clipboard 7 KB, togglebutton 4 KB, sphinx-design 11 KB, thebe's styles 1 KB.
UNUSED_UNLESS = {
    "copybutton": (re.compile(r'class="highlight'), ("clipboard.min.js", "copybutton.js", "copybutton.css")),
    "togglebutton": (
        re.compile(r'class="[^"]*\b(?:toggle|dropdown)\b'),
        ("togglebutton.js", "togglebutton.css", "toggleHint", "toggleOpenOnPrint", "togglebuttonSelector"),
    ),
    "sphinx-design": (re.compile(r'class="[^"]*\bsd-'), ("design-tabs.js", "sphinx-design.min.css")),
    "thebe": (re.compile(r"(?!)"), ("sphinx-thebe.css",)),
}
# Sphinx's and the book theme's scripts that only act once the document is parsed: deferred, they stop blocking the
# first paint. documentation_options.js stays as it is: inline scripts in <head> read DOCUMENTATION_OPTIONS at once.
# translations.js (a page in another language than English) calls doctools.js's Documentation as it runs: deferred
# with it, it runs after it, in the page's order.
DEFERRABLE = ("doctools.js", "sphinx_highlight.js", "translations.js", "sphinx-book-theme.js")


def drop_thebe(app, pagename, templatename, context, doctree):
    """The book has no live kernels; sphinx-thebe's scripts would only add a duplicate global and a CDN address."""
    files = context.get("script_files", [])
    files[:] = [
        s
        for s in files
        if "thebe" not in str(getattr(s, "filename", "") or "")
        and "THEBE_JS_URL" not in str(getattr(s, "attributes", {}).get("body", ""))
    ]


def asset_text(asset) -> str:
    """A script's or stylesheet's address and inline body, to look for an extension's marks in."""
    return str(getattr(asset, "filename", "") or "") + str(getattr(asset, "attributes", {}).get("body", ""))


def drop_unused(app, pagename, templatename, context, doctree):
    """The scripts and styles of extensions the page does not use (UNUSED_UNLESS)."""
    body = context.get("body", "")
    unused = [mark for used, marks in UNUSED_UNLESS.values() if not used.search(body) for mark in marks]
    for key in ("script_files", "css_files"):
        files = context.get(key, [])
        files[:] = [f for f in files if not any(mark in asset_text(f) for mark in unused)]


def defer_theme_scripts(app, pagename, templatename, context, doctree):
    """The DEFERRABLE scripts deferred, and basic.css preloaded."""
    # The search page's searchtools.js calls doctools' _ready as it loads: there the scripts keep their order as is.
    if pagename == "search":
        return
    files = context.get("script_files", [])
    files[:] = [
        _JavaScript(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})
        if str(js.filename).split("?")[0].endswith(DEFERRABLE) and not js.attributes.get("defer")
        else js
        for js in files
    ]
    context["metatags"] = context.get("metatags", "") + parts.render(
        "preload-style.html", href=context["pathto"]("_static/basic.css", 1)
    )


@functools.cache
def theme_digest() -> str:
    """The digest pydata-sphinx-theme puts on its own assets' addresses, read from the theme's asset macros (which
    templates/static/webpack-macros.html replaces)."""
    macros = (theme_static() / "webpack-macros.html").read_text(encoding="utf-8")
    digests = set(re.findall(r"\?digest=([0-9a-f]+)", macros))
    if len(digests) != 1:
        raise RuntimeError(f"expected one asset digest in {theme_static() / 'webpack-macros.html'}, found {digests}")
    return digests.pop()


def versions(app, pagename, templatename, context, doctree):
    """For templates/static/webpack-macros.html: the theme's digest, and our own static files with the checksum Sphinx
    gives the assets it links (they are copied into the output before any page is written)."""
    context["mv_theme_digest"] = theme_digest()
    context["mv_static"] = lambda name: (
        f"{context['pathto'](f'_static/{name}', 1)}?v={_file_checksum(Path(app.outdir), f'_static/{name}')}"
    )


# The themes' Jinja macro files, which Sphinx copies into _static with the theme's other static files: the theme
# reads them from its own folder while it writes the pages, and in the site they are only unrendered templates that a
# crawler or a reader could open as pages.
THEME_TEMPLATES = ("webpack-macros.html", "sbt-webpack-macros.html")


def drop_theme_templates(app, exception):
    """Once the pages are written: the themes' unrendered macro files out of the site's _static."""
    if exception is not None or app.builder.format != "html":
        return
    for name in THEME_TEMPLATES:
        (Path(app.outdir) / "_static" / name).unlink(missing_ok=True)


# Files extensions write into _static once the pages are written (myst-nb's stylesheet, the icons'): Sphinx gives a
# link a checksum only if its file is there when the page is written, so a run that keeps an earlier run's output
# (engine.incremental) removes them first, and every page it writes links them as a fresh run's pages do.
WRITTEN_LATE = ("mystnb.*.css", "mv-icons.css")


def forget_late_files(app):
    """Before any page is written: the WRITTEN_LATE files an earlier run left in the output."""
    static = Path(app.outdir) / "_static"
    for pattern in WRITTEN_LATE:
        for leftover in static.glob(pattern):
            leftover.unlink()
