"""Sphinx hooks: vega served from the site to chart pages only; a citation block, head tags and files per section;

Over 300 lines because it is every Sphinx hook of the book's own (charts, cite boxes, editions, the build's pages) in one registry, `setup`.
the edition a page belongs to (its label, the version switcher, the banner of an older edition, the Editions page)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from markupsafe import Markup

from multivector import references, sections
from multivector.site import handoff, lineage_html, parts

BUNDLE = "vega-bundle.js"
STATIC = Path(__file__).parent / "static"
CHART_MARKER = 'class="mv-chart"'


@cache
def vega_debug_snippet() -> str:
    """`window.VEGA_DEBUG` with the versions of the vega bundle this site serves (as Altair's own pages declare them),
    set on every chart page before any chart loads: one look in the console tells what draws the charts."""
    import altair as alt
    import vl_convert as vlc

    versions = {
        "vega_version": vlc.get_vega_version(),
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": vlc.get_vega_embed_version(),
    }
    return f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(versions)});"


def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one classic script matching the installed Altair."""
    import altair as alt
    import vl_convert as vlc

    major_minor = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    if major_minor not in vlc.get_vegalite_versions():
        raise RuntimeError(
            f"vl-convert-python {vlc.__version__ if hasattr(vlc, '__version__') else ''} cannot bundle Vega-Lite "
            f"{alt.VEGALITE_VERSION} (it has {', '.join(vlc.get_vegalite_versions())}); install matching versions "
            "from requirements.lock"
        )
    # Wrapped in a function so its top-level names stay out of the page's global scope.
    return "(function(){\n" + vlc.javascript_bundle(vl_version=major_minor) + "\n})();\n"


def _drop_thebe(app, pagename, templatename, context, doctree):
    """The book has no live kernels; sphinx-thebe's scripts would only add a duplicate global and a CDN address."""
    files = context.get("script_files", [])
    files[:] = [
        s
        for s in files
        if "thebe" not in str(getattr(s, "filename", "") or "")
        and "THEBE_JS_URL" not in str(getattr(s, "attributes", {}).get("body", ""))
    ]


def _add_chart_scripts(app, pagename, templatename, context, doctree):
    # The charts arrive as pictures; mv-charts.js fetches the vega bundle only when one nears the screen.
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(None, body=vega_debug_snippet())
        app.add_js_file("mv-charts.js", loading_method="defer")


def _cached_bundle() -> str:
    """The bundle for the installed versions, made once and kept in the build cache (it takes seconds)."""
    import altair as alt
    import vl_convert as vlc

    from multivector import paths
    from multivector.files import write_whole

    key = f"{alt.VEGALITE_VERSION}-{vlc.get_vega_version()}-{vlc.get_vega_embed_version()}"
    cached = paths.CACHE / f"vega-bundle-{key}.js"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_whole(cached, lambda path: path.write_text(vega_bundle(), encoding="utf-8"))
    return cached.read_text(encoding="utf-8")


def _write_bundle(app, exception):
    if exception is None and app.builder.format == "html":
        out = Path(app.outdir) / "_static" / BUNDLE
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_cached_bundle(), encoding="utf-8")


def _static_path(app, config):
    config.html_static_path = [*config.html_static_path, str(STATIC)]


class ParametersDirective(Directive):
    """Lists the parameter contract, so the documentation cannot drift from the code."""

    def run(self):
        from multivector.params import CONTRACT

        items = nodes.bullet_list()
        for p in CONTRACT:
            para = nodes.paragraph()
            para += nodes.literal(text=p.name)
            para += nodes.Text(
                f" ({p.type.__name__}, default {p.default!r}"
                + (f", {p.minimum} to {p.maximum}" if p.minimum is not None else "")
                + f"): {p.help}"
            )
            items += nodes.list_item("", para)
        return [items]


