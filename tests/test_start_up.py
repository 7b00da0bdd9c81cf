"""What a process loads before it does its job: the process that runs Sphinx for every language loads Jupyter Book
and the book's extensions (engine.bookrun), and a markdown edit's rebuild waits for it, so it loads no pandas and none
of the analysis, which only the notebooks' kernels use."""

from __future__ import annotations

import json
import subprocess
import sys

from multivector import paths

NOT_FOR_SPHINX = (
    "pandas",
    "numpy",
    "multivector.data.dataset",
    "multivector.analysis.claims",
    "multivector.charts.card",
)


def test_the_process_that_runs_sphinx_loads_no_pandas_and_no_analysis():
    probe = (
        "import json, sys\nfrom pathlib import Path\nfrom multivector.engine import bookrun\n"
        f"bookrun.warm_up(Path({str(paths.ROOT)!r}))\n"
        f"print(json.dumps([m for m in {list(NOT_FOR_SPHINX)!r} if m in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
