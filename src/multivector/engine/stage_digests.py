"""What a stage of the book holds for Sphinx, as digests: what engine.incremental compares to decide whether Sphinx
may reuse its environment, which pages it must read again and whether it must write every page.

Sphinx follows the text of each page itself. What it cannot follow is digested here: each file that is not a page,
every page's headings and targets, each page another page pastes glue from, and what every page shows of the
build's handoff (site.handoff.every_page).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from babel.messages.mofile import read_mo

from multivector import paths
from multivector.engine import bookrun
from multivector.engine.publish import STAGE_MARKER
from multivector.site import handoff

OUTPUT = "_build"
# What a stage holds besides the book's sources, which Sphinx does not read: its output, Jupyter Book's log, the
# stage's marker and key, the translated stages; and, beside each executed notebook, its kernel's chatter.
NOT_SOURCES = (OUTPUT, bookrun.Book.LOG, STAGE_MARKER, paths.BUILD_KEY, paths.TRANSLATED_STAGES)
NOT_READ = (".log",)
PAGES = (".md", ".ipynb")
# A heading (ATX: `# Title`) or a target (`(label)=`) at the start of a line of Markdown.
HEADING = re.compile(r"^ {0,3}(?:#{1,6}\s.*|\([^)\s]+\)=)\s*$", re.MULTILINE)
# Glue pasted from another page: {glue}`path::key`, {glue:text}`path::key:format`.
PASTED = re.compile(r"\{glue(?::\w+)?\}`([^`]+?)::")
# The digest of a page another page pastes glue from, keyed by both (matched back by PASTING).
PASTES = "the page {page} pastes glue from ({target})"
PASTING = re.compile(r"^the page (.+) pastes glue from \(.+\)$")
# The digest of what every page shows of the handoff (site.handoff.every_page): when it changes, every page is
# written again; when only the rest of the handoff changes, only the appendices that read it are.
EVERY_PAGE = f"what every page shows of {paths.HANDOFF}"


def digests(stage: Path) -> dict[str, str]:
    """What Sphinx cannot follow page by page in the staged sources: each file that is not a page, what every page
    shows of the handoff, every page's headings and targets, and each page another page pastes glue from."""
    files = sorted(sources(stage))
    pages = [f for f in files if f.suffix in PAGES]
    found = {f"{f.relative_to(stage).as_posix()}": _digest(f) for f in files if f.suffix not in PAGES}
    if paths.HANDOFF in found:
        found[EVERY_PAGE] = _every_page(stage / paths.HANDOFF)
    marks = "\n".join(f"{p.relative_to(stage).as_posix()}: {m}" for p in pages for m in HEADING.findall(markdown_of(p)))
    found["a page's headings or targets"] = hashlib.sha256(marks.encode()).hexdigest()
    for page in pages:
        for target in PASTED.findall(markdown_of(page)):
            source = page.parent / target
            found[PASTES.format(page=page.relative_to(stage).as_posix(), target=target)] = (
                sha(source) if source.is_file() else "missing"
            )
    return found


def sources(folder: Path):
    """The book's sources in a stage: everything in it but NOT_SOURCES (so a kind of file the stage gains is copied,
    and keys a fresh run, without a change here)."""
    for path in sorted(folder.iterdir()):
        if path.name in NOT_SOURCES:
            continue
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        yield from (p for p in found if p.suffix not in NOT_READ)


def markdown_of(page: Path) -> str:
    """A page's Markdown: a notebook's markdown cells and the Markdown its outputs show (MyST-NB parses both)."""
    raw = page.read_text(encoding="utf-8", errors="replace")
    if page.suffix != ".ipynb":
        return raw
    try:
        cells = json.loads(raw)["cells"]
    except (ValueError, KeyError, TypeError):
        return raw
    parts = []
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            parts.append(_joined(cell.get("source")))
        for output in cell.get("outputs", []):
            parts.append(_joined((output.get("data") or {}).get("text/markdown")))
    return "\n".join(parts)


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _every_page(path: Path) -> str:
    """The digest of what every page shows of the handoff at `path` (site.handoff.every_page)."""
    try:
        shown = handoff.every_page(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # not the build's: every page is written
        return sha(path)
    return hashlib.sha256(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _digest(path: Path) -> str:
    """A file's sha256; a compiled catalog's, of its messages alone (its header holds the minute it was compiled)."""
    if path.suffix != ".mo":
        return sha(path)
    with path.open("rb") as f:
        messages = sorted((str(m.id), str(m.string)) for m in read_mo(f) if m.id)
    return hashlib.sha256(json.dumps(messages, ensure_ascii=False).encode()).hexdigest()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sha_all(files) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()
