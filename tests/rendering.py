"""What every executed section page would show, rendered in this process for the property tests.

The notebooks' own code cells run here, with the parameters cell overridden as papermill does, and everything they
would put on a page is collected as text: glued figures, displayed HTML (claims tables, sources, run card), and each
chart's spec, title and card. Far faster than papermill and Jupyter Book; one real build is tested separately.
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path
from unittest import mock

import nbformat

from multivector import data, paths, references, sections
from multivector.analysis import narrative
from multivector.analysis.lineage import Figure
from multivector.charts import pictures
from multivector.notebook import page as page_mod

# What must never reach a reader: Python's and JSON's names for missing or non-finite numbers, and a traceback.
BAD = re.compile(r"(?i:\b(?:nan|inf|infinity)\b)|\bNone\b|\bnull\b|Traceback")
BAD_JSON = re.compile(r"\bNaN\b|-?\bInfinity\b|\"None\"|Traceback")


def code_cells(name: str) -> list[str]:
    nb = nbformat.read(paths.notebook(name), as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


# The bibliography does not change between examples: format each list of sources once.
_sources = functools.lru_cache(maxsize=None)(lambda keys, real=references.markdown_list: real(list(keys)))


# The spec a card's markup carries for its interactive view (the JSON is escaped so that it cannot close the tag).
SPEC_SCRIPT = re.compile(r'<script type="application/json" class="mv-spec"[^>]*>(.*?)</script>', re.S)


def spec_on_page(card_html: str) -> dict:
    return json.loads(SPEC_SCRIPT.search(card_html).group(1))["spec"]


# Where this process keeps the SVGs it drew, as a build keeps them (pictures.kept_in): most of an example's charts
# are the shipped data's, drawn alike for every example (1.5 s of each rendering).
_pictures = functools.cache(lambda: tempfile.TemporaryDirectory(prefix="mv-test-pictures-"))


def render(values: dict) -> dict[str, list[str]]:
    """Per notebook, every piece of text its page would show; exceptions propagate as the build's would.

    The data folder is validated once (as every notebook would validate it alike), not once per page.
    """
    with pictures.kept_in(Path(_pictures().name)):
        return _render(values)


def _render(values: dict) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {}
    loaded = functools.lru_cache(maxsize=None)(data.load)
    for name in sections.EXECUTED:
        out = shown[name] = []

        def glue(key, text, out=out):
            out.append(f"glue {key}={text}")
            if not str(text).strip():
                out.append(f"EMPTY GLUE {key}")
            return text if isinstance(text, Figure) else Figure(str(text))

        def display(obj, *args, out=out, **kwargs):
            out.append(getattr(obj, "data", None) or str(obj))

        def chart(self, card, out=out):
            shown = card._repr_html_()
            out.append("SPEC " + json.dumps(spec_on_page(shown)))
            out.append(shown)

        with (
            mock.patch.object(narrative, "glue", glue),
            mock.patch.object(page_mod, "glue", glue),
            mock.patch.object(page_mod, "display", display),
            mock.patch.object(page_mod.Page, "chart", chart),
            mock.patch.object(data, "load", loaded),
            mock.patch.object(references, "markdown_list", lambda keys: _sources(tuple(keys))),
        ):
            cells = code_cells(name)
            namespace: dict = {}
            exec(cells[0], namespace)
            namespace.update(values)
            for source in cells[1:]:
                exec(source, namespace)
    return shown


def blemishes(shown: dict[str, list[str]]) -> list[str]:
    """Every piece of rendered text that shows a missing or non-finite number, an empty glue or a traceback."""
    found = []
    for name, pieces in shown.items():
        for text in pieces:
            if text.startswith("SPEC "):
                hits = BAD_JSON.findall(text)
            else:
                # Vega-lite's own "null" in HTML script blocks is not text; the card's table and prose are.
                hits = [h for h in BAD.findall(re.sub(r"<script.*?</script>", "", text, flags=re.S))]
                hits += ["EMPTY GLUE"] if text.startswith("EMPTY GLUE") else []
            if hits:
                found.append(f"{name}: {sorted(set(hits))} in {text[:300]!r}")
    return found
