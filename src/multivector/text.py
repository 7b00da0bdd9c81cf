"""Text from outside the code (data package, bibliography, parameters, command line) on its way into a page.

Every such string crosses into HTML or MyST through these functions, and only these: `html` for markup Python
writes, `markdown` for MyST that Sphinx will parse, `href` for an address taken from data.
"""

from __future__ import annotations

import html as _html
import re
import urllib.parse

# Every ASCII punctuation character, since MyST or Markdown could read each as syntax somewhere (roles, directives,
# math, emphasis, links, tables, HTML, entities, headings, lists): each is written as a numeric character reference,
# which the parser shows as the character itself and never reads as markup. Letters, digits and spaces stay.
_MARKUP = re.compile(r"[!-/:-@\[-`{-~]")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u0085\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
LINK_SCHEMES = ("http", "https")
_UNSAFE_IN_ADDRESS = re.compile(r"[\s\x00-\x1f\x7f]")


def plain(value) -> str:
    """`value` as one line of printable text: line breaks become spaces, control characters go."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(value)))


def html(value) -> str:
    """`value` safe as HTML text or inside a quoted attribute (line breaks kept: HTML reads them as spaces)."""
    return _html.escape(_CONTROL.sub("", str(value)), quote=True)


def markdown(value) -> str:
    """`value` safe inside MyST inline text or a table cell: it shows literally, and nothing in it is syntax."""
    return _MARKUP.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), plain(value))


def marked_markdown(value, lang: str) -> str:
    """`value`, text in the language `lang` on a page in another, as MyST inline text in an element that names its
    language (inline HTML, which MyST passes through), so that a reader's browser and screen reader know it."""
    return f'<span lang="{html(lang)}">{markdown(value)}</span>'


def href(value) -> str | None:
    """An address from data fit to link to: absolute http(s), or a relative path that stays inside the site; else None."""
    url = str(value)
    # Browsers drop tabs and line breaks inside an address ("java\nscript:" is "javascript:"): refuse any of them.
    if not url or _UNSAFE_IN_ADDRESS.search(url):
        return None
    parts = urllib.parse.urlsplit(url)
    if parts.scheme:
        return url if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None
    if url.startswith("/") or "\\" in url or parts.netloc or ":" in url.split("/", 1)[0]:
        return None
    depth = 0
    for step in parts.path.split("/"):
        depth += -1 if step == ".." else (0 if step in ("", ".") else 1)
        if depth < 0:
            return None
    return url


def link(url, words) -> str:
    """HTML for `words` linking to `url` when `href` accepts it, else `words` and the address as plain text."""
    target = href(url)
    if target is None:
        return html(words) if plain(words) == plain(url) else f"{html(words)} ({html(url)})"
    return f'<a href="{html(target)}">{html(words)}</a>'


def script_json(blob: str) -> str:
    """JSON text safe inside a <script> element: nothing in it can close the element or open a comment."""
    return blob.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def attribute_json(blob: str) -> str:
    """JSON text safe inside a single-quoted HTML attribute (its many double quotes left as they are)."""
    return _html.escape(blob, quote=False).replace("'", "&#x27;")


_CODE_SAFE = re.compile(r"[0-9A-Za-z._-]+")


def code(value) -> str:
    """`value` as MyST inline code when it has the shape of a digest or an id (letters, digits, '.', '_', '-'), else
    as `markdown(value)`: a code span shows entities literally, so anything else would show escaped."""
    shown = plain(value)
    return f"`{shown}`" if _CODE_SAFE.fullmatch(shown) else markdown(shown)
