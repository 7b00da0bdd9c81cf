"""The shape every section notebook shares: title, parameters, setup, narrative, claims, sources, run card.

Author a notebook with `python -m multivector.notebook.skeleton SPEC.py` (SPEC defines SECTION and CELLS,
a list of (kind, text, tags)); tests compare the notebooks against this shape. Outputs are never stored.
"""

from __future__ import annotations

import json
import runpy
import sys

import nbformat

from multivector import params, paths


def parameters_source() -> str:
    lines = ["# Parameters: the contract in multivector.params; papermill overrides them."]
    # As ruff formats them: strings in double quotes.
    lines += [
        f"{p.name} = {json.dumps(p.default) if isinstance(p.default, str) else repr(p.default)}"
        for p in params.CONTRACT
    ]
    return "\n".join(lines)


def setup_source(section: str, charts: bool = True) -> str:
    """The setup cell, as ruff formats it: the imports, the page, and its figures (shown as a table in JupyterLab,
    where the cell is the analyst's view of how each number is made; the site leaves the cell out)."""
    imports = ["from multivector import charts"] if charts else []
    imports.append("from multivector.notebook.page import Page")
    args = "".join(f"    {p.name}={p.name},\n" for p in params.CONTRACT)
    return "\n".join(imports) + f"\n\npage = Page(\n    {json.dumps(section)},\n{args})\npage.figures()"


def draws_charts(cells) -> bool:
    """Whether a notebook's cells draw charts (and so its setup imports them)."""
    return any(c["cell_type"] == "code" and "charts." in "".join(c["source"]) for c in cells)


def build(
    section: str, cells: list[tuple[str, str, list[str]]], closing: bool = True, charts: bool | None = None
) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    title, *rest = cells
    out = [
        nbformat.v4.new_markdown_cell(title[1]),
        nbformat.v4.new_code_cell(parameters_source(), metadata={"tags": ["parameters", "remove-cell"]}),
        nbformat.v4.new_code_cell(
            setup_source(section, any("charts." in c[1] for c in rest if c[0] != "md") if charts is None else charts),
            metadata={"tags": ["remove-cell"]},
        ),
    ]
    for kind, text, tags in rest:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        out.append(make(text, metadata={"tags": tags} if tags else {}))
    label = section.replace("_", "-")
    if closing:
        out += [
            nbformat.v4.new_markdown_cell(f"({label}-claims)=\n## Claims in this section"),
            nbformat.v4.new_code_cell("page.claims()", metadata={"tags": ["remove-input"]}),
            nbformat.v4.new_markdown_cell(f"({label}-sources)=\n## Sources"),
            nbformat.v4.new_code_cell("page.sources()", metadata={"tags": ["remove-input"]}),
        ]
    out.append(nbformat.v4.new_code_cell("page.run_card()", metadata={"tags": ["remove-input"]}))
    for i, c in enumerate(out):
        c["id"] = f"{section.replace('_', '-')}-{i}"
    nb.cells = out
    return nb


if __name__ == "__main__":
    spec = runpy.run_path(sys.argv[1])
    nb = build(spec["SECTION"], spec["CELLS"], spec.get("CLOSING", True))
    nbformat.write(nb, paths.notebook(spec["SECTION"]))
    print("wrote", paths.notebook(spec["SECTION"]))
