"""Charts on the site: vega, vega-lite and vega-embed served from the site itself, to the pages that have a chart."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import vl_convert as vlc

from multivector import paths
from multivector.charts import pictures
from multivector.files import write_whole

BUNDLE = "vega-bundle.js"
CHART_MARKER = 'class="mv-chart"'


def vega_debug_snippet(body: str) -> str:
    """`window.VEGA_DEBUG` with the versions of the vega bundle this site serves (as Altair's own pages declare them),
    set on every chart page before any chart loads: one look in the console tells what draws the charts. The
    Vega-Lite version is the one the page's charts are written for (the bundle is made for it: `vega_bundle`)."""
    versions = {
        "vega_version": vlc.get_vega_version(),
        "vegalite_version": pictures.vegalite_of(body),
        "vegaembed_version": vlc.get_vega_embed_version(),
    }
    return f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(versions)});"


def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one classic script matching the installed Altair."""
    vegalite = pictures.vegalite_written()
    major_minor = ".".join(vegalite.split(".")[:2])
    if major_minor not in vlc.get_vegalite_versions():
        raise RuntimeError(
            f"vl-convert-python {version('vl-convert-python')} cannot bundle Vega-Lite {vegalite} (it has "
            f"{', '.join(vlc.get_vegalite_versions())}); install matching versions from requirements.lock"
        )
    # Wrapped in a function so its top-level names stay out of the page's global scope.
    return "(function(){\n" + vlc.javascript_bundle(vl_version=major_minor) + "\n})();\n"


def cached_bundle() -> str:
    """The bundle for the installed versions, made once and kept in the build cache (it takes seconds). Keyed by the
    versions of the two libraries that make it: an Altair release writes for one Vega-Lite."""
    key = f"altair-{version('altair')}-vl-convert-{version('vl-convert-python')}"
    cached = paths.CACHE / f"vega-bundle-{key}.js"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_whole(cached, lambda path: path.write_text(vega_bundle(), encoding="utf-8"))
    return cached.read_text(encoding="utf-8")


def add_chart_scripts(app, pagename, templatename, context, doctree):
    """On a page with a chart: the bundle's versions, and mv-charts.js."""
    # The charts arrive as pictures; mv-charts.js fetches the vega bundle only when one nears the screen.
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file(None, body=vega_debug_snippet(context["body"]))
        app.add_js_file("mv-charts.js", loading_method="defer")


def write_bundle(app, exception):
    """The bundle into the site's _static/, once the pages are written."""
    if exception is None and app.builder.format == "html":
        out = Path(app.outdir) / "_static" / BUNDLE
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(cached_bundle(), encoding="utf-8")
