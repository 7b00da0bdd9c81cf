"""The words a chart shows from its data (a partner's name, an event's label, a series' label made of both), each
glued with what a translated card needs to say it in another language, never by parsing the English:

- a data word: where the data package keeps it (`resource/column/key`), for `data.po` (translation.datawords);
- a partner's name, by its code (data.po, else CLDR's name of the territory);
- a word of the edition's own ("Imports", "final"), for `charts.po` with the chart's name as context;
- a template of the edition ("Exports to {partner}"), for `charts.po`, filled with its parts said in the language;
- a value already written in every language of the edition (i18n.formatting: a date, a period, a share).

A card keeps its pieces by the English text its data show (`Card.words`). A text the chart computes as it is drawn
(the CPC explorer's label) is an expression: its template and the Vega expression of each value (`Card.expressions`).
"""

from __future__ import annotations

import json
from string import Formatter
from typing import TYPE_CHECKING

from multivector.i18n import LANGUAGES, SOURCE

if TYPE_CHECKING:  # only named in annotations: the Sphinx extensions import this module, and need no pandas
    import pandas as pd

TEXT, DATA, PARTNER, TEMPLATE, VALUES, TEXTS, ITEMS = "text", "data", "partner", "template", "values", "texts", "items"
# How a list of words is joined, in every language of the edition.
LIST_SEPARATOR = ", "


def data(resource: str, column: str, key, english: str) -> dict:
    """A text of the data package: the cell of `resource`'s `column` in the row whose key is `key`."""
    return {TEXT: str(english), DATA: [resource, column, str(key)]}


def partner(code: str, english: str) -> dict:
    """A partner's name, by its code in partners.csv."""
    return {TEXT: str(english), PARTNER: str(code)}


def own(english: str) -> dict:
    """A word of the edition's own, translated in charts.po."""
    return {TEXT: str(english)}


def shown(texts: dict[str, str]) -> dict:
    """A value already written in every language ({'en': 'January 2022', 'ru': 'январь 2022 г.'})."""
    return {TEXT: texts[SOURCE], TEXTS: dict(texts)}


def same(value) -> dict:
    """A value written alike in every language (a year, a count)."""
    return shown(dict.fromkeys(LANGUAGES, str(value)))


def made(template: str, **values) -> dict:
    """An edition's template filled with its parts: pieces, or values written alike in every language."""
    parts = {k: v if isinstance(v, dict) else same(v) for k, v in values.items()}
    return {TEXT: template.format(**{k: p[TEXT] for k, p in parts.items()}), TEMPLATE: template, VALUES: parts}


def listed(pieces: list[dict]) -> dict:
    """Several pieces said one after another ("Partner A, Partner B")."""
    return {TEXT: LIST_SEPARATOR.join(p[TEXT] for p in pieces), ITEMS: list(pieces)}


def fields(template: str) -> set[str]:
    """The names a template is filled with."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def column(frame: pd.DataFrame, name: str, piece) -> dict[str, dict]:
    """The pieces of a frame's column by their English text: `piece(row)` for each row (a dict of the row's cells)."""
    return {row[name]: piece(row) for row in frame.to_dict("records") if isinstance(row[name], str)}


def own_words(*english: str) -> dict[str, dict]:
    return {w: own(w) for w in english}


def messages(pieces) -> list[str]:
    """The texts of `pieces` that charts.po translates: the edition's own words and templates, inner parts first."""
    out: list[str] = []
    for p in pieces:
        if TEMPLATE in p:
            out += messages(p[VALUES].values()) + [p[TEMPLATE]]
        elif ITEMS in p:
            out += messages(p[ITEMS])
        elif not ({DATA, PARTNER, TEXTS} & set(p)):
            out.append(p[TEXT])
    return out


def expression(template: str, **values: str) -> dict:
    """A text a chart computes as it is drawn: a template and each of its values as a Vega expression."""
    return {TEMPLATE: template, VALUES: values}


def vega(template: str, values: dict[str, str]) -> str:
    """The Vega expression that fills `template` with `values` (each a Vega expression)."""
    said = []
    for literal, name, _, _ in Formatter().parse(template):
        if literal:
            said.append(json.dumps(literal, ensure_ascii=False))
        if name:
            said.append(f"({values[name]})")
    return " + ".join(said)
