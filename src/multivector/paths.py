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
# The environment variable through which the build tells the notebooks the day it was built.
BUILD_DATE_ENV = "MULTIVECTOR_BUILD_DATE"

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

# Appendices. The claims ledger is a notebook executed like the sections. The others describe the build
# itself (its data files, what moved since the previous edition, the editions): they are MyST pages in notebooks/ whose
# directives Sphinx fills in from the file the build hands over, so no kernel starts for them.
APPENDICES = ("claims_ledger", "data_sources", "what_changed", "editions")
PAGES = SECTIONS + APPENDICES
EXECUTED = SECTIONS + ("claims_ledger",)
# Written by the build into the folder Jupyter Book builds: the data, facts and previous edition the pages describe.
HANDOFF = "_multivector_build.json"


def notebook(section: str) -> Path:
    return NOTEBOOKS / f"{section}.ipynb"


def page(name: str) -> str:
    """A page's name in the built site (Sphinx's docname), e.g. 'notebooks/summary': its address without .html."""
    return f"{NOTEBOOKS.name}/{name}"


def section_of(docname: str) -> str | None:
    """The section a Sphinx docname is the page of, or None."""
    return next((s for s in SECTIONS if page(s) == docname), None)
