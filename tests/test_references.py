"""A source reads the same wherever a page lists it: as pybtex's plain style formats the whole bibliography, in its
order, however often and with whichever other sources it is asked for."""

from __future__ import annotations

import re

import pytest
from pybtex.database import parse_file
from pybtex.plugin import find_plugin

from multivector import paths, references

KEYS = re.findall(r"@\w+\{([^,\s]+),", paths.BIBLIOGRAPHY.read_text(encoding="utf-8"))


def _pybtex_itself(keys: list[str]):
    bib = parse_file(str(paths.BIBLIOGRAPHY))
    return list(find_plugin("pybtex.style.formatting", "plain")().format_entries([bib.entries[k] for k in keys]))


def test_every_source_reads_as_the_plain_style_formats_the_whole_bibliography_whatever_it_is_listed_with():
    assert len(KEYS) > 5
    whole = {f.key: f.text.render_as("text") for f in _pybtex_itself(KEYS)}
    for key in KEYS:
        assert references.texts([key]) == {key: whole[key]}
    assert references.texts(list(reversed(KEYS))) == whole


def test_a_list_of_sources_is_in_the_plain_styles_order_with_its_text():
    listed = references.markdown_list(list(reversed(KEYS)))
    expected = [f.text.render(references._markdown_backend()) for f in _pybtex_itself(KEYS)]
    assert listed == "\n".join(f"- {text}" for text in expected)
    assert [e["key"] for e in references.entries(list(reversed(KEYS)))] == [f.key for f in _pybtex_itself(KEYS)]


def test_a_callers_copy_of_a_sources_fields_is_its_own():
    first = references.entries(KEYS[:1])[0]
    first["fields"]["title"] = "changed by a caller"
    first["authors"].append("someone")
    again = references.entries(KEYS[:1])[0]
    assert again["fields"].get("title") != "changed by a caller" and "someone" not in again["authors"]


def test_a_key_the_bibliography_lacks_is_named_with_the_file():
    with pytest.raises(KeyError, match=rf"{paths.BIBLIOGRAPHY.name} has no entry for no_such_source"):
        references.texts(["no_such_source", KEYS[0]])
