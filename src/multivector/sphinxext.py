"""Sphinx hooks: serve the vega libraries once from the site itself, and only to pages that have charts."""
from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive

BUNDLE = "vega-bundle.js"
STATIC = Path(__file__).parent / "static"
CHART_MARKER = 'class="mv-chart"'


def vega_debug_snippet() -> str:
    """Tell Altair's chart scripts that the versions they ask for are already loaded, so they fetch nothing."""
    import altair as alt

    versions = {"vega_version": alt.VEGA_VERSION, "vegalite_version": alt.VEGALITE_VERSION,
                "vegaembed_version": alt.VEGAEMBED_VERSION}
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
            "from requirements.lock")
    # Wrapped in a function so its top-level names stay out of the page's global scope.
    return "(function(){\n" + vlc.javascript_bundle(vl_version=major_minor) + "\n})();\n"


def _drop_thebe(app, pagename, templatename, context, doctree):
    """The book has no live kernels; sphinx-thebe's scripts would only add a duplicate global and a CDN address."""
    files = context.get("script_files", [])
    files[:] = [s for s in files if "thebe" not in str(getattr(s, "filename", "") or "")
                and "THEBE_JS_URL" not in str(getattr(s, "attributes", {}).get("body", ""))]


def _add_chart_scripts(app, pagename, templatename, context, doctree):
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(None, body=vega_debug_snippet(), priority=100)
        app.add_js_file(BUNDLE, priority=101)


def _write_bundle(app, exception):
    if exception is None and app.builder.format == "html":
        out = Path(app.outdir) / "_static" / BUNDLE
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(vega_bundle(), encoding="utf-8")


def _static_path(app, config):
    config.html_static_path = [*config.html_static_path, str(STATIC)]


class ParametersDirective(Directive):
    """Lists the parameter contract, so the documentation cannot drift from the code."""

    def run(self):
        from .params import CONTRACT

        items = nodes.bullet_list()
        for p in CONTRACT:
            para = nodes.paragraph()
            para += nodes.literal(text=p.name)
            para += nodes.Text(f" ({p.type.__name__}, default {p.default!r}"
                               + (f", {p.minimum} to {p.maximum}" if p.minimum is not None else "") + f"): {p.help}")
            items += nodes.list_item("", para)
        return [items]


def setup(app):
    app.add_directive("multivector-parameters", ParametersDirective)
    app.connect("config-inited", _static_path)
    app.add_css_file("multivector.css")
    app.connect("html-page-context", _add_chart_scripts)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("build-finished", _write_bundle)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
