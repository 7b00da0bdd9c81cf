"""The build's steps, in the order they run (`run`): check the parameters and data, plan and execute the notebooks,
run Jupyter Book on each language's stage, publish. engine.build loads this module once it has started its helpers.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

from multivector import data, files, paths, sections
from multivector.data import coverage
from multivector.engine import (
    bookrun,
    cache,
    editions,
    execute,
    facts,
    processes,
    publish,
    records,
    sources,
    translations,
    unchanged,
)
from multivector.engine.checks import check, refuse_what_cannot_build
from multivector.engine.incremental import book_context, start_book
from multivector.engine.job import Job
from multivector.engine.keys import code_now, validation_scope
from multivector.engine.printing import print_pdfs
from multivector.engine.report import BuildError, changed_meanwhile, count_pages
from multivector.paths import BUILD_KEY
from multivector.site import compiled
from multivector.translation import catalogs

NOTEBOOKS = sections.EXECUTED
# Pages Sphinx fills in from the build's handoff file rather than from an executed notebook.
BUILD_PAGES = tuple(p for p in sections.PAGES if p not in NOTEBOOKS)
# The folder, in the cache, of the link previews' PNGs.
PREVIEWS = "previews"
# The folder, in the cache, of Jinja's compiled templates.
TEMPLATES = "templates"


def run(job: Job, pool: execute.Workers) -> Path:
    """The build of `job`, its helpers started or ready to start in `pool` and `job.jupyter_book()`; the output
    folder. The caller holds the output folder's lock."""
    job.base_url = refuse_what_cannot_build(job.out, job.root, job.base_url, job.pdf)
    checked, ds, code = _check(job)
    inputs = job.inputs = cache.current_inputs(NOTEBOOKS, checked, ds, code)
    decisions = _plan(job, inputs)
    if not any(d.runs for d in decisions):
        pool.stop()  # its papermill would only take a core from the work left (restarted if a cached copy vanishes)
    this = editions.of(checked, ds)
    earlier = [e.id for e in editions.load(job.out).earlier(this.id)]
    before = earlier[-1] if earlier else None  # the edition the what-changed page compares with
    previous = editions.read_facts(job.out, before) if before else None
    # What the pages say of the other editions besides this one's own facts: part of what keys the site.
    context = {"previous": previous, "earlier": earlier, "base": job.base_url, "pdf": job.pdf}
    if _unchanged(job, decisions, inputs, context, this):
        unchanged.remember(job, this.id, before, {d.name: d.copy.stem for d in decisions})
        unchanged.say_reused(job)
        return job.out

    work = publish.new_stage(job.out)
    _stage_sources(job.root, work)
    book = job.jupyter_book()  # loading while the notebooks run, if it was not started before the check
    env = {
        paths.BUILD_DATE_ENV: dt.date.today().isoformat(),
        paths.CHECKED_PACKAGE_ENV: ds.package_token,
        paths.PICTURES_ENV: str(job.cache / translations.PICTURES),
        paths.PREVIEWS_ENV: str(job.cache / PREVIEWS),
    }

    def meanwhile() -> None:  # while the notebooks run: the edition's facts, and what makes the translated stages
        job.facts.update(_describe(job, ds, checked, previous, this))
        if any(d.runs for d in decisions):  # with none to run, there is no time to spare: the stages import it later
            translations.preload()

    each = translations.Ahead(job)  # each notebook translated as it has run
    keys = _execute(job, work, decisions, inputs, ds, pool, env=env, meanwhile=meanwhile, each=each)
    _run_books(job, book, work)
    book.close()
    return _publish(job, work, ds, keys, inputs, context, this, before)


def _check(job: Job) -> tuple[dict, data.Dataset, tuple[str, str]]:
    """The parameters and data checked (frictionless's pass left out for a package this code and these libraries saw
    pass), the catalogs read, the data's gaps said; with the package's and libraries' hashes (keys.code_now)."""
    job.report("step", "1/4 Checking parameters and data", phase="check")
    code = job.code or code_now()
    scope = validation_scope(code)
    data_dir = Path(job.values["data_dir"]) if job.values.get("data_dir") else None
    checked, ds = check(data_dir, job.values, records.passed(job.cache, scope))
    records.remember_passed(job.cache, scope, ds.package_token)
    translations.check(job.root)
    job.warnings = coverage.warnings(ds, checked["year"])
    for gap in job.warnings:
        job.report("warning", f"warning: {gap}")
    return checked, ds, code


def _plan(job: Job, inputs: cache.Inputs) -> list[cache.Decision]:
    job.cache.mkdir(parents=True, exist_ok=True)
    decisions, discarded = cache.plan(NOTEBOOKS, inputs, job.cache, job.force)
    for note in discarded:
        job.report("cache", f"  discarded a damaged cache file: {note}", discarded=note)
    return decisions


def _site_key(job: Job, keys: dict[str, str], inputs: cache.Inputs, context: dict) -> str:
    files = [job.root / f for f in sources.STAGE_FILES]
    files += [p for d in sources.STAGE_DIRS for p in sorted((job.root / d).rglob("*")) if p.is_file()]
    files += [paths.NOTEBOOKS / f"{n}.md" for n in BUILD_PAGES] + [paths.CITATION] + catalogs.files(job.root)
    return cache.site_key(job.root, files, keys, inputs, context)


def _unchanged(job: Job, decisions, inputs: cache.Inputs, context: dict, this: editions.Edition) -> bool:
    """With nothing to run and this edition published from exactly these inputs, leave the site as it is."""
    if any(d.runs for d in decisions):
        return False
    key = _site_key(job, {d.name: d.copy.stem for d in decisions}, inputs, context)
    if not _read_key(editions.folder(job.out, this.id)) == key == _read_key(publish.stage_dir(job.out)):
        return False
    for d in decisions:
        files.touch(d.copy)
    return True


