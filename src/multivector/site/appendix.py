"""The pages that describe the build itself: its data files, what moved since the previous edition, the editions.

Sphinx renders them (site/directives.py) from the file the build hands over (site/handoff.py).
"""

from __future__ import annotations

import re

from multivector import text
from multivector.engine.claim_reasons import said
from multivector.engine.comparison import compare, summary
from multivector.site import parts
from multivector.site.wording import Voice, Wording
from multivector.translation.interface import APPENDIX_WORDS, BYTES, CHANGE_WORDS, FIELD_TYPES


def sayer(wording: Wording):
    """The appendices' own words (interface.APPENDIX_WORDS, by key) in the page's language, as HTML with their values
    filled in, escaped."""
    return lambda key, **values: parts.fill(wording.say(APPENDIX_WORDS[key]), **values)


def data_sources_html(descriptor: dict, version: str, fingerprint: str, wording: Wording | None = None) -> str:
    """One entry per data resource: provenance, licence, checksum, columns and a download link; the page's own words
    and the data package's texts (data.po) in the language of `wording`, source titles as the sources give them."""
    wording = wording or Wording()
    return parts.render(
        "data-sources.html",
        resources=descriptor["resources"],
        version=version,
        fingerprint=fingerprint,
        say=sayer(wording),
        datum=wording.datum,
        as_given=wording.english,
        number=wording.number,
        count=wording.count,
        bytes=BYTES,
        kind=lambda name: wording.say(name) if name in FIELD_TYPES else wording.english(name),
        code=parts.code,
    )


def what_changed_markdown(diff: dict, wording: Wording | None = None) -> str:
    """engine.comparison.compare(previous, this) as MyST: the summary, then one table per kind of change, in the
    language of `wording` (a translated page says the facts' figures, claims and reasons in it where it can)."""
    wording = wording or Wording()
    say = _words(wording)
    if diff["first"]:
        return say("first")
    voice = Voice(wording) if wording.translated else None
    said = summary(diff, voice) if voice else [text.markdown(line) for line in diff["summary"]]
    # A heading of its own: the directive's sections are placed in order, any text outside them after the last one.
    out = [f"## {say('summary')}", "", *(f"- {line}" for line in said), ""]
    cells = _russian_cells(voice) if voice else _english_cells(text.markdown(say("none")))
    for kind, columns in (
        ("figures", ("figure", "shown_in", "previous", "now", "difference")),
        ("claims", ("claim", "previous", "now", "why")),
        ("params", ("parameter", "previous", "now")),
    ):
        out += _table(
            say(kind if kind != "params" else "parameters"),
            tuple(say(k) for k in columns),
            [cells[kind](r) for r in diff[kind]],
        )
    if diff["resources"]:
        none = say("none")
        head = f"| {say('file')} | {say('previous_sha')} | {say('now')} |"
        out += [f"## {say('files')}", "", head, "|---|---|---|"]
        out += [
            f"| {text.markdown(d['resource'])} | {_digest(d['old'], none)} | {_digest(d['new'], none)} |"
            for d in diff["resources"]
        ] + [""]
    return "\n".join(out).rstrip()


def _english_cells(none: str) -> dict:
    """Each kind of row as the English page shows it: the facts' own text, escaped."""
    shown = lambda value: none if value is None else text.markdown(value)  # noqa: E731
    return {
        "figures": lambda r: (
            text.markdown(r["figure"]),
            text.markdown(", ".join(r["sections"])),
            shown(r["old"]),
            shown(r["new"]),
            text.markdown(r["difference"] or ""),
        ),
        "claims": lambda r: (text.markdown(r["claim"]), shown(r["old"]), shown(r["new"]), text.markdown(r["why"])),
        "params": lambda r: (text.markdown(r["parameter"]), shown(r["old"]), shown(r["new"])),
    }


def _russian_cells(voice: Voice) -> dict:
    """Each kind of row in the page's language: labels, statuses and reasons from interface.po, claims from data.po,
    figures as the kernel formatted them; what has no translation stays English, marked."""
    status = lambda value: voice.none() if value is None else voice.label(value)  # noqa: E731
    return {
        "figures": lambda r: (
            voice.label(r["figure"]),
            voice.join(", ", [voice.label(s) for s in r["sections"]]),
            voice.figure(r, "old"),
            voice.figure(r, "new"),
            voice.difference(r) if r["change"] is not None else "",
        ),
        "claims": lambda r: (
            voice.data("claims", "claim", r["id"], r["claim"]) if r["claim"] != r["id"] else voice.name(r["id"]),
            status(r["old"]),
            status(r["new"]),
            said(r["reason"], r["id"], voice) if "reason" in r else voice.foreign(r["why"]),
        ),
        "params": lambda r: (voice.name(r["parameter"]), voice.value(r["old"]), voice.value(r["new"])),
    }


def _words(wording: Wording):
    """The what-changed and editions pages' own words (interface.CHANGE_WORDS, by key) in the page's language."""
    return lambda key: wording.say(CHANGE_WORDS[key])


def _table(title: str, header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    """A titled MyST table of cells that are MyST already; nothing when there are no rows."""
    if not rows:
        return []
    lines = [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _digest(value, none: str) -> str:
    """The start of a checksum ('sha256:' left out), or `none` for a file one edition lacks."""
    return text.code(str(value).partition(":")[2][:12]) if value else none


def editions_markdown(earlier: list[dict], this: dict, wording: Wording | None = None) -> str:
    """The Editions page as MyST: a table of the editions up to this one, then what changed from each to the next.

    `earlier` and `this` are {"edition": Edition.facts(), "facts": edition.summary(...) or None}, oldest first;
    `wording` gives the page's words in its language.
    """
    wording = wording or Wording()
    say, every = _words(wording), [*earlier, this]
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
        changes = what_changed_markdown(compare(before["facts"], after["facts"]), wording)
        out += [re.sub(r"^## (.*)$", r"**\1**", line) for line in changes.splitlines()] + [""]
    return "\n".join(out)


def _ordinal(n: int, form: str) -> str:
    """`n` as an ordinal: by English's rule, or in the one form a translation gives ("{number}-е")."""
    if form != CHANGE_WORDS["ordinal"]:
        return form.format(number=n)
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
