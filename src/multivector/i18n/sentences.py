"""A sentence the edition makes from values (a claim's note: "Russia: exports of 18.58 bn USD in 2024"), told in every
language of the edition from the same values: its English text, the template a catalog translates under its context,
and each value in a form the translated stage can say in another language (translation.outputs):

- a number or date: its text in every language, formatted in the kernel (i18n.formatting): `each(...)`;
- a word of the data package (a claim's period, an event's label): where it lives, for data.po: `Word`;
- a partner's name: its code, for data.po or CLDR: `Partner`;
- another sentence, or a list of values joined by a separator: `Sentence`, `Listed`;
- anything else (a year): the same text in every language.

A template whose translation is missing or outdated leaves the whole sentence in English, marked as English.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter

from multivector.i18n import SOURCE, TRANSLATED

# The kinds of value a sentence's data holds (`value_data`), by the key that says which.
TEXTS, SAME, WORD, PARTNER, SENTENCE, LIST, ENGLISH = "texts", "same", "word", "partner", "sentence", "list", "en"


@dataclass(frozen=True)
class Word:
    """A text of the data package at `resource/column/key` (datawords' context), with its English."""

    resource: str
    column: str
    key: str
    english: str

    def __str__(self) -> str:
        return self.english


@dataclass(frozen=True)
class Partner:
    """A trade partner's name, by its code (datawords.Words.partner), with its English."""

    code: str
    english: str

    def __str__(self) -> str:
        return self.english


@dataclass(frozen=True)
class Listed:
    """Values said one after another, joined by `joiner` (', ' or '; ') in every language."""

    items: tuple
    joiner: str

    def __str__(self) -> str:
        return self.joiner.join(map(english, self.items))


class Sentence(str):
    """The English text of `template` filled with `values`; `context` and `template` say which catalog message it is."""

    context: str
    template: str
    values: dict

    def __new__(cls, context: str, template: str, **values):
        made = super().__new__(cls, template.format(**{k: english(v) for k, v in values.items()}))
        made.context, made.template, made.values = context, template, values
        return made

    def data(self) -> dict:
        return {
            "context": self.context,
            "template": self.template,
            "values": {k: value_data(v) for k, v in self.values.items()},
        }


def each(english_text: str, render, *args, **kwargs) -> dict[str, str]:
    """A value's text in every language: `english_text` as the edition has always printed it, and
    `render(*args, lang=…)` (an i18n.formatting function) in each translated language."""
    return {SOURCE: english_text} | {lang: render(*args, **kwargs, lang=lang) for lang in TRANSLATED}


def english(value) -> str:
    """A value's English text."""
    return value[SOURCE] if isinstance(value, dict) else str(value)


def value_data(value) -> dict:
    """A value as JSON data the translated stage reads."""
    if isinstance(value, Sentence):
        return {SENTENCE: value.data()}
    if isinstance(value, Word):
        return {WORD: [value.resource, value.column, value.key], ENGLISH: value.english}
    if isinstance(value, Partner):
        return {PARTNER: value.code, ENGLISH: value.english}
    if isinstance(value, Listed):
        return {LIST: [value_data(v) for v in value.items], "joiner": value.joiner}
    if isinstance(value, dict):
        return {TEXTS: value} if all(value.get(lang) for lang in TRANSLATED) else {ENGLISH: value[SOURCE]}
    return {SAME: str(value)}


def plain(context: str, text: str) -> Sentence:
    """A sentence with no values: its text is its template."""
    return Sentence(context, text.replace("{", "{{").replace("}", "}}"))


def english_of(data: dict) -> str:
    """The English text of a value's data (`value_data`), as the kernel printed it."""
    if SENTENCE in data:
        sentence = data[SENTENCE]
        return sentence["template"].format(**{k: english_of(v) for k, v in sentence["values"].items()})
    if TEXTS in data:
        return data[TEXTS][SOURCE]
    if SAME in data:
        return data[SAME]
    if LIST in data:
        return data["joiner"].join(english_of(v) for v in data[LIST])
    return data[ENGLISH]


def templates(data: dict) -> list[tuple[str, str]]:
    """Every (context, template) a value's data holds, its own and its values', for a catalog."""
    if SENTENCE in data:
        sentence = data[SENTENCE]
        inner = [t for v in sentence["values"].values() for t in templates(v)]
        return [(sentence["context"], sentence["template"]), *inner]
    if LIST in data:
        return [t for v in data[LIST] for t in templates(v)]
    return []


def fields(template: str) -> set[str] | None:
    """The names a template fills in; None if it cannot be read (an unbalanced brace)."""
    try:
        return {name for _, name, _, _ in Formatter().parse(template) if name is not None}
    except ValueError:
        return None
