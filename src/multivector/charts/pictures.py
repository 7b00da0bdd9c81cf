"""Charts as pictures: each chart drawn at build time to an inline SVG (and a PNG for link previews) with vl-convert.

The page shows the SVG with no script, in print, in the PDF and to crawlers; `static/mv-charts.js` swaps in the
interactive Vega view when the chart nears the screen. A chart vl-convert cannot draw, or one whose drawing is too
heavy to inline, stops the build with a sentence naming it.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import html
import json
import re
from importlib.metadata import version
from pathlib import Path

import vl_convert as vlc

from multivector import text
from multivector.files import oldest_beyond, touch, write_whole

# Drawn for a phone's column (about 360 px); wider screens scale the vector drawing up until the interactive
# view, laid out for the real column, replaces it.
STATIC_WIDTH = 360
MAX_SVG_BYTES = 300_000
# Roles and ARIA attributes Vega puts on its groups describe an interactive document; the static picture is
# one image described by its title and description, so they go (axe flags them on a role="img").
_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_ROOT = re.compile(r"<svg\b([^>]*)>")
_TEXT = re.compile(r"<(text|tspan)\b([^>]*)>([^<]*)</\1>")
_LATIN = re.compile(r"[A-Za-z]")


class ChartRenderError(ValueError):
    """A chart the build cannot draw as a picture: what, and why."""


# Where a spec says which Vega-Lite it is written for (Altair writes ".../vega-lite/v6.4.1.json").
SCHEMA_VERSION = re.compile(r"/vega-lite/v(\d+\.\d+\.\d+)\.json")


def vegalite_written() -> str:
    """The Vega-Lite version the installed Altair writes its specs for."""
    # Imported here for start-up time: Sphinx draws link previews and serves the vega bundle, and needs Altair only
    # for a spec that names no version, or for a bundle the cache lacks.
    import altair

    return altair.VEGALITE_VERSION


def vegalite_of(text: str) -> str:
    """The Vega-Lite version a spec's `$schema` (or a page holding specs) names; Altair's for one that names none."""
    found = SCHEMA_VERSION.search(text)
    return found.group(1) if found else vegalite_written()


def _vl_version(spec: dict) -> str:
    """The Vega-Lite a spec is drawn with, to the minor ("6.4"): read from the spec, so that drawing a picture of an
    Altair chart does not import Altair."""
    return ".".join(vegalite_of(str(spec.get("$schema", ""))).split(".")[:2])


def warm_up() -> None:
    """Start vl-convert's JavaScript engine, which the first drawing in a process waits for (0.5 s here), by compiling
    an empty chart: for a build to do while it has time, before it redraws cards. With vl-convert's own Vega-Lite, so
    as not to import Altair to learn its version (0.6 s): the engine is what takes the time."""
    vlc.vegalite_to_vega({"mark": "point"})


def columns(spec: dict) -> int:
    """How many panels a chart lays side by side (1 unless it is a wrapped facet)."""
    return int(spec.get("columns", 1)) if "facet" in spec else 1


def _inner_width(spec: dict) -> tuple[dict, str | None]:
    """The object holding the chart's own width, and its key: the facet's inner spec or the chart itself."""
    if "facet" in spec and isinstance(spec.get("spec"), dict):
        return spec["spec"], "width"
    return spec, "width"


def fitted(spec: dict, total_width: int, overhead: float | None = None) -> dict:
    """A copy of `spec` laid out `total_width` px wide overall (axes, legends and titles included)."""
    spec = copy.deepcopy(spec)
    holder, key = _inner_width(spec)
    if holder is spec and (spec.get("width") == "container" or isinstance(spec.get("width"), (int, float))):
        spec["width"] = total_width
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    elif overhead is not None:
        holder[key] = max(60, int((total_width - overhead) / columns(spec)))
    return spec


def _svg_size(svg: str) -> tuple[float, float]:
    m = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg)
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


# Where drawn SVGs are kept by what they were drawn from (kept_in); none: every picture is drawn.
_kept: dict[str, Path | None] = {"folder": None}
# SVGs a folder keeps: the newest, which covers every card of both languages in a dozen editions.
KEEP_SVGS = 400


@contextlib.contextmanager
def kept_in(folder: Path):
    """Within the block, an SVG drawn from the same spec, with the same versions of Vega-Lite and vl-convert, as one
    drawn before is read from `folder` instead of drawn again: the translated stage redraws every chart card on every
    build (4 s of a one-page edit's rebuild), almost always from the specs it drew the time before."""
    before, _kept["folder"] = _kept["folder"], Path(folder)
    try:
        yield
    finally:
        _kept["folder"] = before


def _convert(name: str, spec: dict, to: str = "svg", scale: float = 1.0):
    if to == "svg" and _kept["folder"] is not None:
        return _kept_svg(name, spec, _kept["folder"])
    return _draw(name, spec, to, scale)


def _draw(name: str, spec: dict, to: str = "svg", scale: float = 1.0):
    try:
        if to == "png":
            return vlc.vegalite_to_png(spec, vl_version=_vl_version(spec), scale=scale)
        return vlc.vegalite_to_svg(spec, vl_version=_vl_version(spec))
    except Exception as err:  # vl-convert raises a bare ValueError/RuntimeError with Vega's message
        raise ChartRenderError(
            f"chart {name!r}: vl-convert could not draw it ({str(err).strip().splitlines()[0]})"
        ) from err


def _kept_svg(name: str, spec: dict, folder: Path) -> str:
    made = {"spec": spec, "vega-lite": _vl_version(spec), "vl-convert": _vlc_version()}
    path = folder / f"{hashlib.sha256(json.dumps(made, sort_keys=True).encode()).hexdigest()[:24]}.svg"
    try:
        kept = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        kept = ""
    if kept.rstrip().endswith("</svg>"):  # a whole picture, not one cut short
        touch(path)
        return kept
    drawn = _draw(name, spec)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, lambda aside: aside.write_text(drawn, encoding="utf-8"))
        for old in oldest_beyond(path.parent.glob("*.svg"), KEEP_SVGS):
            old.unlink(missing_ok=True)
    except OSError:  # a cache that cannot be written costs time, never the picture
        pass
    return drawn


