"""A build's job: its settings, what its steps hand on to the next, and its Jupyter Book process."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from multivector.engine import bookrun, cache
from multivector.engine.report import Reporter


@dataclass
class Job:
    """One build's settings, and what its steps hand on to the next."""

    values: dict
    out: Path
    root: Path
    cache: Path
    force: bool
    report: Reporter
    base_url: str | None  # as given (None: html.baseurl), then as checked by steps.run ('' if none)
    pdf: bool = False
    started: float = field(default_factory=time.perf_counter)
    facts: dict = field(default_factory=dict)
    ran: int = 0
    inputs: cache.Inputs | None = None
    book: bookrun.Book | None = None
    code: tuple[str, str] | None = None  # the package's and libraries' hashes (keys.code_now), taken as it starts
    read: str | None = None  # the digest of what it reads, taken as it starts (engine.unchanged)
    warnings: list[str] = field(default_factory=list)  # what the check found the data leave out

    def jupyter_book(self) -> bookrun.Book:
        """Jupyter Book's process, loading (each language's run is forked from it), started now if it is not."""
        if self.book is None:
            self.book = bookrun.Book.for_output(self.root, self.cache, self.out)
            if discarded := self.book.discarded:
                self.report("cache", f"  discarded a damaged cache file: {discarded}", discarded=discarded)
        return self.book

    def close(self) -> None:
        """Stop Jupyter Book's process, and all it started, if it is running."""
        if self.book is not None:
            self.book.close()
