"""The edition's languages, and every figure formatted in each (what a notebook's kernel runs; the catalogs and the
translated stage are `multivector.translation`)."""

from __future__ import annotations

# English is the edition's own language, served at the root; every other language is a folder of the site (`ru/`).
SOURCE = "en"
TRANSLATED = ("ru",)
LANGUAGES = (SOURCE, *TRANSLATED)
