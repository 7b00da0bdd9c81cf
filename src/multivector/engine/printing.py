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
from multivector.translation.interface import PDF_WORDS


def print_pdfs(site: Path, report: Reporter, page_words: str = PDF_WORDS["page"]) -> None:
    """Print the staged `site` into its pdf/ folder, reporting how many PDFs; a failure is refused as a BuildError
    naming the printer's last words. `page_words`: the footer's "page {page} of {pages}" in the site's language."""
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        pdf.__name__,
        str(site),
        "--out",
        str(site / pdf.PDF_DIR),
        "--page-words",
        page_words,
    ]
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
    where = "" if page_words == PDF_WORDS["page"] else f" in '{site.name}'"
    report("pdf", f"  printed {count} PDFs{where} with Chromium in {seconds:.0f} s", pdfs=count)
