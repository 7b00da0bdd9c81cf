"""The appendices' words in a page's language: the book's own (interface.po, by their English), the data package's
(data.po, through translation.datawords) and the glued figures' (figures.po), with what has no current translation
shown in English inside an element marked `lang="en"`.

`Voice` says the what-changed comparison (engine.comparison.summary, engine.claim_reasons.said) as MyST in the
page's language; comparison.PLAIN says it in English plain text for `editions diff` and the English pages.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from markupsafe import Markup

from multivector import text
from multivector.analysis.labels import FIGURES
from multivector.analysis.lineage import BN_USD, PERCENT
from multivector.engine.comparison import MINUS
from multivector.i18n import SOURCE, formatting
from multivector.i18n.plurals import Plural, choose
from multivector.site import parts
from multivector.translation import catalogs, datawords
from multivector.translation.blocks import LETTERS
from multivector.translation.interface import CATALOGS_SETTING, CHANGE_WORDS, WORDS_SETTING, sentence

# How a page in another language says the unit of a difference: CLDR's number, the edition's unit words.
UNIT_WORDS = {PERCENT: "points", BN_USD: "billions_usd"}
ENDS_SENTENCE = re.compile(r"(&#46;|&#33;|&#63;)(</span>)?$")


@dataclass
class Wording:
    """A page's language and its words; English (no catalogs) says everything as the English edition does."""

    lang: str = SOURCE
    words: dict = field(default_factory=dict)
    data: datawords.Words | None = None
    figures: Catalog | None = None

    @classmethod
    def of_sphinx(cls, config) -> Wording:
        """The words of the book Sphinx is building: a translated stage names its catalogs' folder."""
        words = getattr(config, WORDS_SETTING, {}) or {}
        root = getattr(config, CATALOGS_SETTING, "")
        lang = getattr(config, "language", None) or SOURCE
        if not root or lang == SOURCE:
            return cls(words=words)
        figures = catalogs.read(catalogs.po_file(Path(root), lang, catalogs.FIGURES), lang)
        return cls(lang, words, datawords.Words.read(Path(root), lang), figures)

    @property
    def translated(self) -> bool:
        return self.lang != SOURCE

    def say(self, english: str) -> str:
        """One of the book's own sentences in the page's language (its `{name}` places kept), or English."""
        return sentence(self.words, english)

    def has(self, english: str) -> bool:
        """Whether interface.po gives `english` a current translation."""
        return english in self.words and self.words[english] != english

    def datum(self, context: str, english) -> Markup:
        """A text of the data package (at `context` in data.po: 'datapackage/resources/partners/title') as HTML: its
        translation, or its English marked as English on a translated page."""
        if not self.translated or not isinstance(english, str):
            return parts.escape(english)
        found = self.data.found(*context.split("/", 2), english) if self.data else None
        if found is not None and found.status == catalogs.OK:
            return parts.escape(found.text)
        return self.english(english)

    def number(self, value) -> str:
        """A number from the data (a float, or the text a publication printed) in the page's number format, with the
        decimals it was given with; as given on an English page."""
        if not self.translated or value is None or isinstance(value, bool):
            return value
        try:
            digits = len(str(value).partition(".")[2])
            return formatting.number(float(value), digits, self.lang)
        except ValueError:
            return value

    def count(self, message: Plural, n) -> str:
        """`message` after the count `n` in the page's language (gettext's plural forms from interface.po)."""
        if not isinstance(n, int):  # a count the data package does not give
            return n
        forms = self.words.get(message.singular)
        said = choose(message, n, self.lang, forms if isinstance(forms, list) else None)
        return said.format(count=self.number(n))

    def english(self, english) -> Markup:
        """English text as HTML, marked as English on a translated page."""
        return parts.foreign(english, SOURCE) if self.translated else parts.escape(english)


class Voice:
    """The comparison said as MyST in the page's language (the voice engine.comparison.summary and
    engine.claim_reasons.said take): sentences from interface.po, values escaped, English marked `lang="en"`."""

    def __init__(self, wording: Wording):
        self.w = wording
        self.lang = wording.lang

    def fill(self, template: str, **values) -> str:
        """`template` in the page's language, its words escaped for MyST and its `{name}`s filled with `values`
        (MyST already)."""
        out = []
        for literal, name, _, _ in string.Formatter().parse(self.w.say(template)):
            out.append(text.markdown(literal) if literal else "")
            if name is not None:
                out.append(str(values[name]))
        return "".join(out)

    def count(self, message: Plural, n: int) -> str:
        forms = self.w.words.get(message.singular)
        said = choose(message, n, self.lang, forms if isinstance(forms, list) else None)
        return "".join(
            (text.markdown(literal) if literal else "") + (formatting.number(n, lang=self.lang) if name else "")
            for literal, name, _, _ in string.Formatter().parse(said)
        )

    def value(self, value) -> str:
        return self.none() if value is None else text.markdown(value)

    def none(self) -> str:
        """What a side of a comparison says where that edition has nothing."""
        return text.markdown(self.w.say(CHANGE_WORDS["none"]))

    def label(self, label: str) -> str:
        return text.markdown(self.w.say(label)) if self.w.has(label) else self.foreign(label)

    def name(self, name: str) -> str:
        return text.code(name)

    def unit(self, unit: str) -> str:
        if unit in UNIT_WORDS:
            return text.markdown(formatting.unit(UNIT_WORDS[unit], self.lang))
        return self.label(unit)

    def difference(self, row: dict) -> str:
        """new − old in the page's number format, with the unit the language gives a change in per cent or in bn
        USD; a count's difference is the number alone (the label says what it counts)."""
        change, digits = row["change"], row.get("digits") or 0
        sign = "+" if change > 0 else MINUS if change < 0 else "±"
        number = formatting.number(abs(change), digits, self.lang)
        unit = UNIT_WORDS.get(row["unit"])
        return text.markdown(sign + number + (formatting.NBSP + formatting.unit(unit, self.lang) if unit else ""))

    def join(self, separator: str, items: list[str]) -> str:
        return text.markdown(separator).join(items)

    def data(self, resource: str, column: str, key, english: str) -> str:
        found = self.w.data.found(resource, column, key, english) if self.w.data else None
        if found is not None and found.status == catalogs.OK:
            return text.markdown(found.text)
        return self.foreign(english)

    def foreign(self, english) -> str:
        return text.marked_markdown(english, SOURCE)

    def sentence(self, said: str) -> str:
        said = said.strip()
        return said[:1].upper() + said[1:] + ("" if ENDS_SENTENCE.search(said) else text.markdown("."))

    def figure(self, row: dict, side: str) -> str:
        """One side ('old', 'new') of a figure's row: its text in the page's language as the kernel formatted it, a
        word figure's translation in figures.po (under the glue names of its label), or its English, marked."""
        english = row[side]
        if english is None:
            return self.none()
        given = (row.get("texts") or {}).get(side) or {}
        if self.lang in given:
            return text.markdown(given[self.lang])
        if not LETTERS.search(english):
            return text.markdown(english)
        for name in FIGURES.get(row["figure"], ()) if self.w.figures else ():
            found = catalogs.look_up(self.w.figures, english, name)
            if found.status == catalogs.OK:
                return text.markdown(found.text)
        return self.foreign(english)
