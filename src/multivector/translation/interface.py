"""The book's own words outside its pages, to translate in `interface.po`: the notes a translated page shows beside an
outdated or missing paragraph, and the title and table-of-contents captions the configuration gives."""

from __future__ import annotations

from pathlib import Path

import yaml

from multivector.charts import card

OUTDATED_NOTE = "The translation of this passage was made for an earlier English text, so the English text is shown."
MISSING_NOTE = "This passage is not translated yet, so the English text is shown."
ENGLISH_LINK = "The passage on the English page"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}
SWITCH_LABEL = "Language"
NOTES = (OUTDATED_NOTE, MISSING_NOTE, ENGLISH_LINK)
# The words the book's Sphinx extension writes on every page (the switcher's label, the edition's label): a translated
# build hands their translations to Sphinx as the `multivector_words` setting (translation.stage, site.languages).
EDITION_WORDS = {"edition": "Edition", "year": "reference year", "built": "built", "version": "data package version"}
SITE_WORDS = (SWITCH_LABEL, *EDITION_WORDS.values())
WORDS_SETTING = "multivector_words"


def config_words(root: Path) -> list[str]:
    """The book's title, the table of contents' captions and the numbering of charts and tables ("Chart %s"), as the
    configuration gives them."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part["caption"] for part in toc.get("parts", []) if part.get("caption")]
    return [config["title"], *captions, *numbering(config).values()]


def numbering(config: dict) -> dict:
    """How Sphinx numbers the book's figures, tables and listings (numfig_format), by kind."""
    return dict(config.get("sphinx", {}).get("config", {}).get("numfig_format") or {})


def messages(root: Path) -> list[str]:
    return [*config_words(root), *NOTES, *SITE_WORDS, *card.FRAME_WORDS]
