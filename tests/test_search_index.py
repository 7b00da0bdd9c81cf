"""Sphinx's search index stems words with the C build of the Snowball algorithms (PyStemmer), and those stems are the
ones snowballstemmer's own Python gives: the index a reader searches is the same, built in less time."""

from __future__ import annotations

import re

import snowballstemmer
import Stemmer
from snowballstemmer import porter_stemmer, russian_stemmer

from multivector import paths

PAPER = paths.ROOT.parent / "shared" / "source" / "fiia-bp429.txt"
BOOK_TEXT = [*sorted((paths.ROOT / "book").glob("*.md")), *sorted((paths.ROOT / "locales").rglob("*.po"))]


def _words() -> set[str]:
    texts = [p.read_text(encoding="utf-8") for p in BOOK_TEXT]
    if PAPER.is_file():
        texts.append(PAPER.read_text(encoding="utf-8"))
    return {w for text in texts for w in re.findall(r"\w+", text.lower())}


def test_snowballstemmer_hands_sphinx_the_c_stemmer():
    # Sphinx's English and Russian indexes ask snowballstemmer.stemmer for 'porter' and 'russian'.
    assert snowballstemmer.stemmer is Stemmer.Stemmer
    assert isinstance(snowballstemmer.stemmer("porter"), Stemmer.Stemmer)


def test_the_c_stemmer_gives_every_word_of_the_book_the_stem_the_python_one_gives():
    words = _words()
    assert len(words) > 2000 and any(re.search("[а-я]", w) for w in words)
    for name, python in (("porter", porter_stemmer.PorterStemmer()), ("russian", russian_stemmer.RussianStemmer())):
        c = Stemmer.Stemmer(name)
        assert [w for w in sorted(words) if c.stemWord(w) != python.stemWord(w)] == [], name
