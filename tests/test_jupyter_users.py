"""An analyst can run a section notebook the way Jupyter users do: nbconvert (and JupyterLab) are installed."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from multivector import paths
from multivector.engine import publish


@pytest.mark.slow
def test_a_section_notebook_runs_with_jupyter_nbconvert_into_another_folder(tmp_path):
    source = paths.notebook("multi_vectorism")
    before = source.read_bytes()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            str(source),
            "--output-dir",
            str(tmp_path),
            "--output",
            "multi_vectorism",
            "--ExecutePreprocessor.timeout=300",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    nb = nbformat.read(tmp_path / "multi_vectorism.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs and not [o for o in outputs if o.output_type == "error"]
    assert any("mv-run-card" in o.get("data", {}).get("text/html", "") for o in outputs)
    # Under its setup cell, the analyst sees how every number of the section is made: value, formula, cells.
    setup = nb.cells[2].outputs
    table = "".join(o.get("data", {}).get("text/html", "") for o in setup)
    assert 'class="mv-figures"' in table and "russia_import_share" in table and "trade_totals.csv, line" in table
    assert source.read_bytes() == before  # never executed in place


@pytest.mark.slow
def test_the_figures_table_is_kept_off_the_site(built_site):
    stage = nbformat.read(publish.stage_dir(built_site) / "notebooks" / "multi_vectorism.ipynb", as_version=4)
    setup = next(c for c in stage.cells if "page = Page(" in c.source)  # papermill adds a parameters cell before it
    assert any('class="mv-figures"' in o.get("data", {}).get("text/html", "") for o in setup.outputs)
    for page in (built_site / "notebooks").glob("*.html"):
        assert "mv-figures" not in page.read_text(encoding="utf-8"), page.name


def test_jupyterlab_is_installed_in_the_pinned_environment():
    done = subprocess.run(
        [sys.executable, "-m", "jupyterlab", "--version"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip()[0].isdigit(), done.stderr
