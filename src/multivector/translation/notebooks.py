"""An executed notebook in another language: its markdown cells translated (translation.translate) and each glued figure's
text swapped for the one the kernel formatted in that language from the same value (analysis.lineage.Figure's
`texts`), or, for a figure that is words ("not computable"), its translation in `figures.po`. Nothing is re-run."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from multivector import paths
from multivector.charts import phrases, words
from multivector.translation import card_words, cards, catalogs, lineage, outputs
from multivector.translation.blocks import LETTERS
from multivector.translation.cards import SCRAPBOOK
from multivector.translation.translate import Page, markdown

PLAIN = "text/plain"


def translate(
    source: Path, dest: Path, page: Page, figures, charts=None, lineages=None, say=None, data=None
) -> list[str]:
    """Write `source` (an executed notebook) into `dest` in `page.lang`; the glue names left in English. Each chart
    card is drawn again in the language from `charts` (translation.cards) and the data's words from `data`
    (translation.datawords); its texts left in English go to `page.chart_texts`. Each glued figure's lineage is
    translated from `lineages` (lineage.po) when given, and each printed claims table, source list and run card is
    printed again by `say` (translation.outputs.Say)."""
    nb = json.loads(source.read_text(encoding="utf-8"))
    charts = charts if charts is not None else catalogs.template([])
    english = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = markdown("".join(cell["source"]), page)
        for output in cell.get("outputs", ()):
            left = cards.swap(output, page.lang, charts, page.words, data)
            if left is not None:
                page.chart_texts += left
                continue
            if say is not None and outputs.swap(output, say):
                continue
            name = _swap(output, page.lang, figures, say, charts)
            if lineages is not None and lineage.translate_output(output, lineages):
                page.lineage_stale += 1
            if name:
                english.append(name)
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return english


def chart_texts(notebook: Path) -> list[tuple[str, str]]:
    """The texts of an executed notebook's chart cards, each with its chart's name (the message's context in
    `charts.po`)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    outputs_ = [o for cell in nb["cells"] for o in cell.get("outputs", ())]
    parts = [cards.parts_of(o) for o in outputs_]
    keys = [((o.get("metadata") or {}).get(paths.METADATA_KEY) or {}).get(paths.PHRASE) for o in outputs_]
    found = [pair for p in parts if p for pair in cards.card_strings(p)]
    return found + [(k["chart"], t) for k in keys if k for t in words.messages([phrases.piece(k)])]


def printed_texts(notebook: Path) -> list[tuple[str, str]]:
    """The words of an executed notebook's printed outputs (claims tables, source lists, the sentences around them),
    each with its context in `outputs.po`."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    found = [outputs.part_of(o) for cell in nb["cells"] for o in cell.get("outputs", ())]
    return [pair for part in found if part for pair in outputs.messages(part)]


def glued_words(notebook: Path) -> list[tuple[str, str]]:
    """The glued texts of an executed notebook that are words with no translation of their own, each with its glue
    name (for figures.po, where the name is the message's context: "rose" is "вырос" or "выросла" by its subject)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", ()):
            text = _words(output, None)
            if text is not None:
                out.append((output["metadata"][SCRAPBOOK].get("name", ""), text))
    return out


def _glued_text(output: dict) -> tuple[str, str] | None:
    """The key and text of a glued text figure (a glued chart or table has other kinds of data, and is left alone)."""
    scrap = (output.get("metadata") or {}).get(SCRAPBOOK)
    if not scrap:
        return None
    key = scrap.get("mime_prefix", "") + PLAIN
    if list(output.get("data", {})) != [key]:
        return None
    raw = output["data"][key]
    try:
        value = ast.literal_eval("".join(raw) if isinstance(raw, list) else raw)
    except (ValueError, SyntaxError):
        return None
    return (key, value) if isinstance(value, str) else None


def _words(output: dict, lang: str | None) -> str | None:
    """The glued text if it needs a catalog's translation in `lang`: words, with no text of its own for it."""
    glued = _glued_text(output)
    if glued is None:
        return None
    ours = (output.get("metadata") or {}).get(paths.METADATA_KEY) or {}
    texts = ours.get(paths.TEXTS) or {}
    made = ours.get(paths.SENTENCE) or ours.get(paths.PHRASE)
    if lang in texts or (lang is None and texts) or made or not LETTERS.search(glued[1]):
        return None  # a sentence made from values is said from its template (outputs.po)
    return glued[1]


def _swap(output: dict, lang: str, figures, say=None, charts=None) -> str | None:
    """Put the `lang` text of a glued figure in place of the English: the kernel's own (a number), the sentence the
    kernel made from values said again from its template's translation (outputs.po, by `say`), or figures.po's
    translation of its exact words; the glue name if it stays English."""
    glued = _glued_text(output)
    if glued is None:
        return None
    key, english = glued
    ours = (output.get("metadata") or {}).get(paths.METADATA_KEY) or {}
    text = (ours.get(paths.TEXTS) or {}).get(lang)
    if text is None and say is not None and ours.get(paths.SENTENCE):
        text = outputs.plain_sentence(ours[paths.SENTENCE], say)
    if text is None and say is not None and charts is not None and ours.get(paths.PHRASE):
        phrase = ours[paths.PHRASE]
        text = card_words.Sayer(lang, phrase["chart"], charts, say.words).said(phrases.piece(phrase))
    name = output["metadata"][SCRAPBOOK].get("name", "")
    if text is None and LETTERS.search(english):
        text = catalogs.look_up(figures, english, name).text
        if text is None:
            return name
    if text is not None:
        output["data"][key] = repr(text)
    return None
