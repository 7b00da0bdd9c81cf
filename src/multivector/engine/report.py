"""What a build tells its user: its progress as it goes, the line it ends with, and the failure that stops it."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path


class BuildError(RuntimeError):
    """A build step failed; the message names the step, and the published site was left as it was."""

    def __init__(self, step: str, message: str, keep: Path | None = None):
        self.step = step
        self.keep = keep
        super().__init__(
            f"Build failed at step '{step}': {message}"
            + (f"\nKept for inspection: {keep}" if keep else "")
            + "\nThe published site was not changed."
        )


@dataclass
class Reporter:
    """Progress a person can follow, or JSON lines for a machine, or nothing."""

    quiet: bool = False
    as_json: bool = False
    events: list = field(default_factory=list)

    def __call__(self, kind: str, message: str, **extra) -> None:
        record = {"event": kind, "message": message, **extra}
        self.events.append(record)
        if self.as_json:
            print(json.dumps(record), flush=True)
        elif not self.quiet or kind in ("error",):
            print(message, file=sys.stderr if kind == "error" else sys.stdout, flush=True)

    def unchanged(self, out: Path, notebooks: int, seconds: float) -> None:
        """The last line of a build that found nothing to do."""
        self(
            "done",
            f"Nothing changed since the last build, so the site was left as it is ({seconds:.0f} s): "
            f"{out / 'index.html'}",
            notebooks=notebooks,
            ran=0,
            pages=None,
            seconds=round(seconds, 1),
            site=str(out),
        )

    def built(self, out: Path, notebooks: int, ran: int, pages: int, seconds: float, edition: str, at: Path) -> None:
        """The last line of a build that published edition `edition`, now at `at` and at the root of `out`."""
        self(
            "done",
            f"Built {notebooks} notebooks ({ran} ran, {notebooks - ran} reused), "
            f"{pages} pages in {seconds:.0f} s: edition {edition} at {at}, "
            f"latest edition at {out / 'index.html'}",
            notebooks=notebooks,
            ran=ran,
            pages=pages,
            seconds=round(seconds, 1),
            site=str(out),
        )


def count_pages(site: Path) -> int:
    """Pages a reader can open: the theme's template snippets under _static are not pages."""
    return sum(1 for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def changed_meanwhile(files: list[str]) -> str:
    """What a build says when data files it read changed while it ran."""
    return (
        f"{' and '.join(files)} changed while the build was running, so its pages would mix two versions of the "
        "data; build again once the data folder is settled."
    )