def _stage_sources(root: Path, work: Path) -> None:
    """What Jupyter Book reads besides the executed notebooks: its configuration, the hand-written pages, and the
    pages Sphinx fills in from the handoff file."""
    (work / "notebooks").mkdir()
    sources.copy_book(root, work)
    for name in BUILD_PAGES:
        shutil.copy2(paths.NOTEBOOKS / f"{name}.md", work / "notebooks" / f"{name}.md")


def _describe(job: Job, ds: data.Dataset, checked: dict, previous: dict | None, this: editions.Edition) -> dict:
    """The edition's facts and what Sphinx is handed; computed while the notebooks run."""
    summary = facts.kept_summary(job.cache, job.inputs, ds, checked)
    return {
        "facts": summary,
        "handoff": {
            **facts.handoff(ds, summary, previous),
            **editions.handoff(this, job.out, summary, job.base_url),
            "pdf": job.pdf,
            # Where the link previews' PNGs are kept between builds (static_charts.png).
            "previews": str(job.cache / PREVIEWS),
            # Where Jinja keeps the theme's compiled templates between builds (site.compiled).
            compiled.KEY: str(job.cache / TEMPLATES),
        },
    }


def _execute(
    job: Job, work: Path, decisions, inputs: cache.Inputs, ds: data.Dataset, pool, env: dict, meanwhile, each
) -> dict[str, str]:
    """Copy in the reusable executed notebooks, run the others (`env`: what the build tells them), cache what ran,
    keyed on the data as each read them; each notebook's cache key. Stops if a notebook read other data than `ds`."""
    runs = sum(d.runs for d in decisions)
    job.report("step", f"2/4 Executing {len(NOTEBOOKS)} notebooks with papermill ({runs} to run)", phase="notebooks")
    keys, todo = {}, []
    for d in decisions:
        if d.runs:
            todo.append(d)
            continue
        try:
            shutil.copyfile(d.copy, work / "notebooks" / f"{d.name}.ipynb")
            files.touch(d.copy)
        except FileNotFoundError:
            todo.append(cache.Decision(d.name, "its cached copy was removed by another build"))
            continue
        keys[d.name] = d.key
        job.report("notebook", f"  {d.name}: reused", notebook=d.name, status="reused")
    seconds, failed = execute.execute(todo, work / "notebooks", inputs.params, env, pool, job.report, meanwhile, each)
    job.ran = len(todo)
    changed = set()
    for name in seconds:
        executed = work / "notebooks" / f"{name}.ipynb"
        read = records.recorded_digests(executed)
        # A notebook that records no reads may have read anything: it is kept as depending on all data.
        keys[name] = records.remember(
            job.cache, name, cache.record(inputs, name, inputs.data if read is None else read), executed
        )
        changed.update(inputs.changed(read or {}))
    # A notebook loading the data while they are rewritten fails on a checksum: the data moved, not the notebook.
    changed.update(ds.unlike(ds.files()) if failed else ())
    if changed:
        raise BuildError(
            "execute notebooks", changed_meanwhile(ds.files_of(changed)), keep=work / "notebooks" if failed else None
        )
    if failed:
        raise BuildError("execute notebooks", "; ".join(failed), keep=work / "notebooks")
    return keys


def _run_books(job: Job, book: bookrun.Book, work: Path) -> None:
    """Jupyter Book on the English stage, and meanwhile on each translated stage made from it."""
    job.report("step", "3/4 Building the book with Jupyter Book", phase="jupyter_book")
    facts.write_handoff(work, job.facts["handoff"])
    english = start_book(book, job.out, work, book_context(job.inputs), job.report, log=work / bookrun.Book.LOG)
    # If Sphinx reads the stage itself, the translated stages are made in it once it has finished.
    site = english.finish() if english.in_stage else None
    others = translations.start(job, work, book)
    site = site or english.finish()
    if job.pdf:
        print_pdfs(site, job.report)
    translations.finish(job, site, others)


def _publish(
    job: Job,
    work: Path,
    ds: data.Dataset,
    keys: dict[str, str],
    inputs: cache.Inputs,
    context: dict,
    this: editions.Edition,
    previous: str | None,
) -> Path:
    job.report("step", "4/4 Publishing", phase="publish")
    site = work / "_build" / "html"
    publish.copy_data(ds, site / "data")
    translations.share_data(site)
    facts.write(site, job.facts["facts"])
    key = _site_key(job, {n: f"{n}-{keys[n]}" for n in NOTEBOOKS}, inputs, context)
    (site / BUILD_KEY).write_text(key + "\n", encoding="utf-8")
    pages = count_pages(site)
    with processes.uninterruptible():
        publish.into(site, job.out, this, job.base_url)
        (work / BUILD_KEY).write_text(key + "\n", encoding="utf-8")
        kept = publish.keep_stage(work, job.out)
    if kept == publish.stage_dir(job.out):
        unchanged.remember(job, this.id, previous, {n: f"{n}-{keys[n]}" for n in NOTEBOOKS})
    elapsed = time.perf_counter() - job.started
    job.report.built(job.out, len(NOTEBOOKS), job.ran, pages, elapsed, this.id, editions.folder(job.out, this.id))
    return job.out


def _read_key(folder: Path) -> str | None:
    try:
        return (folder / BUILD_KEY).read_text(encoding="utf-8").strip()
    except OSError:
        return None
