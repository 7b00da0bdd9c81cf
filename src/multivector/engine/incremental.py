"""Jupyter Book's runs, each in a folder kept per output folder and language, so that Sphinx re-reads and re-writes
only the pages whose sources changed.

`OUT.sphinx/<lang>/` holds the book's sources as the last build staged them (copied from the build's private stage:
a file whose bytes did not change keeps its modification time, which is what Sphinx compares) and Sphinx's `_build/`
(its environment, doctrees and HTML). `OUT.sphinx/<lang>.json` records what that folder was built
from (`digests`); it is removed before the folder is touched and written again only once Jupyter Book has succeeded.
Only the build holding OUT's lock (publish.claimed) uses the folder.

The rule: Sphinx starts afresh (`--all`, in an emptied folder) unless the only change is to the text of pages or to
the handoff, that is whenever anything else that shapes a page changed (configuration, table of contents, the site's
code and templates, the libraries, CITATION.cff, the day, a language's catalogs, any file that is not a page), a
page's headings or targets (every page's navigation and cross-references show them), and after any failed or
interrupted build. Sphinx follows the pages' text itself. What it cannot see is followed here (`read_again`): a page
that pastes glue from a page that changed is read again; when the handoff changed (new data give a new edition id,
facts and descriptor), the pages whose directives read it as Sphinx reads them (site.directives.READ_THE_HANDOFF) are
read again; every page is written again only when what every page shows of it changed (site.handoff.every_page: not
the edition's id or its data's fingerprint, which pages hold as stand-ins filled in as the site is taken out).
"""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from multivector import paths
from multivector.engine import bookrun, stand_ins
from multivector.engine.publish import STAGE_MARKER
from multivector.engine.report import BuildError, Reporter
from multivector.engine.stage_digests import (
    EVERY_PAGE,
    OUTPUT,
    PAGES,
    PASTING,
    digests,
    markdown_of,
    sha,
    sha_all,
    sources,
)
from multivector.files import write_whole
from multivector.i18n import SOURCE

SUFFIX = ".sphinx"


@dataclass(frozen=True)
class Place:
    """Where one run of Jupyter Book builds, and whether Sphinx starts afresh there (`fresh` says why) or reuses its
    environment (`fresh` is None)."""

    folder: Path
    fresh: str | None
    state: Path | None  # None: the kept folder's name is taken, so the run builds the stage itself, afresh
    digests: dict[str, str]
    rewrite: str | None = None  # why every page is written again though Sphinx reuses its environment


def kept(out: Path) -> Path:
    return out.parent / f"{out.name}{SUFFIX}"


def book_context(inputs, lang: str = SOURCE, catalogs: list[Path] = ()) -> dict[str, str]:
    """Digests of what shapes every page of the book in `lang` besides its staged sources."""
    return {
        "the site's code": inputs.site_code,
        "the installed libraries": inputs.libraries,
        "CITATION.cff": sha(paths.CITATION),
        "the day": dt.date.today().isoformat(),
        **({f"the '{lang}' catalogs": sha_all(catalogs)} if catalogs else {}),
    }


@dataclass
class Run:
    """One run of Jupyter Book, started (`start_book`); finish() waits for it."""

    book: bookrun.Run
    place: Place
    stage: Path
    lang: str

    @property
    def in_stage(self) -> bool:
        """Whether it builds the stage itself (so nothing may write there until it ends)."""
        return self.place.folder == self.stage

    def finish(self) -> Path:
        """Wait for the run; its HTML, copied into the stage's `_build/html` with this edition's values in place of
        their stand-ins (engine.stand_ins). Raises BuildError on failure."""
        if self.book.wait() != 0:
            where = "" if self.lang == SOURCE else f" in '{self.lang}'"
            raise BuildError(
                "build book", f"Jupyter Book reported problems{where}:\n" + self.book.first_error(), keep=self.book.log
            )
        digests = json.dumps(self.place.digests, indent=1)
        if self.place.state is not None:
            write_whole(self.place.state, lambda p: p.write_text(digests, encoding="utf-8"))
        html = self.stage / OUTPUT / "html"
        fills = stand_ins.of_stage(self.stage)
        if self.in_stage:
            stand_ins.fill_in_place(html, fills)
        else:
            # A copy, not links: Sphinx rewrites its files in place, which would change a published edition's.
            stand_ins.copy_filled(self.place.folder / OUTPUT / "html", html, fills)
        return html


