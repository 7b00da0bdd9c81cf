"""Sphinx hooks for the reader's page: light theme assets, a favicon, a description and a preview image per page.

- The theme's icon font machinery (fontawesome.js, 542 KB gzip, and its webfonts) goes; the dozen icons the pages
  use are drawn from `_static/mv-icons.css`, made at build time from the same icons' paths (Font Awesome Free,
  CC BY 4.0) so they look as before, at a few KB.
- Sphinx's search scripts and index load on the search page only (templates/layout.html).
- The theme's colour mode starts at "auto" (the reader's system setting), which its script accepts; left empty it
  logs "Got invalid theme mode". Set by script, so that without JavaScript the page keeps the light colours.
- Nothing the first paint waits for that it does not need: Sphinx's and the book theme's scripts run deferred (in
  their order, before DOMContentLoaded, when they act), and basic.css, which the theme's stylesheet @imports, is
  preloaded with it rather than requested after it. Lighthouse's simulated phone paints the chart pages 0.3-0.4 s
  sooner. The theme's bootstrap.js waits for the reader's first use of the page (static/mv-first-use.js, named in
  templates/static/webpack-macros.html).
- Every page gets `<meta name="description">` from its lead paragraph; a page with charts gets an Open Graph image,
  its first chart drawn as a PNG.
- Every script and stylesheet address carries its version (Sphinx's `?v=` checksum, the theme's `?digest=`), the
  ones this module writes or templates too, so no cache serves a reader another build's copy.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from docutils import nodes

from multivector.site import handoff, parts

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
FAVICON = HERE / "static" / "favicon.svg"
ICONS_CSS = "mv-icons.css"
OG_DIR = "_static/og"
DESCRIPTION_CHARS = 160
SIDEBAR = ["navbar-logo.html", "icon-links.html", "search-button-field.html", "sbt-sidebar-nav.html"]
# The JSON each chart card carries for its interactive view (charts.Card).
SPEC = re.compile(r'<script type="application/json" class="mv-spec"[^>]*>(.*?)</script>', re.S)


def _configure(app, config):
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    # Stable anchors for the references page's entries, so claims can link to their source by key.
    if not config.bibtex_cite_id:
        config.bibtex_cite_id = "ref-{key}"
    # The theme's sidebar (theme.conf) with the link home wrapped in a landmark (templates/mv-home.html).
    sidebars = dict(config.html_sidebars or {})
    sidebars["**"] = [("mv-home.html" if t == "navbar-logo.html" else t) for t in sidebars.get("**", SIDEBAR)]
    config.html_sidebars = sidebars
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


# Icons ---------------------------------------------------------------------------------------------------------


def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def _fontawesome_js() -> Path:
    return _theme_static() / "scripts" / "fontawesome.js"


def icon_paths(names: set[str], source: str) -> dict[str, tuple[int, int, str]]:
    """Width, height and SVG path of each named icon, as fontawesome.js defines it (`name:[w,h,[aliases],"code","path"]`)."""
    found = {}
    for name in sorted(names):
        m = re.search(
            rf'(?:"{re.escape(name)}"|\b{re.escape(name)}):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]', source
        )
        if m:
            found[name] = (int(m.group(1)), int(m.group(2)), m.group(3))
    return found


def icons_css(names: set[str], source: str) -> str:
    """CSS that draws each icon as a mask over the text colour (so dark mode and hover colours still apply)."""
    import urllib.parse

    rules = [
        '[class*="fa-"]::before { content: "" !important; display: inline-block; height: 1em; '
        "vertical-align: -0.125em; background-color: currentColor; "
        "-webkit-mask: var(--mv-icon) no-repeat center / contain; mask: var(--mv-icon) no-repeat center / contain; }",
        ".fa-solid, .fa-regular, .fa-brands, .fas, .far, .fab { font-family: inherit !important; }",
    ]
    for name, (w, h, path) in icon_paths(names, source).items():
        svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}"><path d="{path}"/></svg>'
        rules.append(
            f'.fa-{name}::before {{ --mv-icon: url("data:image/svg+xml,{urllib.parse.quote(svg)}"); '
            f"width: {w / h:.4f}em; }}"
        )
    return "\n".join(rules) + "\n"


def _write_icons(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = {page: page.read_text(encoding="utf-8") for page in out.rglob("*.html") if "_static" not in page.parts}
    used: set[str] = set()
    for markup in pages.values():
        classes = " ".join(re.findall(r'class="([^"]*)"', markup))
        used |= set(re.findall(r"\bfa-([a-z0-9-]+)", classes))
    _slim_theme_css(out)
    source = _fontawesome_js().read_text(encoding="utf-8")
    (out / "_static" / ICONS_CSS).write_text(
        icons_css(used - {"solid", "regular", "brands", "lg"}, source), encoding="utf-8"
    )
    # The pages were written before this file, so Sphinx could give its link no checksum: add Sphinx's now, so a
    # browser never keeps another build's icons.
    from sphinx.builders.html._assets import _file_checksum

    link = f'_static/{ICONS_CSS}"'
    versioned = f'_static/{ICONS_CSS}?v={_file_checksum(out, f"_static/{ICONS_CSS}")}"'
    for page, markup in pages.items():
        if link in markup:
            page.write_text(markup.replace(link, versioned), encoding="utf-8")
    # Nothing links the icon machinery any more: leave it out of the published site.
    for leftover in ("scripts/fontawesome.js", "scripts/fontawesome.js.map", "scripts/fontawesome.js.LICENSE.txt"):
        (out / "_static" / leftover).unlink(missing_ok=True)
    webfonts = out / "_static" / "vendor" / "fontawesome"
    if webfonts.is_dir():
        import shutil

        shutil.rmtree(webfonts)


# Scripts and styles a page does not use -----------------------------------------------------------------------

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


def _asset_text(asset) -> str:
    return str(getattr(asset, "filename", "") or "") + str(getattr(asset, "attributes", {}).get("body", ""))


def _drop_unused_assets(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    unused = [mark for used, marks in UNUSED_UNLESS.values() if not used.search(body) for mark in marks]
    for key in ("script_files", "css_files"):
        files = context.get(key, [])
        files[:] = [f for f in files if not any(mark in _asset_text(f) for mark in unused)]


# Sphinx's and the book theme's scripts that only act once the document is parsed: deferred, they stop blocking the
# first paint. documentation_options.js stays as it is: inline scripts in <head> read DOCUMENTATION_OPTIONS at once.
DEFERRABLE = ("doctools.js", "sphinx_highlight.js", "sphinx-book-theme.js")


def _defer_theme_scripts(app, pagename, templatename, context, doctree):
    # The search page's searchtools.js calls doctools' _ready as it loads: there the scripts keep their order as is.
    if pagename == "search":
        return
    from sphinx.builders.html._assets import _JavaScript  # Sphinx's own asset record (immutable): remade, not edited

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


def _slim_theme_css(outdir: Path) -> None:
    """The theme's stylesheet less Font Awesome's 1,881 glyph rules and @font-face blocks (20 KB of its 65 KB gzip):
    no page loads the icon font any more."""
    css = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    if css.is_file():
        text = css.read_text(encoding="utf-8")
        text = re.sub(r'(?:\.fa-[a-z0-9-]+:before,?)+\{content:"[^"]*"\}', "", text)
        text = re.sub(r"@font-face\{[^}]*Font Awesome[^}]*\}", "", text)
        css.write_text(text, encoding="utf-8")


# Accessibility fixes in what extensions write ----------------------------------------------------------------


def _bibliography_roles(app, pagename, templatename, context, doctree):
    """sphinxcontrib-bibtex marks each entry role="doc-biblioentry", deprecated in ARIA 1.2 and not a list item, so its
    role="list" holds no item (axe: aria-deprecated-role, aria-allowed-role, aria-required-children)."""
    body = context.get("body", "")
    if 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


# Head: description and preview image ------------------------------------------------------------------------------


def lead_paragraph(doctree) -> str:
    """The page's first paragraph of prose, on one line (admonitions, figures and tables skipped)."""
    if doctree is None:
        return ""
    skip = (nodes.admonition, nodes.figure, nodes.table, nodes.caption, nodes.field_list, nodes.topic)
    for para in doctree.findall(nodes.paragraph):
        if any(isinstance(a, skip) for a in _ancestors(para)):
            continue
        text = " ".join(para.astext().split())
        if len(text.split()) >= 8:
            return text
    return ""


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