def overhead(name: str, spec: dict) -> float:
    """Pixels a chart adds around its panels (axes, legend, title, padding), measured by drawing it once."""
    holder, key = _inner_width(spec)
    inner = holder.get(key)
    if holder is spec or not isinstance(inner, (int, float)):
        return 0.0
    width, _ = _svg_size(_convert(name, spec))
    return width - columns(spec) * inner


def static_spec(name: str, spec: dict, width: int = STATIC_WIDTH, around: float | None = None) -> dict:
    """The spec laid out for a picture `width` px wide (`around`: its overhead, if already measured)."""
    return fitted(spec, width, overhead(name, spec) if around is None else around)


def picture(name: str, spec: dict, description: str, around: float | None = None, kept=frozenset()) -> str:
    """The chart's picture on a page: its SVG (`svg`) in a box of the same proportions. The page skips drawing a
    picture while it is off screen (content-visibility), and the box keeps the picture's height meanwhile, so
    nothing below it moves when it is drawn. A text it draws from `kept` (left in English on a translated page) is
    marked `lang="en"`."""
    drawn, w, h = _described_svg(name, spec, description, STATIC_WIDTH, around)
    drawn = marked(drawn, kept) if kept else drawn
    return f'<div class="mv-chart-static" style="aspect-ratio: {w:g} / {h:g}">{drawn}</div>'


def svg(name: str, spec: dict, description: str, width: int = STATIC_WIDTH, around: float | None = None) -> str:
    """The chart as an inline SVG that scales with its column, described by a <title> and <desc>."""
    return _described_svg(name, spec, description, width, around)[0]


def _described_svg(
    name: str, spec: dict, description: str, width: int, around: float | None
) -> tuple[str, float, float]:
    """The SVG of `svg`, and its width and height."""
    drawn = _convert(name, static_spec(name, spec, width, around))
    if len(drawn.encode()) > MAX_SVG_BYTES:
        raise ChartRenderError(
            f"chart {name!r}: its SVG is {len(drawn.encode()) / 1000:.0f} KB, above the "
            f"{MAX_SVG_BYTES // 1000} KB a page can inline; draw fewer marks or aggregate the data"
        )
    body = _ARIA.sub("", drawn)
    root = _ROOT.search(body)
    if root is None:
        raise ChartRenderError(f"chart {name!r}: vl-convert returned no <svg> element")
    attrs = re.sub(r'\s(?:width|height)="[^"]*"', "", root.group(1))
    w, h = _svg_size(drawn)
    title_id, desc_id = f"mv-svg-title-{name}", f"mv-svg-desc-{name}"
    e = text.html
    head = (
        f'<svg{attrs} role="img" aria-labelledby="{title_id} {desc_id}" data-mv-static="{w:g}x{h:g}" '
        f'style="aspect-ratio: {w:g} / {h:g}">'
        f'<title id="{title_id}">{e(_title_text(spec) or name)}</title><desc id="{desc_id}">{e(description)}</desc>'
    )
    return body[: root.start()] + head + body[root.end() :], w, h


def marked(svg: str, kept) -> str:
    """`svg` with each <text> or <tspan> (a title's line) that draws words of one of `kept` (whole, a wrapped line of
    it, or cut short with "…" by a label limit) marked `lang="en"`."""

    def mark(m: re.Match) -> str:
        tag, attributes, words = m.groups()
        drawn = html.unescape(words).rstrip("…").strip()
        english = _LATIN.search(drawn) and any(drawn in k for k in kept)
        return f'<{tag}{attributes} lang="en">{words}</{tag}>' if english else m.group(0)

    return _TEXT.sub(mark, svg)


def png(name: str, spec: dict, width: int = 600, scale: float = 2.0, cache: Path | None = None) -> bytes:
    """The chart as a PNG (for Open Graph link previews), laid out `width` px wide.

    With `cache` (a folder), a picture already drawn from the same spec, size and versions of Vega-Lite and
    vl-convert is read from there instead of drawn again: drawing costs 0.4 s a chart, in every build.
    """
    if cache is None:
        return _convert(name, static_spec(name, spec, width), to="png", scale=scale)
    made = {
        "spec": spec,
        "width": width,
        "scale": scale,
        "vega-lite": _vl_version(spec),
        "vl-convert": _vlc_version(),
    }
    path = Path(cache) / f"{hashlib.sha256(json.dumps(made, sort_keys=True).encode()).hexdigest()[:24]}.png"
    try:
        kept = path.read_bytes()
    except OSError:
        kept = b""
    if kept.startswith(_PNG_START) and kept.endswith(_PNG_END):  # a whole PNG, not one cut short
        touch(path)
        return kept
    drawn = png(name, spec, width, scale)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, lambda aside: aside.write_bytes(drawn))
    for old in oldest_beyond(path.parent.glob("*.png"), KEEP_PREVIEWS):
        old.unlink(missing_ok=True)
    return drawn


# A PNG file's first 8 bytes, and its last chunk (IEND) with that chunk's checksum.
_PNG_START = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"IEND\xaeB`\x82"
# Previews a cache keeps: the newest, which covers a dozen editions of every section's chart.
KEEP_PREVIEWS = 100


def _vlc_version() -> str:
    return version("vl-convert-python")


def _title_text(spec: dict) -> str:
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else (text or "")