class DataSourcesDirective(Directive):
    """The sources appendix: every file of the data package the build used, with its provenance and checksum."""

    def run(self):
        from multivector.site.appendix import data_sources_html

        given = handoff.of(self.state.document.settings.env.app)["data"]
        return [
            nodes.raw("", data_sources_html(given["descriptor"], given["version"], given["fingerprint"]), format="html")
        ]


class EditionsDirective(Directive):
    """The Editions page: every edition published before this one and this one, with what changed between each two."""

    def run(self):
        from docutils.statemachine import StringList

        from multivector.site.appendix import editions_markdown

        given = handoff.of(self.state.document.settings.env.app)
        container = nodes.container(classes=["mv-editions"])
        text = editions_markdown(given["earlier"], {"edition": given["edition"], "facts": given["facts"]})
        self.state.nested_parse(StringList(text.splitlines()), self.content_offset, container)
        return container.children


class WhatChangedDirective(Directive):
    """The what-changed appendix: this edition against the one the build replaced, as tables."""

    def run(self):
        from docutils.statemachine import StringList

        from multivector.site.appendix import what_changed_markdown

        changes = handoff.of(self.state.document.settings.env.app)["changes"]
        container = nodes.container(classes=["mv-what-changed"])
        self.state.nested_parse(
            StringList(what_changed_markdown(changes).splitlines()), self.content_offset, container, match_titles=True
        )
        return container.children


def _look_up_plugins_once(app, config):
    """sphinxcontrib-bibtex formats the references with pybtex, which looks up a plugin on each of the ~70 references
    a build renders: see references.look_up_plugins_once."""
    references.look_up_plugins_once()


# Copies a format's text to the clipboard; where the page is not a secure context (no clipboard API),
# it opens the formats and selects the text so the reader can copy it by hand.
COPY_JS = """document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-mv-copy]");
  if (!button) return;
  var pre = document.getElementById(button.dataset.mvCopy);
  var reveal = function () { pre.closest("details").open = true; window.getSelection().selectAllChildren(pre); };
  if (!navigator.clipboard || !window.isSecureContext) return reveal();
  navigator.clipboard.writeText(pre.textContent).then(function () {
    button.dataset.label = button.dataset.label || button.textContent;
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = button.dataset.label; }, 1500);
  }, reveal);
});"""


def _section(pagename: str) -> str | None:
    found = sections.of_page(pagename)
    return found.slug if found else None


def _copies(prefix: str, files: dict[str, str], links: dict[str, str]) -> list[dict]:
    """Per format: the id of its text on the page, its label, file name, download address and the text itself."""
    from multivector.site.cite import FORMATS

    names = dict(zip(FORMATS, files, strict=False))
    return [
        {"id": f"{prefix}-{fmt}", "label": label, "name": names[fmt], "link": links[fmt], "text": files[names[fmt]]}
        for fmt, (label, _) in FORMATS.items()
    ]


def pdf_links(section: str, pathto) -> str:
    """Links to this section's PDF and the whole book's, which the build printed into the edition (see pdf.py)."""
    from multivector.tools.pdf import BOOK, PDF_DIR

    own, book = (pathto(f"{PDF_DIR}/{name}", 1) for name in (f"{section}.pdf", BOOK))
    return parts.render("pdf-links.html", own=own, book=book)


def cite_block(
    citation,
    files: dict[str, str],
    links: dict[str, str],
    latest_files: dict[str, str] | None = None,
    latest_links: dict[str, str] | None = None,
    page: str = "",
) -> str:
    """The "Cite this section" box: this edition (its permanent address), then the latest edition (the site's root),
    each as a formatted reference, copy buttons, download links and the texts themselves."""
    latest = citation.latest()
    return parts.render(
        "cite-box.html",
        citation=citation,
        page=page,
        latest_page=page.split("/", 2)[-1],
        # citeproc writes the reference as HTML, escaping the fields it was given.
        reference=Markup(citation.reference(html=True)),
        latest_reference=Markup(latest.reference(html=True)),
        copies=_copies("mv-cite", files, links),
        latest_copies=_copies("mv-cite-latest", latest_files, latest_links) if latest_files is not None else [],
    )


