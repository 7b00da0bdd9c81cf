"""Every path the project uses, anchored on the repository root."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
BIBLIOGRAPHY = BOOK / "references.bib"
CONFIG = ROOT / "_config.yml"
TOC = ROOT / "_toc.yml"
CITATION = ROOT / "CITATION.cff"
BUILD = ROOT / "_build"
SITE = BUILD / "html"
CACHE = BUILD / "cache"

DATAPACKAGE = "datapackage.json"
# Beside it in the data folder: each version of the package and what changed (data update and data build write it).
DATA_CHANGELOG = "CHANGELOG.md"
# The environment variable through which the build tells the notebooks the day it was built.
BUILD_DATE_ENV = "MULTIVECTOR_BUILD_DATE"
# The environment variable through which the build names to its notebooks the data package it has validated in full:
# a notebook that loads that very package skips the frictionless pass (validate.checked).
CHECKED_PACKAGE_ENV = "MULTIVECTOR_CHECKED_PACKAGE"
# The environment variable through which the build names to its notebooks the folder of chart pictures it keeps: a
# picture drawn before from the same spec is read from there instead of drawn again (charts.pictures.kept_in).
PICTURES_ENV = "MULTIVECTOR_PICTURES"
# ... and the folder of link previews' PNGs (site.head.preview_image): a notebook draws its first chart's there, with
# the drawing engine it has started already, so that Sphinx finds it drawn.
PREVIEWS_ENV = "MULTIVECTOR_PREVIEWS"

# Written by the build into every edition's site: the facts the edition was built from and shows (edition.summary).
EDITION_FILE = "_edition.json"
# The key of our entries in a notebook output's metadata: a glued figure's LINEAGE (analysis.lineage.Figure, read by
# site.lineage_html) and the run card's RESOURCES, each data resource the page read with its digest as the page read it
# (data.Dataset.digests; notebook.page.Page.run_card; the cache keys on them).
METADATA_KEY = "multivector"
LINEAGE = "lineage"
# A glued figure's text in the edition's other languages, by language (analysis.lineage.Figure, translation.notebooks).
TEXTS = "texts"
# A glued sentence made from values (i18n.sentences.Sentence: its template and each value in every language), which
# the translated stage says again from its catalog (analysis.lineage.Figure, translation.notebooks).
SENTENCE = "sentence"
# A glued chart key made from values (charts.phrases.Phrase's data, with its chart's name), said again from charts.po.
PHRASE = "phrase"
RESOURCES = "resources"
# A glued chart card's parts (spec, table, source, description), which the translated stage draws the card from again
# in its language (charts.card.Card, translation.cards).
CARD = "card"
# The parts of what a notebook prints besides charts (claims tables, source lists, the run card), which the translated
# stage prints again in its language (notebook.printed, translation.outputs).
PRINTED = "printed"
# Written by the build into the folder Jupyter Book builds: the data, facts and previous edition the pages describe.
HANDOFF = "_multivector_build.json"
# The site key, written into the published site and its stage after a build: equal keys mean nothing to do.
BUILD_KEY = "_build_key"
# The proof, in the stage, that a build with the same inputs has nothing to do (engine.unchanged).
UNCHANGED_PROOF = "_unchanged.json"
# The translations' catalogs, in a book's folder (the sphinx-intl layout: LOCALES/<lang>/LC_MESSAGES/*.po).
LOCALES = "locales"
# The translated stages' folder, inside the English stage.
TRANSLATED_STAGES = "_translations"
# The site root's sitemap index and robots.txt (site.sitemaps writes them; a translated edition has none of its own).
SITEMAP_INDEX, ROBOTS = "sitemap-index.xml", "robots.txt"


def notebook(section: str) -> Path:
    return NOTEBOOKS / f"{section}.ipynb"


def page(name: str) -> str:
    """A page's name in the built site (Sphinx's docname), e.g. 'notebooks/summary': its address without .html."""
    return f"{NOTEBOOKS.name}/{name}"