def _head(app, pagename, templatename, context, doctree):
    if app.builder.format != "html":
        return
    tags = []
    description = shorten(lead_paragraph(doctree)) or app.config.project
    tags.append(("name", "description", description))
    tags.append(("property", "og:description", description))
    spec = SPEC.search(context.get("body", ""))
    if spec:
        image = _preview_image(app, pagename, spec.group(1))
        tags.append(("property", "og:image", context["pathto"](image, 1)))
        tags.append(("property", "og:image:alt", json.loads(spec.group(1))["spec"].get("description", "")))
    context["metatags"] = context.get("metatags", "") + parts.render("meta-tags.html", tags=tags)


def _preview_image(app, pagename: str, payload: str) -> str:
    """The page's first chart as a PNG under _static/og/, for link previews; its path relative to the site."""
    from multivector.charts import pictures as static_charts

    rel = f"{OG_DIR}/{pagename.replace('/', '-')}.png"
    spec = json.loads(payload)["spec"]
    target = Path(app.outdir) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    cache = handoff.of(app).get("previews")
    target.write_bytes(static_charts.png(pagename, spec, cache=Path(cache) if cache else None))
    return rel


# Versions in asset addresses ------------------------------------------------------------------------------------


@functools.cache
def theme_digest() -> str:
    """The digest pydata-sphinx-theme puts on its own assets' addresses, read from the theme's asset macros (which
    templates/static/webpack-macros.html replaces)."""
    macros = (_theme_static() / "webpack-macros.html").read_text(encoding="utf-8")
    digests = set(re.findall(r"\?digest=([0-9a-f]+)", macros))
    if len(digests) != 1:
        raise RuntimeError(f"expected one asset digest in {_theme_static() / 'webpack-macros.html'}, found {digests}")
    return digests.pop()


