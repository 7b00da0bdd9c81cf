"""The pages that describe the build itself: its data files, what moved since the previous edition, the editions.

Sphinx renders them (site/directives.py) from the file the build hands over (site/handoff.py).
"""

from __future__ import annotations

import re

from multivector import text
from multivector.engine.comparison import compare
from multivector.site import parts
from multivector.translation.interface import APPENDIX_WORDS, sentence


def sayer(words: dict):
    """The appendices' own words (interface.APPENDIX_WORDS, by key) as `words` (the page's language) give them, as
    HTML with their values filled in, escaped."""
    return lambda key, **values: parts.fill(sentence(words, APPENDIX_WORDS[key]), **values)


def data_sources_html(descriptor: dict, version: str, fingerprint: str, words: dict | None = None) -> str:
    """One entry per data resource: provenance, licence, checksum, columns and a download link; `words` translate the
    page's own words (the data's are the data package's)."""
    return parts.render(
        "data-sources.html",
        resources=descriptor["resources"],
        version=version,
        fingerprint=fingerprint,
        say=sayer(words or {}),
        code=parts.code,
    )


def what_changed_markdown(diff: dict) -> str:
    """engine.comparison.compare(previous, this) as MyST: the summary, then one table per kind of change."""
    if diff["first"]:
        return "This is the first edition built into this folder: there is no earlier edition to compare with."
    # A heading of its own: the directive's sections are placed in order, any text outside them after the last one.
    out = ["## Summary", "", *(f"- {text.markdown(line)}" for line in diff["summary"]), ""]
    out += _table(
        "Figures",
        ("figure", "shown in", "previous", "now", "difference"),
        [
            (r["figure"], ", ".join(r["sections"]), _shown(r["old"]), _shown(r["new"]), r["difference"] or "")
            for r in diff["figures"]
        ],
    )
    out += _table(
        "Claims whose status changed",
        ("claim", "previous", "now", "why"),
        [(r["claim"], _shown(r["old"]), _shown(r["new"]), r["why"]) for r in diff["claims"]],
    )
    out += _table(
        "Parameters",
        ("parameter", "previous", "now"),
        [(r["parameter"], _shown(r["old"]), _shown(r["new"])) for r in diff["params"]],
    )
    if diff["resources"]:
        out += ["## Data files whose checksum changed", "", "| data file | previous sha256 | now |", "|---|---|---|"]
        out += [
            f"| {text.markdown(d['resource'])} | {_digest(d['old'])} | {_digest(d['new'])} |" for d in diff["resources"]
        ] + [""]
    return "\n".join(out).rstrip()


def _table(title: str, header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    """A titled MyST table, every cell escaped; nothing when there are no rows."""
    if not rows:
        return []
    lines = [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(text.markdown(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _shown(value) -> str:
    """A side of a comparison; None where that edition does not have it."""
    return "(none)" if value is None else str(value)


def _digest(value) -> str:
    """The start of a checksum ('sha256:' left out), or a dash for a file one edition lacks."""
    return text.code(str(value).partition(":")[2][:12]) if value else "(none)"


def editions_markdown(earlier: list[dict], this: dict) -> str:
    """The Editions page as MyST: a table of the editions up to this one, then what changed from each to the next.

    `earlier` and `this` are {"edition": Edition.facts(), "facts": edition.summary(...) or None}, oldest first.
    """
    every = [*earlier, this]
    rows = ["| edition | reference year | data package | fingerprint | built |", "|---|---|---|---|---|"]
    for entry in every:
        ed = entry["edition"]
        name = f"**{text.markdown(ed['id'])}** (this edition)" if entry is this else text.markdown(ed["id"])
        rows.append(
            f"| {name} | {text.markdown(ed['year'])} | {text.markdown(ed['version'])} | {text.code(ed['fingerprint'])} | {text.markdown(ed['built'])} |"
        )
    out = [
        f"This edition is the {_ordinal(len(every))} published into its output folder. Each edition stays "
        "online at its own permanent address, `editions/<id>/` under the site's root; the root itself serves the "
        "latest edition. Editions published after this one are listed on the Editions page of the latest edition.",
        "",
        *rows,
        "",
    ]
    # Rubrics, not sections: a directive's sections would land before the table, ahead of the nodes it returns.
    for before, after in zip(every, every[1:], strict=False):
        out += [
            f"```{{rubric}} From {text.markdown(before['edition']['id'])} to {text.markdown(after['edition']['id'])}",
            "```",
            "",
        ]
        if before["facts"] is None:
            out += [
                f"The facts of edition {text.markdown(before['edition']['id'])} could not be read, so this comparison is "
                "missing.",
                "",
            ]
            continue
        # The comparison's own headings become bold lines under each pair's rubric.
        out += [
            re.sub(r"^## (.*)$", r"**\1**", line)
            for line in what_changed_markdown(compare(before["facts"], after["facts"])).splitlines()
        ] + [""]
    return "\n".join(out)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
