"""An analyst can run a section notebook the way Jupyter users do: nbconvert (and JupyterLab) are installed."""

from __future__ import annotations

import subprocess
import sys

import nbformat

from multivector import paths


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
    assert source.read_bytes() == before  # never executed in place


def test_jupyterlab_is_installed_in_the_pinned_environment():
    done = subprocess.run(
        [sys.executable, "-m", "jupyterlab", "--version"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip()[0].isdigit(), done.stderr
