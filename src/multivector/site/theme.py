"""The book's theme settings: our templates and static files, the sidebar, the favicon and the colour mode."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
FAVICON = STATIC / "favicon.svg"
# Where a built site publishes the static files (Sphinx's folder), the favicon among them.
PUBLISHED_STATIC = "_static"
SIDEBAR = ["navbar-logo.html", "icon-links.html", "search-button-field.html", "sbt-sidebar-nav.html"]
# Our templates that stand in for the sidebar's.
OURS = {"navbar-logo.html": "mv-home.html", "sbt-sidebar-nav.html": "mv-sidebar-nav-bs.html"}

# The theme's colour mode starts at "auto" (the reader's system setting), which its script accepts; left empty it logs
# "Got invalid theme mode". Set by script, so that without JavaScript the page keeps the light colours. It runs in
# <head> before the theme's deferred script reads the mode.
MODE_JS = (
    '(function (root) { if (!root.dataset.mode) { root.dataset.mode = "auto"; root.dataset.theme = '
    'matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"; } })(document.documentElement);'
)


# The shapes of the CSS selectors pydata-sphinx-theme's sidebar code selects with (toctree.py): compiling one of each
# builds soupsieve's own patterns, which it compiles on first use (0.2 s of the first page a process writes).
SELECTOR_SHAPES = ("li", "li.toctree-l1 > details", ".toc-h1")


def warm_up() -> None:
    """Compile the theme's kinds of CSS selector once, in the Jupyter Book process before it forks its runs."""
    import soupsieve  # here for start-up time: only the Jupyter Book process warms up, and it has loaded the theme

    for selector in SELECTOR_SHAPES:
        soupsieve.compile(selector)


def theme_package() -> Path:
    """pydata-sphinx-theme's installed folder, found without importing the theme: importing it loads Sphinx (0.3 s),
    and the build's own process only reads the theme's files (its catalog template, for the translated stages)."""
    return Path(importlib.util.find_spec("pydata_sphinx_theme").origin).parent


def theme_static() -> Path:
    """pydata-sphinx-theme's own static files (its scripts, styles and asset macros)."""
    return theme_package() / "theme" / "pydata_sphinx_theme" / "static"


def add_static_path(app, config):
    """Our static files (static/) copied into every site's _static/."""
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def configure(app, config):
    """Our templates before the theme's, its sidebar with the link home in a landmark, and our favicon."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    # The theme's sidebar (theme.conf) with the link home wrapped in a landmark (templates/mv-home.html), and its
    # navigation drawn once per page, not twice (templates/mv-sidebar-nav-bs.html).
    sidebars = dict(config.html_sidebars or {})
    sidebars["**"] = [OURS.get(t, t) for t in sidebars.get("**", SIDEBAR)]
    config.html_sidebars = sidebars
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)