def _asset_versions(app, pagename, templatename, context, doctree):
    """For templates/static/webpack-macros.html: the theme's digest, and our own static files with the checksum Sphinx
    gives the assets it links (they are copied into the output before any page is written)."""
    from sphinx.builders.html._assets import _file_checksum

    context["mv_theme_digest"] = theme_digest()
    context["mv_static"] = lambda name: (
        f"{context['pathto'](f'_static/{name}', 1)}?v={_file_checksum(Path(app.outdir), f'_static/{name}')}"
    )


# Runs in <head> before the theme's deferred script reads the mode.
MODE_JS = (
    '(function (root) { if (!root.dataset.mode) { root.dataset.mode = "auto"; root.dataset.theme = '
    'matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"; } })(document.documentElement);'
)


def _root_page(app, exception):
    """The site's root page, which leads to the book's first page. sphinx-external-toc writes a bare meta refresh there
    when the file is missing; with no <link rel="icon"> a browser then asks for /favicon.ico (a 404 in the console)
    before it follows. Written first, this one has a head, the favicon and a link for a reader whose browser stays."""
    if exception is not None or app.builder.format != "html":
        return
    page = parts.render(
        "root-page.html",
        title=app.config.html_title or app.config.project,
        first=f"{app.config.root_doc}.html",
        favicon=FAVICON.name,
    )
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


def setup(app):
    app.connect("config-inited", _configure)
    app.add_js_file(None, body=MODE_JS, priority=1)
    app.add_css_file(ICONS_CSS)
    app.connect("html-page-context", _head)
    app.connect("html-page-context", _asset_versions)
    app.connect("html-page-context", _bibliography_roles)
    app.connect("html-page-context", _drop_unused_assets, priority=950)
    app.connect("html-page-context", _defer_theme_scripts, priority=960)
    app.connect("build-finished", _write_icons)
    app.connect("build-finished", _root_page, priority=400)  # before sphinx-external-toc's bare redirect (500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
