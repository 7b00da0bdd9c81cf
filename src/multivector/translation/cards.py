"""A glued chart card in another language, drawn again from the parts the kernel glued with it (charts.card.Card):
every text of its spec (titles, subtitles, axis, legend and tooltip titles, slider labels, description) and its source
from `charts.po` (the chart's name is the message's context), Vega's number and time locale of the language for axes
and tooltips, the data table's decimals from i18n.formatting, and the frame's words from `interface.po`.

A text with no current translation (missing, or outdated by gettext's rule, catalogs.look_up) stays English and is
reported, as a page's passage is. No notebook runs again: only the picture is drawn again.
"""

from __future__ import annotations

import copy
import textwrap
from io import StringIO

import pandas as pd
from babel.messages.catalog import Catalog

from multivector import paths
from multivector.charts import card_html, phrases
from multivector.charts import words as w
from multivector.i18n import formatting
from multivector.translation import card_words, catalogs, datawords

HTML = "text/html"
SCRAPBOOK = "scrapbook"
# Spec keys whose subtrees hold data, not words.
DATA_KEYS = ("data", "datasets")
# The share of card_html.TITLE_CHARS and SUBTITLE_CHARS a line holds in a language whose letters are wider than English
# ones in the theme's font: Cyrillic titles wrapped at the English lengths overran the 272 px column of a 320 px screen
# by 5-12 px (the browser tests' check of every chart at that width).
LINE_SHARE = {"ru": 0.85}


def parts_of(output: dict) -> dict | None:
    """The card parts glued with an output, if it is a chart card."""
    return ((output.get("metadata") or {}).get(paths.METADATA_KEY) or {}).get(paths.CARD)


def lines_text(value) -> str:
    """A title's text as one message: wrapped lines joined again (a line broken after a hyphen joins without space)."""
    if not isinstance(value, list):
        return value
    out = ""
    for line in value:
        out += line if not out or out.endswith("-") else " " + line
    return out


def messages(parts: dict) -> list[str]:
    """Every text of a card a reader sees, once each: its headline's phrases (a phrase with values by its template),
    the other texts of its spec, its source."""
    found: list[str] = []
    said = parts.get("headline")
    for piece in (said["text"] + said["subtitle"]) if said else ():
        found += w.messages([phrases.piece(piece)])
    described = parts.get("description_said")
    rewrite(parts["spec"], lambda words: found.append(words) or words, said, lambda piece: piece["text"], 1, described)
    found += w.messages([phrases.piece(described)]) if described else []
    found += card_words.messages(parts)
    source = parts.get("source_said")
    found += w.messages([phrases.piece(source)]) if source else [parts["source"]]
    return list(dict.fromkeys(w for w in found if w))


def rewrite(spec: dict, say, said: dict | None = None, phrase=None, share: float = 1.0, described=None) -> dict:
    """A copy of `spec` with every text a reader sees replaced by `say(text)`, title lines wrapped again at `share` of
    the English line lengths; with `said` (the headline's phrases), the title and subtitle are the phrases' texts as
    `phrase(piece)` gives them, and with `described` (a description that names values), the description is."""
    title_chars, subtitle_chars = (int(chars * share) for chars in (card_html.TITLE_CHARS, card_html.SUBTITLE_CHARS))

    def title(value):
        if isinstance(value, dict):
            value = dict(value)
            if value.get("text"):
                value["text"] = wrapped(value["text"], title_chars)
            if value.get("subtitle"):
                value["subtitle"] = wrapped(value["subtitle"], subtitle_chars)
            return value
        return wrapped(value, title_chars) if value else value

    def wrapped(value, width: int):
        said = say(lines_text(value))
        return textwrap.wrap(said, width) if isinstance(value, list) else said

    def walk(node):
        if isinstance(node, list):
            return [walk(n) for n in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key in DATA_KEYS:
                out[key] = value
            elif key == "title":
                out[key] = title(value)
            elif key == "bind" and isinstance(value, dict) and value.get("name"):
                out[key] = walk(value) | {"name": say(value["name"].strip()) + " "}
            else:
                out[key] = walk(value)
        return out

    top = walk({k: v for k, v in copy.deepcopy(spec).items() if not (said and k == "title")})
    if said:
        lines = lambda pieces, width: [ln for p in pieces for ln in textwrap.wrap(phrase(p), width)]  # noqa: E731
        top["title"] = {**spec["title"], "text": lines(said["text"], title_chars)}
        if said["subtitle"]:
            top["title"]["subtitle"] = lines(said["subtitle"], subtitle_chars)
    if described:
        top["description"] = phrase(described)
    elif top.get("description"):
        top["description"] = say(top["description"])
    return top


def translated(
    parts: dict, lang: str, texts: Catalog, words: Catalog, data: datawords.Words | None = None
) -> tuple[str, list[str]]:
    """The card's markup in `lang`, and the texts of it left in English for want of a current translation; `data`
    says the data's own words (translation.datawords; none translated without it)."""
    name, left, shown = parts["name"], [], []  # shown: what is drawn in English for want of a translation
    sayer = card_words.Sayer(lang, name, texts, data or datawords.Words(Catalog(locale=lang), lang))
    swap, kept = sayer.swaps(parts.get("words") or {})

    def say(english: str) -> str:
        found = catalogs.look_up(texts, english, name)
        if found.status != catalogs.OK:
            left.append(english)
            shown.append(english)
            return english
        return found.text

    def phrase(piece: dict) -> str:
        if "template" not in piece:
            return say(piece["text"])
        made = sayer.said(phrases.piece(piece))
        if made is None:
            shown.append(piece["text"])
        return piece["text"] if made is None else made

    share = LINE_SHARE.get(lang, 1.0)
    spec = rewrite(parts["spec"], say, parts.get("headline"), phrase, share, parts.get("description_said"))
    spec = card_words.computed(card_words.in_spec(spec, swap), parts.get("expressions") or {}, sayer)
    spec.setdefault("config", {})["locale"] = formatting.vega_locale(lang)
    table = card_words.in_table(pd.read_json(StringIO(parts["table"]), orient="table"), swap, say)
    source = phrase(parts["source_said"]) if parts.get("source_said") else say(parts["source"])
    frame = lambda english: catalogs.look_up(words, english).text or english  # noqa: E731
    html = card_html.markup(
        name,
        spec,
        table,
        source,
        tuple(parts["resources"]),
        parts["csv"],
        say=frame,
        number=lambda x: formatting.number(x, 2, lang),
        kept=kept | frozenset(shown),
    )
    return html, list(dict.fromkeys(left + sayer.left))


def swap(output: dict, lang: str, texts: Catalog, words: Catalog, data=None) -> list[str] | None:
    """Put the `lang` card in place of a glued English one; the texts left in English (None: not a card)."""
    parts = parts_of(output)
    if not parts:
        return None
    key = ((output.get("metadata") or {}).get(SCRAPBOOK) or {}).get("mime_prefix", "") + HTML
    html, left = translated(parts, lang, texts, words, data)
    if key in output.get("data", {}):
        output["data"][key] = html
    # Drawn: the parts would only weigh down the translated notebook that the page offers for download.
    del output["metadata"][paths.METADATA_KEY][paths.CARD]
    return left


def card_strings(parts: dict) -> list[tuple[str, str]]:
    """A card's texts for `charts.po`, each with the chart's name as its context."""
    return [(parts["name"], s) for s in messages(parts)]
