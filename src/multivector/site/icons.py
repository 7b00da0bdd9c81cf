"""The theme's icons without its icon font: the dozen icons the pages use, drawn from one small stylesheet.

The theme's icon font machinery (fontawesome.js, 542 KB gzip, and its webfonts) goes; the icons are drawn from
`_static/mv-icons.css`, made at build time from the same icons' paths (Font Awesome Free, CC BY 4.0) so they look as
before, at a few KB.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

# The checksum Sphinx puts in the addresses of the assets it links.
from sphinx.builders.html._assets import _file_checksum

from multivector.site.theme import theme_static

ICONS_CSS = "mv-icons.css"


# One icon of fontawesome.js: `name:[w,h,[aliases],"code","path"]`, its name quoted when it holds a hyphen.
ICON = re.compile(r'(?:"([a-z0-9-]+)"|\b([a-z0-9-]+)):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]')


def icon_paths(names: set[str], source: str) -> dict[str, tuple[int, int, str]]:
    """Width, height and SVG path of each named icon, as fontawesome.js first defines it: one pass over the 1.5 MB
    script (a search per name took 1.7 s of every Jupyter Book run)."""
    defined: dict[str, tuple[int, int, str]] = {}
    for m in ICON.finditer(source):
        defined.setdefault(m.group(1) or m.group(2), (int(m.group(3)), int(m.group(4)), m.group(5)))
    return {name: defined[name] for name in sorted(names) if name in defined}


def icons_css(names: set[str], source: str) -> str:
    """CSS that draws each icon as a mask over the text colour (so dark mode and hover colours still apply)."""
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


def slim_theme_css(outdir: Path) -> None:
    """The theme's stylesheet less Font Awesome's 1,881 glyph rules and @font-face blocks (20 KB of its 65 KB gzip):
    no page loads the icon font any more."""
    css = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    if css.is_file():
        text = css.read_text(encoding="utf-8")
        text = re.sub(r'(?:\.fa-[a-z0-9-]+:before,?)+\{content:"[^"]*"\}', "", text)
        text = re.sub(r"@font-face\{[^}]*Font Awesome[^}]*\}", "", text)
        css.write_text(text, encoding="utf-8")


def write(app, exception):
    """Once the pages are written: the icons they use into mv-icons.css, and the icon font out of the site."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = {page: page.read_text(encoding="utf-8") for page in out.rglob("*.html") if "_static" not in page.parts}
    used: set[str] = set()
    for markup in pages.values():
        classes = " ".join(re.findall(r'class="([^"]*)"', markup))
        used |= set(re.findall(r"\bfa-([a-z0-9-]+)", classes))
    slim_theme_css(out)
    source = (theme_static() / "scripts" / "fontawesome.js").read_text(encoding="utf-8")
    (out / "_static" / ICONS_CSS).write_text(
        icons_css(used - {"solid", "regular", "brands", "lg"}, source), encoding="utf-8"
    )
    # The pages were written before this file, so Sphinx could give its link no checksum (or, on pages an earlier run
    # wrote, an earlier file's): put this one's on every page, so a browser never keeps another build's icons.
    link = re.compile(rf'_static/{re.escape(ICONS_CSS)}(?:\?v=[0-9a-f]+)?"')
    versioned = f'_static/{ICONS_CSS}?v={_file_checksum(out, f"_static/{ICONS_CSS}")}"'
    for page, markup in pages.items():
        now = link.sub(versioned, markup)
        if now != markup:
            page.write_text(now, encoding="utf-8")
    # Nothing links the icon machinery any more: leave it out of the published site.
    for leftover in ("scripts/fontawesome.js", "scripts/fontawesome.js.map", "scripts/fontawesome.js.LICENSE.txt"):
        (out / "_static" / leftover).unlink(missing_ok=True)
    webfonts = out / "_static" / "vendor" / "fontawesome"
    if webfonts.is_dir():
        shutil.rmtree(webfonts)
