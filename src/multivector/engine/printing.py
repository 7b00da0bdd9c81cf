"""The book and each section printed as PDFs into the staged site, by `multivector.tools.pdf` in a process of its own
(Playwright's sync API cannot run inside a caller's event loop, a test's browser included)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from multivector.engine import processes
from multivector.engine.report import BuildError, Reporter
from multivector.tools import pdf


def print_pdfs(site: Path, report: Reporter) -> None:
    """Print the staged `site` into its pdf/ folder, reporting how many PDFs; a failure is refused as a BuildError
    naming the printer's last words."""
    started = time.perf_counter()
    command = [sys.executable, "-m", pdf.__name__, str(site), "--out", str(site / pdf.PDF_DIR)]
    with processes.spawning():
        proc = subprocess.Popen(
            [*command, "--parent", str(os.getpid())], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    try:
        said, failed = proc.communicate()
    finally:
        processes.kill_tree(proc.pid)
    if proc.returncode != 0:
        reason = failed.strip().splitlines()[-1] if failed.strip() else f"it exited with status {proc.returncode}"
        raise BuildError("print PDFs", reason.removeprefix("error: "), keep=site)
    seconds = time.perf_counter() - started
    count = len(said.strip().splitlines())
    report("pdf", f"  printed {count} PDFs with Chromium in {seconds:.0f} s", pdfs=count)
