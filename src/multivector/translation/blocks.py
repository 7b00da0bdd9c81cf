"""A page's markdown as the units a translator translates: its blocks, and the markup a translation must keep.

A block is what a blank line ends (a paragraph, a heading, a list, a table), or a whole fenced directive (a
figure with its caption, an admonition). A MyST label line (`(summary-war)=`) above a block is the page's own and is
never handed to translators; a block with nothing to read (a code fence, a directive with no words) is not either.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

FENCE = re.compile(r"^(`{3,}|:{3,})")
LABEL = re.compile(r"^\([^)\s]+\)=\s*$")
# What a translation must keep exactly: roles with their targets ({glue:text}`year`, {cite}`fiia_bp429`), link
# targets, directive lines and their options, and labels.
MARKUP = re.compile(r"\{[\w:.-]+\}`[^`]*`|\]\([^)]*\)|^(?:`{3,}|:{3,}).*$|^:[\w-]+:.*$|\$[^$]+\$", re.MULTILINE)
ROLE = re.compile(r"\{[\w:.-]+\}`([^`]*)`")
LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Block:
    """One block of a page: the labels above it (kept as they are) and its text (the message to translate)."""

    labels: str
    text: str

    @property
    def translatable(self) -> bool:
        if not self.text or self.text.startswith(("```{code", "```python", "<!--")):
            return False
        return bool(LETTERS.search(ROLE.sub("", MARKUP.sub(" ", self.text))))


def split(markdown: str) -> list[Block]:
    """The blocks of a markdown text, in order; joining them with blank lines gives the text back."""
    chunks, current, fence = [], [], None
    for line in markdown.split("\n"):
        opened = FENCE.match(line.strip())
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        if fence is None and not line.strip() and not opened:
            if current:
                chunks.append(current)
            current = []
            continue
        current.append(line)
    if current:
        chunks.append(current)
    return [_block(lines) for lines in chunks]


def _block(lines: list[str]) -> Block:
    n = 0
    while n < len(lines) and LABEL.match(lines[n].strip()):
        n += 1
    return Block("\n".join(lines[:n]), "\n".join(lines[n:]))


def join(blocks: list[str]) -> str:
    return "\n\n".join(blocks)


def markup(text: str) -> Counter:
    """The markup of a text that its translation must keep, counted (order may change with the language's syntax)."""
    return Counter(m.group(0).strip() for m in MARKUP.finditer(text))


def keeps_markup(original: str, translation: str) -> bool:
    return markup(original) == markup(translation)


def plain_words(text: str, count: int = 6) -> str:
    """The first words of a block as a reader sees them, up to its first role (whose text the page fills in), for a
    link to that paragraph (a text fragment)."""
    prose = "\n".join(line for line in text.split("\n") if not MARKUP.fullmatch(line.strip()) and line.strip())
    prose = ROLE.split(prose, maxsplit=1)[0]
    prose = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", prose)
    prose = re.sub(r"^\s*(?:[-+*]|\d+\.|#+)\s+", "", prose, flags=re.MULTILINE)
    return " ".join(re.sub(r"[*_`]", "", prose).split()[:count])
