"""The pages that describe the build itself: its data files, what moved since the previous edition, the editions.

Sphinx renders them (site/directives.py) from the file the build hands over (site/handoff.py).
"""

from __future__ import annotations

import re

from multivector import text
from multivector.engine.comparison import compare
from multivector.site import parts
from multivector.translation.interface import APPENDIX_WORDS, CHANGE_WORDS, sentence


def sayer(words: dict):
    """The appendices' own words (interface.APPENDIX_WORDS, by key) as `words` (the page's language) give them, as
    HTML with their values filled in, escaped."""
    return lambda key, **values: parts.fill(sentence(words, APPENDIX_WORDS[key]), **values)


def data_sources_html(descriptor: dict, version: str, fingerprint: str, words: dict | None = None) -> str:
    """One entry per data resource: provenance, licence, checksum, columns and a download link; `words` translate the
    page's own words (the data's are the data package's)."""
    return parts.render(
        "data-sources.html",
        resources=descriptor["resources"],
        version=version,
        fingerprint=fingerprint,
        say=sayer(words or {}),
        code=parts.code,
    )


def what_changed_markdown(diff: dict, words: dict | None = None) -> str:
    """engine.comparison.compare(previous, this) as MyST: the summary, then one table per kind of change; the page's
    own words as `words` (the page's language) give them."""
    say = _words(words)
    if diff["first"]:
        return say("first")
    # A heading of its own: the directive's sections are placed in order, any text outside them after the last one.
    out = [f"## {say('summary')}", "", *(f"- {text.markdown(line)}" for line in diff["summary"]), ""]
    none = say("none")
    out += _table(
        say("figures"),
        tuple(say(k) for k in ("figure", "shown_in", "previous", "now", "difference")),
        [
            (
                r["figure"],
                ", ".join(r["sections"]),
                _shown(r["old"], none),
                _shown(r["new"], none),
                r["difference"] or "",
            )
            for r in diff["figures"]
        ],
    )
    out += _table(
        say("claims"),
        tuple(say(k) for k in ("claim", "previous", "now", "why")),
        [(r["claim"], _shown(r["old"], none), _shown(r["new"], none), r["why"]) for r in diff["claims"]],
    )
    out += _table(
        say("parameters"),
        tuple(say(k) for k in ("parameter", "previous", "now")),
        [(r["parameter"], _shown(r["old"], none), _shown(r["new"], none)) for r in diff["params"]],
    )
    if diff["resources"]:
        head = f"| {say('file')} | {say('previous_sha')} | {say('now')} |"
        out += [f"## {say('files')}", "", head, "|---|---|---|"]
        out += [
            f"| {text.markdown(d['resource'])} | {_digest(d['old'], none)} | {_digest(d['new'], none)} |"
            for d in diff["resources"]
        ] + [""]
    return "\n".join(out).rstrip()


def _words(words: dict | None):
    """The what-changed and editions pages' own words (interface.CHANGE_WORDS, by key) in the language of `words`."""
    return lambda key: sentence(words or {}, CHANGE_WORDS[key])


def _table(title: str, header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    """A titled MyST table, every cell escaped; nothing when there are no rows."""
    if not rows:
        return []
    lines = [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(text.markdown(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _shown(value, none: str) -> str:
    """A side of a comparison; `none` where that edition does not have it."""
    return none if value is None else str(value)


def _digest(value, none: str) -> str:
    """The start of a checksum ('sha256:' left out), or `none` for a file one edition lacks."""
    return text.code(str(value).partition(":")[2][:12]) if value else none


def editions_markdown(earlier: list[dict], this: dict, words: dict | None = None) -> str:
    """The Editions page as MyST: a table of the editions up to this one, then what changed from each to the next.

    `earlier` and `this` are {"edition": Edition.facts(), "facts": edition.summary(...) or None}, oldest first;
    `words` give the page's own words in its language.
    """
    say, every = _words(words), [*earlier, this]
    head = " | ".join(say(k) for k in ("edition", "year", "package", "fingerprint", "built"))
    rows = [f"| {head} |", "|---|---|---|---|---|"]
    for entry in every:
        ed = entry["edition"]
        name = f"**{text.markdown(ed['id'])}** {say('this')}" if entry is this else text.markdown(ed["id"])
        rows.append(
            f"| {name} | {text.markdown(ed['year'])} | {text.markdown(ed['version'])} | {text.code(ed['fingerprint'])} | {text.markdown(ed['built'])} |"
        )
    out = [say("intro").format(ordinal=_ordinal(len(every), say("ordinal"))), "", *rows, ""]
    # Rubrics, not sections: a directive's sections would land before the table, ahead of the nodes it returns.
    for before, after in zip(every, every[1:], strict=False):
        ids = {"before": text.markdown(before["edition"]["id"]), "after": text.markdown(after["edition"]["id"])}
        out += [f"```{{rubric}} {say('from_to').format(**ids)}", "```", ""]
        if before["facts"] is None:
            out += [say("unread").format(edition=ids["before"]), ""]
            continue
        # The comparison's own headings become bold lines under each pair's rubric.
        changes = what_changed_markdown(compare(before["facts"], after["facts"]), words)
        out += [re.sub(r"^## (.*)$", r"**\1**", line) for line in changes.splitlines()] + [""]
    return "\n".join(out)


def _ordinal(n: int, form: str) -> str:
    """`n` as an ordinal: by English's rule, or in the one form a translation gives ("{number}-е")."""
    if form != CHANGE_WORDS["ordinal"]:
        return form.format(number=n)
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
