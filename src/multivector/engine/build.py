"""Build the book: check the inputs, execute the notebooks whose inputs changed, run Jupyter Book, publish.

This module is the build's entry, and loads little: it refuses an output folder it may not write, holds the folder,
ends at once if the last build's proof says nothing changed (`unchanged`), and, when a file the build reads changed
since the last publish (engine.early's guess), starts Jupyter Book's process, and the papermill workers if a file the
notebooks read changed; only then does it load the steps (engine.steps: pandas and the analysis, 0.7 s), so that the
helpers load on the core it leaves idle. The steps read as the build's story (`steps.run`); each step's machinery
lives in a module of its own: `checks` (what is refused before any work), `job` (a build's settings, handed from step
to step), `sources` (what a build reads), `early` (whether to start the helpers before the check), `cache`
(what a cached executed notebook depended on), `execute` (papermill workers), `bookrun` (Jupyter Book loaded once, a
run per language), `incremental` (where it builds, and which pages Sphinx reads and writes again), `printing` (the
PDFs), `publish` (the output folder, its lock, the stage, the data copies, the swap), `facts` (what the edition shows,
kept per read by `by_reads`), `report` (what the build tells its user).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from multivector import params, paths
from multivector.engine import execute, publish, sources, unchanged
from multivector.engine.early import work_likely
from multivector.engine.job import Job
from multivector.engine.keys import code_now
from multivector.engine.report import Reporter
from multivector.paths import BUILD_KEY


def build(
    values: dict | None = None,
    data_dir: Path | None = None,
    out: Path | None = None,
    jobs: int | None = None,
    force: bool = False,
    report: Reporter | None = None,
    cache_dir: Path | None = None,
    root: Path | None = None,
    base_url: str | None = None,
    pdf: bool = False,
) -> Path:
    """Build the site into `out`: re-execute only the notebooks whose inputs changed, then run Jupyter Book.

    `cache_dir` holds executed copies and, in previews/, the link previews' PNGs (default _build/cache); `root` is
    where _config.yml, _toc.yml and book/ are read from (default: the repository); `base_url` is the site's public
    address (default: html.baseurl);
    `pdf` prints the book and each section as PDFs into the site (pdf/), linked from every section page.
    Nothing is done unless `out` may be written (see publish.check), and nobody else is writing it.
    """
    out = Path(out or paths.SITE).resolve()
    values = params.with_data_dir(dict(values or {}), data_dir)
    root = Path(root or paths.ROOT).resolve()
    cache_dir = Path(cache_dir or paths.CACHE)
    _refuse_output(out, values, jobs, cache_dir)
    job = Job(values, out, root, cache_dir, force, report or Reporter(), base_url, pdf)
    with publish.claimed(out):
        job.code = code_now()  # once: the proof's digest and the steps' keys both use it
        job.read = unchanged.inputs_digest(job)
        if proof := unchanged.holding(job):  # every byte it reads as when the last build published: nothing to do
            publish.check_contents(out)  # a file a person put among the pages is refused all the same
            unchanged.reuse(job, proof)
            return out
        return _build(job, jobs)


def _build(job: Job, jobs: int | None) -> Path:
    """The steps of `job`, whose output folder the caller holds. When a file the build reads changed since the last
    publish (a hint: engine.early), Jupyter Book starts loading at once, and the workers too if a file the notebooks
    read changed, while this process loads the steps and checks the data; else each when first needed, so that a
    build shares no core with a process it would stop unused."""
    published = publish.stage_dir(job.out) / BUILD_KEY
    kernels = job.force or work_likely(published, sources.of_notebooks(job.values))
    book = kernels or work_likely(published, sources.of_build(job.root, job.values))
    with execute.workers(jobs, at_once=kernels) as pool, contextlib.closing(job):
        if book:
            job.jupyter_book()
        # Imported here for start-up time: the steps load pandas and the analysis (0.7 s of a core), which the
        # helpers started above spend loading papermill and Jupyter Book on the other.
        from multivector.engine import steps

        return steps.run(job, pool)


def _refuse_output(out: Path, values: dict, jobs, cache_dir: Path) -> None:
    """What is refused before the output folder's lock is taken and the helpers start: --jobs, and an output folder in
    a place the build may not write (the project, the shipped data, the data given, the cache, what a build owns).
    The rest is refused once the steps are loaded (checks.refuse_what_cannot_build)."""
    if jobs is not None and jobs < 1:
        raise params.ParameterError(f"--jobs must be 1 or more, got {jobs}")
    protected = {paths.ROOT: "the project", paths.DATA: "the shipped data folder", cache_dir: "the build's cache"}
    if values.get("data_dir"):
        protected[Path(values["data_dir"])] = "the data folder given with --data"
    publish.check_place(out, protected)
