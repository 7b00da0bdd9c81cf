"""A chart card's words from its data in another language: each piece glued with the card (charts.words) said from its
catalog (a data word from data.po through translation.datawords, a partner's name, the edition's own word or template
from charts.po with the chart's name as context, a value from the text the kernel wrote in the language), then put in
place of the English text in the chart's data, its scales' domains and sort orders, its computed labels and its data
table. A piece with no current translation (or a template one of whose parts has none) stays English: it is reported,
and the card marks it `lang="en"`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import StringIO

import pandas as pd
from babel.messages.catalog import Catalog

from multivector.charts import words as w
from multivector.translation import catalogs, datawords
from multivector.translation.blocks import LETTERS

# Spec keys whose lists hold data values (a colour scale's domain, a facet's order), not words of the edition.
VALUE_LISTS = ("domain", "sort")
CALCULATE, AS = "calculate", "as"


@dataclass
class Sayer:
    """Says a card's pieces in `lang`; `left` gathers the English texts kept for want of a current translation."""

    lang: str
    name: str
    texts: Catalog
    data: datawords.Words
    left: list[str] = field(default_factory=list)

    def template(self, template: str) -> str | None:
        found = catalogs.look_up(self.texts, template, self.name)
        if found.status != catalogs.OK or w.fields(found.text) != w.fields(template):
            self.left.append(template)
            return None
        return found.text

    def said(self, piece: dict) -> str | None:
        """The piece in the language, or None if it (or a part of it) has no current translation."""
        english = piece[w.TEXT]
        if w.TEXTS in piece:
            return piece[w.TEXTS].get(self.lang)
        if w.ITEMS in piece:
            items = [self.said(p) for p in piece[w.ITEMS]]
            return None if None in items else w.LIST_SEPARATOR.join(items)
        if w.TEMPLATE in piece:
            parts = {k: self.said(p) for k, p in piece[w.VALUES].items()}
            template = self.template(piece[w.TEMPLATE])
            return None if template is None or None in parts.values() else template.format(**parts)
        if w.PARTNER in piece:
            text = self.data.partner(piece[w.PARTNER], english)
            if text == english and LETTERS.search(english):
                self.left.append(english)
                return None
            return text
        if w.DATA in piece:
            found = self.data.found(*piece[w.DATA], english)
        else:
            found = catalogs.look_up(self.texts, english, self.name)
        if found.status != catalogs.OK:
            self.left.append(english)
            return None
        return found.text

    def swaps(self, pieces: dict[str, dict]) -> tuple[dict[str, str], frozenset[str]]:
        """Each English text of `pieces` with its text in the language; the English ones kept."""
        out = {english: self.said(piece) for english, piece in pieces.items()}
        return {e: t if t is not None else e for e, t in out.items()}, frozenset(e for e, t in out.items() if t is None)


def in_spec(spec: dict, swap: dict[str, str]) -> dict:
    """`spec` (a copy) with each data value of `swap` replaced: in its datasets' rows and its value lists."""

    def walk(node, key=None):
        if isinstance(node, list):
            inside = key in VALUE_LISTS
            return [swap.get(n, n) if inside and isinstance(n, str) else walk(n) for n in node]
        if not isinstance(node, dict):
            return node
        if key in ("datasets", "values") or key == "data" and isinstance(node.get("values"), list):
            return {k: [rows(r) for r in v] if isinstance(v, list) else walk(v, k) for k, v in node.items()}
        return {k: walk(v, k) for k, v in node.items()}

    def rows(row):
        return (
            {k: swap.get(v, v) if isinstance(v, str) else v for k, v in row.items()} if isinstance(row, dict) else row
        )

    return walk(spec)


def computed(spec: dict, expressions: dict[str, dict], sayer: Sayer) -> dict:
    """`spec` with each computed text of `expressions` (by the field it is computed into) filled from its template in
    the language; an expression whose template has no current translation keeps the English one."""
    english = {f: w.vega(e[w.TEMPLATE], e[w.VALUES]) for f, e in expressions.items()}

    def walk(node):
        if isinstance(node, list):
            return [walk(n) for n in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v) for k, v in node.items()}
        field_name = out.get(AS)
        if CALCULATE in out and field_name in expressions and out[CALCULATE] == english[field_name]:
            template = sayer.template(expressions[field_name][w.TEMPLATE])
            if template is not None:
                out[CALCULATE] = w.vega(template, expressions[field_name][w.VALUES])
        return out

    return walk(spec) if expressions else spec


def in_table(table: pd.DataFrame, swap: dict[str, str], column) -> pd.DataFrame:
    """The data table with each text of `swap` replaced and its columns' names said by `column(name)`."""
    out = table.copy()
    for c in out.columns:
        if pd.api.types.is_object_dtype(out[c]) or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(lambda v: swap.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns=lambda c: column(str(c)))


def messages(parts: dict) -> list[str]:
    """A card's texts from its data that charts.po translates: the edition's own words and templates, the computed
    texts' templates and the data table's column names."""
    said = w.messages((parts.get("words") or {}).values())
    said += [e[w.TEMPLATE] for e in (parts.get("expressions") or {}).values()]
    table = pd.read_json(StringIO(parts["table"]), orient="table") if parts.get("table") else None
    return said + ([str(c) for c in table.columns] if table is not None else [])
