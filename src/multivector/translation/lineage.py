"""A glued figure's lineage in another language: its formula in words and its inputs' labels, from `lineage.po`.

The words of a formula name the data they read ("exports to Russia 2024 ÷ total exports 2024"), so, like the glued
sentences of figures.po, each is translated for exactly the English text it matches: new data bring new formulas,
shown in English with a note until they are translated, never with stale years. What a lineage quotes from the data
(an input's file, row, column and value, a parameter's name) is the data's own and stays as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.catalog import Catalog

from multivector import paths
from multivector.translation import catalogs

# The state of a lineage whose words are (partly) English, for the pop-up's note (site/static/mv-lineage.js).
STALE = "translation"


def of_output(output: dict) -> dict | None:
    """The lineage an executed notebook's output carries (analysis.lineage.Figure), if any."""
    return ((output.get("metadata") or {}).get(paths.METADATA_KEY) or {}).get(paths.LINEAGE) or None


def words(lineage: dict) -> list[str]:
    """The texts of a lineage a translator translates: its formula, then each input's label."""
    labels = [i["label"] for i in lineage.get("inputs", ()) if i.get("label")]
    return list(dict.fromkeys([lineage["formula"], *labels]))


def notebook_words(notebook: Path) -> list[str]:
    """Every lineage text of an executed notebook, once each, in reading order."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    found = [w for c in nb["cells"] for o in c.get("outputs", ()) if of_output(o) for w in words(of_output(o))]
    return list(dict.fromkeys(found))


def translated(lineage: dict, catalog: Catalog) -> dict:
    """`lineage` with its formula and labels in the catalog's language; what has no current translation stays English,
    and the lineage then says why (`translation`: outdated, else missing), for the pop-up's note."""
    stale = set()

    def say(english: str) -> str:
        found = catalogs.look_up(catalog, english)
        if found.status != catalogs.OK:
            stale.add(found.status)
        return found.text or english

    out = {**lineage, "formula": say(lineage["formula"])}
    out["inputs"] = [{**i, "label": say(i["label"])} if i.get("label") else i for i in lineage.get("inputs", ())]
    if stale:
        out[STALE] = catalogs.OUTDATED if catalogs.OUTDATED in stale else catalogs.MISSING
    return out


def translate_output(output: dict, catalog: Catalog) -> bool:
    """Put the translated lineage in an output's metadata; whether some of it stayed English."""
    lineage = of_output(output)
    if lineage is None:
        return False
    output["metadata"][paths.METADATA_KEY][paths.LINEAGE] = translated(lineage, catalog)
    return STALE in output["metadata"][paths.METADATA_KEY][paths.LINEAGE]
