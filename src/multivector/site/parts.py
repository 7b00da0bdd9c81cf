"""HTML parts of the book's pages, rendered with autoescape from the templates in templates/parts/.

Every value a part shows is escaped by `multivector.text.html`, the package's one escaping path for text from data;
a value that is HTML already (citeproc's reference, `text.link`'s anchor) arrives as `Markup` from the code that made
it. A part is laid out on lines for reading and renders as one line, as the pages always had it: a line break and the
indentation after it are not output, so a sentence stays on one line of its template, and a line break the page needs
is written `{{ "\\n" }}`.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

from multivector import text

PARTS = Path(__file__).parent / "templates" / "parts"
LAYOUT = re.compile(r"\n[ \t]*")


class OneLine(Extension):
    """Drops the template's own line breaks and indentation before Jinja reads it."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return LAYOUT.sub("", source)


def escape(value) -> Markup:
    """`value` as HTML: as it is if it is Markup, else escaped by text.html."""
    return value if isinstance(value, Markup) else Markup(text.html(value))


def fill(sentence: str, **values) -> Markup:
    """`sentence` (words of the book, in a page's language) as HTML, its `{name}` places filled with `values`, each
    escaped unless it is HTML already."""
    return escape(sentence).format(**{name: escape(value) for name, value in values.items()})


def foreign(value, lang: str) -> Markup:
    """`value`, text in the language `lang` on a page in another, in an element that names its language."""
    return Markup('<span lang="{}">{}</span>').format(lang, escape(value))


def code(value) -> Markup:
    """`value` as inline code."""
    return Markup("<code>{}</code>").format(escape(value))


def link(url, words) -> Markup:
    """`words` linking to `url` when it is a safe address (text.link)."""
    return Markup(text.link(url, words))


ENVIRONMENT = Environment(
    loader=FileSystemLoader(PARTS),
    autoescape=True,
    finalize=escape,
    undefined=StrictUndefined,
    extensions=[OneLine],
)
ENVIRONMENT.globals["link"] = link


def warm_up() -> None:
    """Compile every part once, in the Jupyter Book process before it forks its runs (site.sphinxext.warm_up)."""
    for part in sorted(PARTS.glob("*.html")):
        ENVIRONMENT.get_template(part.name)


def render(part: str, **values) -> str:
    """The part (a file name in templates/parts/) filled in with `values`."""
    return str(ENVIRONMENT.get_template(part).render(**values))


def macros(part: str):
    """The part's macros, to call from Python one by one (each returns Markup)."""
    return ENVIRONMENT.get_template(part).module
