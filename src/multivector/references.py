"""The book's bibliography (book/references.bib) as pybtex's plain style formats it: for the notebooks' claims tables
and source lists, and the plugin lookup that Sphinx's bibliography (sphinxcontrib-bibtex, also pybtex) shares."""

from __future__ import annotations

import copy
import urllib.parse
from functools import cache
from typing import TYPE_CHECKING

from multivector import paths, text

if TYPE_CHECKING:
    from importlib.metadata import EntryPoints


@cache
def _installed() -> EntryPoints:
    from importlib.metadata import entry_points

    return entry_points()


@cache
def installed_entry_points(**params) -> EntryPoints:
    """`importlib.metadata.entry_points(**params)` from one scan of what is installed, made on the first call: pybtex and
    sphinxcontrib-bibtex find a plugin (a style, a backend) by scanning every installed package's entry points on each
    lookup (30-50 ms here, and each rendered reference costs one). What is installed cannot change while a build's
    process runs, so both the scan and each lookup in it are kept."""
    return _installed().select(**params)


def look_up_plugins_once() -> None:
    """Have pybtex find its plugins in one scan of the installed entry points (installed_entry_points)."""
    import pybtex.plugin

    pybtex.plugin.entry_points = installed_entry_points


@cache
def _bibliography(path: str, mtime_ns: int):
    from pybtex.database import parse_file

    return parse_file(path)


def _current() -> tuple[str, int]:
    """The bibliography's file as it is now, by name and time of change: what its parse and formatting are kept by."""
    return str(paths.BIBLIOGRAPHY), paths.BIBLIOGRAPHY.stat().st_mtime_ns


@cache
def _style():
    from pybtex.plugin import find_plugin

    look_up_plugins_once()
    return find_plugin("pybtex.style.formatting", "plain")()


def _formatted(keys: list[str]):
    """The given entries formatted by pybtex's plain style, in the order it lists them (by author)."""
    file = _current()
    bib = _bibliography(*file)
    missing = [k for k in keys if k not in bib.entries]
    if missing:
        raise KeyError(
            f"{paths.BIBLIOGRAPHY.name} has no entry for {', '.join(missing)}; add it or fix the citation key"
        )
    return [_formatted_entry(file, e.key) for e in _style().sort([bib.entries[k] for k in keys])]


@cache
def _formatted_entry(file: tuple[str, int], key: str):
    """One entry as the plain style formats it, once per process: its text does not depend on the entries listed
    with it, only its label does, which no list here shows. A page formats each of its sources several times (its
    claims, its source list, its printed list)."""
    return _style().format_entry("", _bibliography(*file).entries[key])


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
    file = _current()
    return [copy.deepcopy(_entry_data(file, f.key)) for f in _formatted(keys)]


@cache
def _entry_data(file: tuple[str, int], key: str) -> dict:
    from pybtex.plugin import find_plugin
    from pybtex.richtext import Text

    names = find_plugin("pybtex.style.names", "plain")()
    e = _bibliography(*file).entries[key]
    return {
        "key": key,
        "type": e.type,
        "authors": [names.format(p, False).format().render_as("text") for p in e.persons.get("author", ())],
        "url": e.fields.get("url", ""),
        "fields": {k: Text.from_latex(e.fields[k]).render_as("text") for k in FIELDS if k in e.fields},
    }
