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

# Section notebooks in reading order; the stem is the page's stable address.
SECTIONS = (
    "summary",
    "introduction",
    "multi_vectorism",
    "economic_limits",
    "political_limits",
    "geopolitical_limits",
    "conclusions",
)

# Appendix notebooks, executed like the sections: they compute what they show.
APPENDICES = ("claims_ledger", "data_sources", "what_changed")
PAGES = SECTIONS + APPENDICES


def notebook(section: str) -> Path:
    return NOTEBOOKS / f"{section}.ipynb"