def _write_cite_files(app, context, citation, suffix: str = "") -> tuple[dict[str, str], dict[str, str]]:
    from multivector.site import cite

    folder = Path(app.outdir) / cite.CITE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    files = {name.replace(".", f"{suffix}.", 1) if suffix else name: body for name, body in citation.files().items()}
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8", newline="")
    links = {
        fmt: context["pathto"](f"{cite.CITE_DIR}/{name}", 1) for fmt, name in zip(cite.FORMATS, files, strict=False)
    }
    return files, links


def _cite_section(app, pagename, templatename, context, doctree):
    """On a section page: write its citation files into the site, show the cite block, describe the page in <head>."""
    from multivector.site import cite

    section = _section(pagename)
    if section is None or app.builder.format != "html":
        return
    given = handoff.of(app)
    vintage = cite.DataVintage(version=given["data"]["version"], fingerprint=given["data"]["fingerprint"])
    citation = cite.for_section(
        section, dataset=vintage, base=given.get("base_url", ""), edition=given["edition"]["id"]
    )
    files, links = _write_cite_files(app, context, citation)
    latest_files, latest_links = _write_cite_files(app, context, citation.latest(), suffix="-latest")
    _, anchor = sections.heading(section)
    page = cite.page_path(section, anchor, citation.edition)
    pdfs = pdf_links(section, context["pathto"]) if given.get("pdf") else ""
    # The PDFs at the top, where a reader who wants to print looks; the citation at the end.
    context["body"] = (
        pdfs + context.get("body", "") + cite_block(citation, files, links, latest_files, latest_links, page)
    )
    context["metatags"] = context.get("metatags", "") + parts.render("meta-tags.html", tags=citation.metatags())
    app.add_js_file(None, body=COPY_JS)


EDITIONS_JS = "mv-editions.js"


def edition_label(given: dict) -> str:
    """The line at the top of every page: which edition this is, and a place for the banner of an older edition."""
    return parts.render("edition-label.html", edition=given["edition"])


def _edition_on_page(app, pagename, templatename, context, doctree):
    """Every page: its edition's label, and what mv-editions.js needs to find the listing from wherever it is served."""
    if app.builder.format != "html":
        return
    given = handoff.of(app)
    page = {"id": given["edition"]["id"], "page": f"{pagename}.html"}
    app.add_js_file(None, body=f"window.MV_EDITION = {json.dumps(page)};", priority=600)
    app.add_js_file(EDITIONS_JS, priority=601, loading_method="defer")
    if "body" in context:
        context["body"] = edition_label(given) + context["body"]


def _edition_config(app, config):
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


def _sitemap_base(app, config):
    """sphinx-sitemap writes nothing without an absolute base: give it a placeholder until html.baseurl is set."""
    from multivector.site.cite import SITEMAP_PLACEHOLDER

    # site_url, unlike html_baseurl, feeds only the sitemap: no canonical link tag points at the placeholder.
    if "site_url" in config and not (config.site_url or config.html_baseurl):
        config.site_url = SITEMAP_PLACEHOLDER


def setup(app):
    app.add_directive("multivector-parameters", ParametersDirective)
    app.add_directive("multivector-data-sources", DataSourcesDirective)
    app.add_directive("multivector-what-changed", WhatChangedDirective)
    app.add_directive("multivector-editions", EditionsDirective)
    app.connect("config-inited", _look_up_plugins_once)
    app.connect("config-inited", _static_path)
    app.add_css_file("multivector.css")
    app.connect("html-page-context", _add_chart_scripts)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _cite_section)
    app.connect("html-page-context", _edition_on_page)
    app.connect("config-inited", _edition_config)
    app.connect("config-inited", _sitemap_base)
    app.connect("build-finished", _write_bundle)
    lineage_html.setup(app)  # glued numbers carry their lineage (lineage_html.py)
    app.setup_extension("multivector.site.reader")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
