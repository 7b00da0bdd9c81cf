"""Each section's figures, by the section's name: the one table the pages, the build's facts and the tests read.

A section's figures are `analysis/sections/<section>.py`'s `figures(ds, p)`: {glue name: Figure} for the Dataset and
the validated parameters, found by the section's name, so that a new section needs no line here. Every section of
`multivector.sections` has its module, checked at import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from multivector import sections
from multivector.analysis import sections as section_modules
from multivector.analysis.lineage import Figure
from multivector.data.dataset import Dataset

FiguresOf = Callable[[Dataset, dict], dict[str, Figure]]


def registered(table: dict[str, FiguresOf]) -> dict[str, FiguresOf]:
    """`table` once each of its names is a section (one of sections.SECTIONS) and every section has its row."""
    for name in table:
        sections.get(name)
    unregistered = [s for s in sections.SECTIONS if s not in table]
    if unregistered:
        raise ImportError(f"figures: no figures function registered for section(s) {', '.join(unregistered)}")
    return table


def _figures_of(name: str) -> FiguresOf | None:
    """`figures` of the section module named `name`, or None if there is no such module."""
    module = f"{section_modules.__name__}.{name}"
    try:
        return importlib.import_module(module).figures
    except ModuleNotFoundError as err:
        if err.name != module:
            raise  # the module exists but imports something missing: say that, not "no figures"
        return None


BY_SECTION: dict[str, FiguresOf] = registered({n: f for n in sections.SECTIONS if (f := _figures_of(n))})


def of_page(name: str, ds: Dataset, p: dict) -> dict[str, Figure]:
    """The figures a page's prose quotes: its section's, or none for an appendix."""
    if name in sections.SECTIONS:
        return BY_SECTION[name](ds, p)
    if name in sections.APPENDICES:
        return {}
    raise ValueError(f"unknown page {name!r}; expected one of {', '.join(sections.PAGES)}")
