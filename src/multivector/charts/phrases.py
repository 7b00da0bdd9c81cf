"""A chart's sentence whose numbers are values (a takeaway subtitle, a title with its year): its English text, the
template a catalog translates ("Crude oil earned {share} of export revenue in {year}."), and each value's text in every
language of the edition (i18n.formatting), so that a translated card takes its numbers from the same values, never
from the English text."""

from __future__ import annotations

from string import Formatter

from multivector.i18n import LANGUAGES, SOURCE, TRANSLATED


class Phrase(str):
    """The English text of a template filled with its values; `template` and `values` ride along."""

    template: str
    values: dict[str, dict[str, str]]

    def __new__(cls, template: str, **values):
        # A value is its text in every language ({'en': '52.5 %', 'ru': '52,5 %'}) or one text for all (a year).
        texts = {k: v if isinstance(v, dict) else dict.fromkeys(LANGUAGES, str(v)) for k, v in values.items()}
        made = super().__new__(cls, template.format(**{k: t[SOURCE] for k, t in texts.items()}))
        made.template, made.values = template, texts
        return made

    def data(self) -> dict:
        return {"text": str(self), "template": self.template, "values": self.values}


def shown(english: str, render, *args) -> dict[str, str]:
    """A value's text in every language: `english` as the edition has always printed it, and `render(*args, lang=…)`
    (an i18n.formatting function) in each translated language."""
    return {SOURCE: english} | {lang: render(*args, lang=lang) for lang in TRANSLATED}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def filled(piece: dict, translation: str, lang: str) -> str | None:
    """A piece's translated template filled with the values' texts in `lang`; None if the translation names other
    values than the English template (a lost or misspelt placeholder) or a value has no text in `lang`."""
    values = piece["values"]
    if fields(translation) != fields(piece["template"]) or any(lang not in v for v in values.values()):
        return None
    return translation.format(**{k: v[lang] for k, v in values.items()})
