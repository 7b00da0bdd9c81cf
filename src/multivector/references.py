"""The book's bibliography (book/references.bib) as pybtex's plain style formats it: for the notebooks' claims tables
and source lists, and the plugin lookup that Sphinx's bibliography (sphinxcontrib-bibtex, also pybtex) shares."""

from __future__ import annotations

import urllib.parse
from functools import cache

from multivector import paths, text


def look_up_plugins_once() -> None:
    """pybtex finds a plugin (a style, a backend) by scanning every installed package's entry points, on each lookup:
    each rendered reference costs one, and the scan costs 30-50 ms here. What is installed cannot change while a
    process runs, so one scan per group serves the rest of it."""
    from importlib.metadata import entry_points

    import pybtex.plugin

    if not hasattr(pybtex.plugin.entry_points, "cache_info"):
        pybtex.plugin.entry_points = cache(entry_points)


@cache
def _bibliography(path: str, mtime_ns: int):
    from pybtex.database import parse_file

    return parse_file(path)


def _formatted(keys: list[str]):
    """The given entries formatted by pybtex's plain style (which sorts them by author)."""
    from pybtex.plugin import find_plugin

    look_up_plugins_once()
    bib = _bibliography(str(paths.BIBLIOGRAPHY), paths.BIBLIOGRAPHY.stat().st_mtime_ns)
    missing = [k for k in keys if k not in bib.entries]
    if missing:
        raise KeyError(
            f"{paths.BIBLIOGRAPHY.name} has no entry for {', '.join(missing)}; add it or fix the citation key"
        )
    style = find_plugin("pybtex.style.formatting", "plain")()
    return style.format_entries([bib.entries[k] for k in keys])


def texts(keys: list[str]) -> dict[str, str]:
    """Each key's formatted reference as plain text, for a link to its entry on the references page."""
    return {f.key: f.text.render_as("text") for f in _formatted(keys)}


def markdown_list(keys: list[str]) -> str:
    """A bulleted list of the given references, formatted and sorted by author as pybtex's plain style does; the
    entries' text is data, so it reaches the MyST through multivector.text (pybtex's own Markdown escaping leaves
    math, roles' colons and table bars as syntax, and links any scheme)."""
    backend = _markdown_backend()
    return "\n".join(f"- {f.text.render(backend)}" for f in _formatted(keys))


@cache
def _markdown_backend():
    from pybtex.backends.markdown import Backend

    class TextBackend(Backend):
        def format_str(self, value):
            return text.markdown(value)

        def format_href(self, url, words, external=False):
            target = text.href(url)
            if not words or target is None:
                return words
            return f"[{words}]({urllib.parse.quote(target, safe=URL_SAFE)})"

    return TextBackend()


# Characters a link's address may keep as they are in a Markdown link: all but spaces, parentheses and angle brackets.
URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"


# The fields a source list printed in another language shows (translation.outputs), as the bibliography gives them.
FIELDS = (
    "title",
    "journal",
    "volume",
    "number",
    "pages",
    "type",
    "institution",
    "howpublished",
    "month",
    "year",
    "note",
)


def entries(keys: list[str]) -> list[dict]:
    """The given entries as data, in the order pybtex's plain style lists them (by author): each one's key, type,
    authors' names as the plain style writes them, URL and FIELDS as plain text, for the list in another language."""
    from pybtex.plugin import find_plugin
    from pybtex.richtext import Text

    names = find_plugin("pybtex.style.names", "plain")()
    bib = _bibliography(str(paths.BIBLIOGRAPHY), paths.BIBLIOGRAPHY.stat().st_mtime_ns)
    out = []
    for f in _formatted(keys):
        e = bib.entries[f.key]
        out.append(
            {
                "key": f.key,
                "type": e.type,
                "authors": [names.format(p, False).format().render_as("text") for p in e.persons.get("author", ())],
                "url": e.fields.get("url", ""),
                "fields": {k: Text.from_latex(e.fields[k]).render_as("text") for k in FIELDS if k in e.fields},
            }
        )
    return out
