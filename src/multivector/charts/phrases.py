"""A chart's sentence whose numbers and names are values (a takeaway subtitle, a title with its year): its English text,
the template a catalog translates ("Crude oil earned {share} of export revenue in {year}."), and each value's text in
every language of the edition (i18n.formatting) or, for a word of the data or of the edition (a partner's name, an
event's label, another phrase), its piece (charts.words), so that a translated card takes its numbers and names from
the same values, never from the English text."""

from __future__ import annotations

from multivector.charts import words
from multivector.i18n import LANGUAGES, SOURCE, TRANSLATED


class Phrase(str):
    """The English text of a template filled with its values; `template` and `values` ride along."""

    template: str
    values: dict[str, dict[str, str]]

    def __new__(cls, template: str, **values):
        # A value is its text in every language ({'en': '52.5 %', 'ru': '52,5 %'}), a piece (charts.words: a word of
        # the data or the edition, another phrase), or one text for all (a year).
        texts = {k: _value(v) for k, v in values.items()}
        made = super().__new__(cls, template.format(**{k: t.get(words.TEXT, t.get(SOURCE)) for k, t in texts.items()}))
        made.template, made.values = template, texts
        return made

    def data(self) -> dict:
        return {"text": str(self), "template": self.template, "values": self.values}


def _value(v) -> dict:
    if isinstance(v, Phrase):
        return piece(v.data())
    return v if isinstance(v, dict) else dict.fromkeys(LANGUAGES, str(v))


def piece(said: dict) -> dict:
    """A headline's piece (Phrase.data(), or a plain text's {'text': ...}) as a piece of charts.words: what the
    translated stage says in a language, values written in every language as such."""
    if words.TEMPLATE not in said:
        return words.own(said[words.TEXT])
    values = {k: v if words.TEXT in v else words.shown(v) for k, v in said[words.VALUES].items()}
    return {words.TEXT: said[words.TEXT], words.TEMPLATE: said[words.TEMPLATE], words.VALUES: values}


def shown(english: str, render, *args) -> dict[str, str]:
    """A value's text in every language: `english` as the edition has always printed it, and `render(*args, lang=…)`
    (an i18n.formatting function) in each translated language."""
    return {SOURCE: english} | {lang: render(*args, lang=lang) for lang in TRANSLATED}
