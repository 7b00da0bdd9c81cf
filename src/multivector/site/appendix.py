"""The pages that describe the build itself: its data files, what moved since the previous edition, the editions.

Sphinx renders them (site/directives.py) from the file the build hands over (site/handoff.py).
"""

from __future__ import annotations

import re

from multivector import sections, text
from multivector.engine.facts import compare
from multivector.site import parts


def data_sources_html(descriptor: dict, version: str, fingerprint: str) -> str:
    """One entry per data resource: provenance, licence, checksum, columns and a download link."""
    return parts.render(
        "data-sources.html", resources=descriptor["resources"], version=version, fingerprint=fingerprint
    )


def _leading_number(text) -> float | None:
    m = re.match(r"\s*([+-]?[0-9][0-9,]*\.?[0-9]*)", str(text or ""))
    try:
        return float(m.group(1).replace(",", "")) if m else None
    except ValueError:
        return None


def what_changed_markdown(diff: dict) -> str:
    """edition.compare(previous, this) as MyST: one table per kind of change."""
    if diff["first"]:
        return "This is the first edition built into this folder: there is no earlier edition to compare with."
    if not any(diff[k] for k in ("figures", "claims", "resources", "params")):
        return "Nothing changed: the data, parameters, key figures and claim statuses equal the previous edition's."
    out = []
    if diff["params"]:
        out += ["## Parameters", "", "| parameter | previous | now |", "|---|---|---|"]
        out += [
            f"| {text.markdown(d['parameter'])} | {text.markdown(d['old'])} | {text.markdown(d['new'])} |"
            for d in diff["params"]
        ] + [""]
    if diff["resources"]:
        out += ["## Data files whose checksum changed", "", "| resource | previous sha256 | now |", "|---|---|---|"]
        out += [
            f"| {text.markdown(d['resource'])} | {text.code(str(d['old'])[7:19])} | {text.code(str(d['new'])[7:19])} |"
            for d in diff["resources"]
        ] + [""]
    if diff["figures"]:
        out += ["## Key figures", "", "| page | figure | previous | now | difference |", "|---|---|---|---|---|"]
        for d in diff["figures"]:
            a, b = _leading_number(d["old"]), _leading_number(d["new"])
            delta = f"{b - a:+,.2f}" if a is not None and b is not None else ""
            out.append(
                f"| {text.markdown(sections.label(d['section']))} | {text.markdown(d['figure'])} | {text.markdown(d['old'])} "
                f"| {text.markdown(d['new'])} | {text.markdown(delta)} |"
            )
        out.append("")
    if diff["claims"]:
        out += ["## Claims whose status changed", "", "| claim | previous | now |", "|---|---|---|"]
        out += [
            f"| {text.markdown(d['claim'])} | {text.markdown(d['old'])} | {text.markdown(d['new'])} |"
            for d in diff["claims"]
        ]
    return "\n".join(out)


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
