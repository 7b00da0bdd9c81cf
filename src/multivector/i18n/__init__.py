"""The edition's languages: formatting every figure in each, the translation catalogs, and the translated stage."""

from __future__ import annotations

# English is the edition's own language, served at the root; every other language is a folder of the site (`ru/`).
SOURCE = "en"
TRANSLATED = ("ru",)
LANGUAGES = (SOURCE, *TRANSLATED)
