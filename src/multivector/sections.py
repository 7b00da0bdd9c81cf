"""The table of the book's pages: each section's address, short name and timeline, once, in reading order.

Everything that lists or names sections reads this table: the notebooks (through `Page`), the figures registry (which
must cover every section, checked at import), the build, the appendices, the citations and the tests; the build refuses
a `_toc.yml` that lists other pages or another order. A section's title is its notebook's first `# ` heading, the one
the reader sees; `heading()` reads it from there rather than keeping a second copy here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from multivector import paths

# A notebook's title: its first `# ` heading, with the MyST label above it if there is one.
HEADING = re.compile(r"^(?:\((?P<label>[^)]+)\)=\s*\n)?# (?P<title>.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Timeline:
    """A chart of dated events on a section's page."""

    name: str  # the glue name the page's `{glue:figure}` shows
    events_of: tuple[str, ...]  # the sections whose events (events.csv's 'section' column) it draws


@dataclass(frozen=True)
class Section:
    slug: str  # the notebook's stem and the page's stable address: chosen once, never renamed
    label: str  # its short name, in tables that list several sections
    timeline: Timeline | None = None

    @property
    def notebook(self) -> Path:
        return paths.notebook(self.slug)

    @property
    def page(self) -> str:
        return paths.page(self.slug)


TABLE = (
    Section("summary", "Summary"),
    Section("introduction", "Introduction", Timeline("timeline_introduction", ("introduction",))),
    Section("multi_vectorism", "Kazakhstan's multi-vectorism"),
    Section("economic_limits", "Economic limits: transit, trade and investment"),
    Section("political_limits", "Political limits: authoritarian governance"),
    Section(
        "geopolitical_limits",
        "Geopolitical limits: Russia's posture",
        Timeline("timeline_geopolitical", ("geopolitical_limits", "introduction", "political_limits")),
    ),
    Section("conclusions", "Conclusions"),
)
BY_SLUG = {s.slug: s for s in TABLE}
SECTIONS = tuple(BY_SLUG)

# Appendices. The claims ledger is a notebook executed like the sections. The others describe the build
# itself (its data files, what moved since the previous edition, the editions): they are MyST pages in notebooks/ whose
# directives Sphinx fills in from the file the build hands over, so no kernel starts for them.
APPENDICES = ("claims_ledger", "data_sources", "what_changed", "editions")
PAGES = SECTIONS + APPENDICES
EXECUTED = SECTIONS + ("claims_ledger",)


def get(slug: str) -> Section:
    """The section called `slug`; an unknown name is an error that lists the known ones."""
    if slug not in BY_SLUG:
        raise ValueError(f"unknown section {slug!r}; expected one of {', '.join(SECTIONS)}")
    return BY_SLUG[slug]


def label(slug: str) -> str:
    """A section's short name; a name no longer in the table (an older edition's) is shown as it was recorded."""
    return BY_SLUG[slug].label if slug in BY_SLUG else slug


def of_page(docname: str) -> Section | None:
    """The section a Sphinx docname (e.g. 'notebooks/summary') is the page of, or None."""
    return next((s for s in TABLE if s.page == docname), None)


def heading(slug: str) -> tuple[str, str]:
    """(title, anchor) of a section: its notebook's first `# ` heading and the id Sphinx gives that heading."""
    from docutils.nodes import make_id

    path = get(slug).notebook
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; section '{slug}' is listed in multivector.sections")
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        match = HEADING.search("".join(cell["source"])) if cell["cell_type"] == "markdown" else None
        if match:
            title = match["title"].strip()
            # A MyST label above the heading is the stable anchor; Sphinx derives the other from the title.
            return title, make_id(match["label"] or title)
    raise ValueError(f"{path}: no markdown cell has a '# Title' heading; the first one is the section's title")


def toc_pages(toc: Path) -> list[str]:
    """The pages a table of contents (`_toc.yml`) lists, root first, in its order, read by the parser Jupyter Book
    itself uses (sphinx-external-toc), so that the book and this package never read the file two ways."""
    # Imported here for start-up time: the parser loads Sphinx (0.8 s), and every notebook's kernel imports this module.
    import yaml
    from sphinx_external_toc.parsing import MalformedError, parse_toc_yaml

    try:
        return list(parse_toc_yaml(str(toc)))
    except (MalformedError, yaml.YAMLError) as err:
        raise ValueError(" ".join(str(err).split())) from None  # one line, as every refusal


def toc_problem(toc: Path) -> str | None:
    """What is wrong with a table of contents (`_toc.yml`) that does not list this table's pages in this order, as a
    sentence naming the file; None if nothing is."""
    try:
        pages = toc_pages(toc)
    except (OSError, ValueError, TypeError) as err:
        return f"{toc} cannot be read as a Jupyter Book table of contents ({err})"
    listed = [f for f in pages if str(f).startswith(f"{paths.NOTEBOOKS.name}/")]
    expected = [paths.page(p) for p in PAGES]
    if listed == expected:
        return None
    return (
        f"{toc} lists the notebook pages {', '.join(listed) or '(none)'}; expected, in this order, "
        f"{', '.join(expected)}: the table in multivector/sections.py. Change both together."
    )
