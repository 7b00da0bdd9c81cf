"""Each section's figures, by the section's name: the one table the pages, the build's facts and the tests read.

A section's figures are `analysis/sections/<section>.py`'s `figures(ds, p)`: {glue name: Figure} for the Dataset and
the validated parameters. Every section of `multivector.sections` has its row, checked at import.
"""

from __future__ import annotations

from collections.abc import Callable

from multivector import sections
from multivector.analysis.lineage import Figure
from multivector.analysis.sections import (
    conclusions,
    economic_limits,
    geopolitical_limits,
    introduction,
    multi_vectorism,
    political_limits,
    summary,
)
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


BY_SECTION: dict[str, FiguresOf] = registered(
    {
        "summary": summary.figures,
        "introduction": introduction.figures,
        "multi_vectorism": multi_vectorism.figures,
        "economic_limits": economic_limits.figures,
        "political_limits": political_limits.figures,
        "geopolitical_limits": geopolitical_limits.figures,
        "conclusions": conclusions.figures,
    }
)


def of_page(name: str, ds: Dataset, p: dict) -> dict[str, Figure]:
    """The figures a page's prose quotes: its section's, or none for an appendix."""
    if name in sections.SECTIONS:
        return BY_SECTION[name](ds, p)
    if name in sections.APPENDICES:
        return {}
    raise ValueError(f"unknown page {name!r}; expected one of {', '.join(sections.PAGES)}")