def start_book(
    book: bookrun.Book,
    out: Path,
    stage: Path,
    around: dict[str, str],
    report: Reporter,
    lang: str = SOURCE,
    log: Path | None = None,
) -> Run:
    """Start building the book staged in `stage` with `book` (the `lang` edition of `out`; `around`: see
    `book_context`; `log`: where its output goes, by default the book process's log), in the kept folder when it may
    be used."""
    place = prepare(out, lang, stage, around)
    if place.fresh:
        how = f"a fresh Sphinx environment ({place.fresh})"
    elif place.rewrite:
        how = f"Sphinx re-reads only the changed pages, and writes every page ({place.rewrite})"
    else:
        how = "Sphinx re-reads only the changed pages"
    report("book", f"  {lang}: {how}", lang=lang, fresh=place.fresh, rewrite=place.rewrite)
    return Run(book.start(place.folder, fresh=place.fresh is not None, log=log), place, stage, lang)


def prepare(out: Path, lang: str, stage: Path, around: dict[str, str]) -> Place:
    """The stage's sources in the kept folder for `lang`, emptied first unless only pages' text changed."""
    now = {**around, **digests(stage)}
    top = kept(out)
    if not _ours(top):
        return Place(stage, f"{top} is not the build's folder", None, now)
    folder, state = top / lang, top / f"{lang}.json"
    before = _read(state)
    state.unlink(missing_ok=True)  # until this run succeeds
    fresh = why_fresh(before, now) or (None if (folder / OUTPUT / "html").is_dir() else "no earlier output")
    if fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(exist_ok=True)
    sync(stage, folder)
    if not fresh:
        read_again(before, now, folder)
    return Place(folder, fresh, state, now, None if fresh else why_rewrite(before, now))


def why_fresh(before: dict | None, now: dict[str, str]) -> str | None:
    """Why a folder built from `before` cannot be brought up to `now` page by page, or None if it can."""
    if before is None:
        return "no earlier build succeeded here"
    for name in _changed(before, now):
        if name not in (paths.HANDOFF, EVERY_PAGE) and not PASTING.match(name):
            return f"{name} changed"
    return None


def why_rewrite(before: dict | None, now: dict[str, str]) -> str | None:
    """Why every page of a folder brought up to `now` page by page is written again (what every page shows of the
    handoff changed), or None."""
    return f"{EVERY_PAGE} changed" if before is not None and EVERY_PAGE in _changed(before, now) else None


def read_again(before: dict, now: dict[str, str], folder: Path) -> None:
    """In `folder`, brought up to `now` page by page: have Sphinx read again each page whose text is the same but
    which shows what changed as it is read (a directive reading the handoff, glue pasted from a page that changed),
    by dating its source now; if what every page shows of the handoff changed, have it write every page, by dating
    every output as never written."""
    changed = _changed(before, now)
    pages = {m.group(1) for m in map(PASTING.match, changed) if m}
    if paths.HANDOFF in changed:
        shows = _shows_handoff()
        pages |= {
            p.relative_to(folder).as_posix()
            for p in sources(folder)
            if p.suffix in PAGES and shows.search(markdown_of(p))
        }
    if EVERY_PAGE in changed:
        for written in (folder / OUTPUT / "html").rglob("*.html"):
            os.utime(written, (0, 0))
    for page in sorted(pages):
        if (folder / page).is_file():
            os.utime(folder / page)


def _shows_handoff() -> re.Pattern:
    """A page's call of a directive that reads the handoff as Sphinx reads the page."""
    # Imported here for start-up time: site.directives loads docutils and the appendices' code (0.09 s), which only a
    # build whose handoff changed needs here.
    from multivector.site.directives import READ_THE_HANDOFF

    return re.compile(r"\{(?:" + "|".join(map(re.escape, READ_THE_HANDOFF)) + r")\}")


def _changed(before: dict, now: dict[str, str]) -> list[str]:
    return [n for n in [*now, *(n for n in before if n not in now)] if before.get(n) != now.get(n)]


def sync(stage: Path, folder: Path) -> None:
    """Make the sources in `folder` equal to the stage's, leaving each file whose bytes are unchanged untouched."""
    wanted = {f.relative_to(stage) for f in sources(stage)}
    for rel in sorted(wanted):
        src, dest = stage / rel, folder / rel
        if dest.is_file() and filecmp.cmp(src, dest, shallow=False):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_whole(dest, lambda p, src=src: shutil.copyfile(src, p))
    for old in list(sources(folder)):
        if old.relative_to(folder) not in wanted:
            old.unlink()


def _ours(top: Path) -> bool:
    """Whether `top` is the build's kept folder (made now if it is missing)."""
    if not top.exists():
        top.mkdir(parents=True)
        (top / STAGE_MARKER).write_text(json.dumps({"kept_for": top.name}) + "\n", encoding="utf-8")
    return (top / STAGE_MARKER).is_file()


def _read(state: Path) -> dict | None:
    try:
        found = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None
