"""Build the book: check parameters and data, execute the changed notebooks, run Jupyter Book, publish atomically.

A notebook's executed copy is cached with a record of what it depended on: its source, the parameters, the data
resources it read (by checksum, as its run card records them), the package code, the installed libraries and the
bibliography. It is reused while that record still holds, and re-executed, with the reason printed, when not.
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import hashlib
import importlib
import json
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import bookrun, claims, data, edition, params, paths

NOTEBOOKS = paths.EXECUTED
# Pages Sphinx fills in from the build's handoff file rather than from an executed notebook.
BUILD_PAGES = tuple(p for p in paths.PAGES if p not in NOTEBOOKS)
STAGE_FILES = ("_config.yml", "_toc.yml")
STAGE_DIRS = ("book",)
# Executed copies kept per notebook: other parameters or data folders keep theirs while one is being edited.
CACHE_KEEP = 12
# The site key, written into the published site and its stage after a build: equal keys mean nothing to do.
BUILD_KEY = "_build_key"
REASONS = (("source", "notebook changed"), ("params", "parameters changed"), ("data", "data changed: "),
           ("code", "package code changed"), ("libraries", "installed libraries changed"),
           ("bib", "bibliography changed"))


class BuildError(RuntimeError):
    """A build step failed; the message names the step, and the published site was left as it was."""

    def __init__(self, step: str, message: str, keep: Path | None = None):
        self.step = step
        self.keep = keep
        super().__init__(f"Build failed at step '{step}': {message}"
                         + (f"\nKept for inspection: {keep}" if keep else "")
                         + "\nThe published site was not changed.")


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


def package_hash() -> str:
    """Hash of the package's source: a code change re-executes the notebooks that import it."""
    h = hashlib.sha256()
    for f in sorted(Path(__file__).parent.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".css", ".yml", ".json"):
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def libraries_hash() -> str:
    """Hash of Python's version and every installed distribution's: an upgrade can change what a page shows."""
    from importlib import metadata

    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return hashlib.sha256("\n".join([sys.version, *dists]).encode()).hexdigest()


@dataclass(frozen=True)
class Inputs:
    """What a notebook executed now could depend on; a cached copy is reused only if its record still matches."""

    sources: dict[str, str]  # notebook -> sha256 of its source
    params: dict
    data: dict[str, str]  # see data.Dataset.digests
    code: str
    libraries: str
    bib: str


def current_inputs(names, values: dict, ds: data.Dataset) -> Inputs:
    return Inputs(
        sources={n: data.sha256(paths.NOTEBOOKS / f"{n}.ipynb") for n in names},
        params=values, data=ds.digests(), code=package_hash(), libraries=libraries_hash(),
        bib=data.sha256(paths.BIBLIOGRAPHY))


def record(inputs: Inputs, name: str, reads) -> dict:
    """What one execution of `name` depended on, given the data resources it read."""
    return {"notebook": name, "source": inputs.sources.get(name), "params": inputs.params,
            "data": {r: inputs.data.get(r) for r in sorted(reads)}, "code": inputs.code,
            "libraries": inputs.libraries, "bib": inputs.bib}


def record_key(rec: dict) -> str:
    return hashlib.sha256(json.dumps(rec, sort_keys=True, default=str).encode()).hexdigest()[:16]


def differences(old: dict, now: dict) -> list[str]:
    """Why a cached copy made with `old` cannot stand in for one made now, most telling first."""
    reasons = []
    for key, reason in REASONS:
        if old.get(key) != now.get(key):
            if key == "data":
                before = old.get("data") or {}
                reason += ", ".join(r for r in before if before[r] != now["data"].get(r))
            reasons.append(reason)
    return reasons


@dataclass(frozen=True)
class Decision:
    """Whether a notebook runs (and why) or its cached executed copy is reused."""

    name: str
    reason: str | None  # None: reused
    copy: Path | None = None

    @property
    def runs(self) -> bool:
        return self.reason is not None


def plan(names, inputs: Inputs, cache: Path, force: bool = False) -> list[Decision]:
    """Per notebook, a cached copy whose record matches what it would depend on now, or the reason it must run."""
    decisions = []
    for name in names:
        if force:
            decisions.append(Decision(name, "forced"))
            continue
        near = []
        for rec_file in cache.glob(f"{name}-*.json"):
            copy = rec_file.with_suffix(".ipynb")
            try:
                old = json.loads(rec_file.read_text(encoding="utf-8"))
                age = -rec_file.stat().st_mtime
            except (OSError, ValueError):  # removed or half-written by another build: not a candidate
                continue
            if old.get("notebook") != name or not copy.is_file():
                continue
            diff = differences(old, record(inputs, name, old.get("data") or {}))
            if not diff:
                decisions.append(Decision(name, None, copy))
                break
            near.append((len(diff), age, diff))
        else:
            # The nearest record says best what changed: fewest differences, then the newest.
            decisions.append(Decision(name, "; ".join(min(near)[2]) if near else "no cached copy"))
    return decisions


def recorded_reads(executed: Path) -> list[str] | None:
    """The data resources an executed notebook says it read (the run card's metadata), or None if it says nothing."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    for cell in reversed(nb["cells"]):
        for output in cell.get("outputs", []):
            reads = output.get("metadata", {}).get("multivector", {}).get("resources")
            if reads is not None:
                return list(reads)
    return None


def remember(cache: Path, name: str, rec: dict, executed: Path) -> str:
    """Store an executed copy with its record under their content's key; keep the CACHE_KEEP most recent per notebook."""
    key = record_key(rec)
    copy = cache / f"{name}-{key}.ipynb"
    text = json.dumps(rec, indent=1, sort_keys=True, default=str)
    # Written aside and renamed: a build running at the same time never reads half a file. The record goes last,
    # since a record is what makes a copy a candidate.
    for target, write in ((copy, lambda t: shutil.copyfile(executed, t)),
                          (copy.with_suffix(".json"), lambda t: t.write_text(text, encoding="utf-8"))):
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        write(tmp)
        os.replace(tmp, target)
    _prune(cache, name)
    return key


def _prune(cache: Path, name: str) -> None:
    def mtime(f: Path) -> float:
        try:
            return f.stat().st_mtime
        except OSError:
            return 0.0

    copies = sorted(cache.glob(f"{name}-*.ipynb"), key=mtime, reverse=True)
    for old in copies[CACHE_KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)


def site_key(root: Path, keys: dict[str, str], inputs: Inputs, previous: dict | None) -> str:
    """Everything the published site is made of besides the executed notebooks' keys: book sources, parameters,
    data, code, and the previous edition the what-changed page compares with. (What Sphinx is handed follows from
    these, so they stand in for it: a build with nothing to run need not compute it.)

    The build date is left out on purpose: a rebuild with nothing changed keeps the site, and the day it was made.
    """
    h = hashlib.sha256(json.dumps({"notebooks": keys, "params": inputs.params, "data": inputs.data,
                                   "code": inputs.code, "libraries": inputs.libraries, "previous": previous},
                                  sort_keys=True, default=str).encode())
    files = [root / f for f in STAGE_FILES] + [p for d in STAGE_DIRS for p in sorted((root / d).rglob("*")) if p.is_file()]
    for f in [*files, *(paths.NOTEBOOKS / f"{n}.md" for n in BUILD_PAGES), paths.CITATION]:
        h.update(str(f.relative_to(root) if f.is_relative_to(root) else f).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _touch(copy: Path) -> None:
    """Mark a cached copy as just used, so pruning keeps it (never creates one: Path.touch would)."""
    try:
        os.utime(copy)
    except OSError:
        pass


def _read_key(folder: Path) -> str | None:
    try:
        return (folder / BUILD_KEY).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _execute(name: str, source: str, out: str, values: dict, env: dict) -> tuple[str, float]:
    """Run one notebook with papermill in its own process (the kernel is this interpreter's)."""
    import papermill as pm
    from traitlets.config import Config

    os.environ.update(env)
    # The kernel's own chatter goes to a log beside the executed copy, not to the build's output.
    log = os.open(out.removesuffix(".ipynb") + ".log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(log, 2)
    start = time.perf_counter()
    # The kernel listens on Unix sockets in a folder of its own. With TCP, a port picked for it can be taken by
    # another program before the kernel binds it ("Address already in use"), failing builds at random.
    sockets = tempfile.mkdtemp(prefix="multivector-kernel-")
    ipc = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}})
    try:
        nb = pm.execute_notebook(source, out, parameters=values, kernel_name="python3", progress_bar=False,
                                 cwd=str(Path(source).parent), log_output=False, config=ipc)
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    # Readers see the run card, not the injected parameters cell.
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.metadata["tags"] = [*cell.metadata["tags"], "remove-cell"]
    nbformat.write(nb, out)
    return name, time.perf_counter() - start


def _failing_cell(path: Path) -> str:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return "unknown cell"
    for i, cell in enumerate(nb["cells"]):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                return f"cell {i} ({o.get('ename')}: {o.get('evalue')})"
    return "unknown cell"


def check(data_dir: Path | None, values: dict) -> tuple[dict, data.Dataset]:
    """Validate parameters and data before anything runs."""
    checked = params.validate(values)
    ds = data.load(data_dir, year=checked["year"], baseline_year=checked["baseline_year"])
    unknown = claims.unknown_checks(ds)
    if unknown:
        raise data.DataError([f"claims.csv, column 'check': unknown check(s) {', '.join(unknown)}; "
                              f"expected one of {', '.join(claims.CHECKS)}"], ds.folder)
    if checked["baseline_year"] not in ds.years:
        raise params.ParameterError(f"parameter 'baseline_year' = {checked['baseline_year']} is not a year of the "
                                    f"data; expected one of {', '.join(map(str, ds.years))}")
    return checked, ds


def build(values: dict | None = None, data_dir: Path | None = None, out: Path | None = None,
          jobs: int | None = None, force: bool = False, report: Reporter | None = None,
          cache: Path | None = None, root: Path | None = None) -> Path:
    """Build the site into `out`: re-execute only the notebooks whose inputs changed, then run Jupyter Book.

    `cache` holds executed copies (default _build/cache); `root` is where _config.yml, _toc.yml and book/
    are read from (default: the repository).
    """
    report = report or Reporter()
    out = Path(out or paths.SITE).resolve()
    root = Path(root or paths.ROOT).resolve()
    cache = Path(cache or paths.CACHE)
    t0 = time.perf_counter()
    values = dict(values or {})
    values = params.with_data_dir(values, data_dir)
    # A worker starts loading papermill now, while this process checks the data: the first notebook that has to run
    # then starts at once. A build with nothing to run only waits for it to finish loading.
    with workers(jobs) as pool:
        return _build(values, out=out, root=root, cache=cache, force=force, report=report, pool=pool, t0=t0)


def _build(values: dict, *, out: Path, root: Path, cache: Path, force: bool, report: Reporter,
           pool: cf.ProcessPoolExecutor, t0: float) -> Path:
    report("step", "1/4 Checking parameters and data")
    checked, ds = check(Path(values["data_dir"]) if values.get("data_dir") else None, values)
    now = current_inputs(NOTEBOOKS, checked, ds)
    cache.mkdir(parents=True, exist_ok=True)
    decisions = plan(NOTEBOOKS, now, cache, force)
    previous = edition.read(out)
    work = stage_dir(out)

    if not any(d.runs for d in decisions):
        key = site_key(root, {d.name: d.copy.stem for d in decisions}, now, previous)
        if _read_key(out) == key == _read_key(work):
            report("step", f"2/4 Executing {len(NOTEBOOKS)} notebooks with papermill (none to run)")
            for d in decisions:
                _touch(d.copy)
                report("notebook", f"  {d.name}: reused", notebook=d.name, status="reused")
            elapsed = time.perf_counter() - t0
            report("done", f"Nothing changed since the last build, so the site was left as it is ({elapsed:.0f} s): "
                           f"{out / 'index.html'}",
                   notebooks=len(NOTEBOOKS), ran=0, pages=None, seconds=round(elapsed, 1), site=str(out))
            return out

    described = {}

    def describe() -> None:
        """The edition's facts and what Sphinx is handed; computed while the notebooks run, when some do."""
        described["facts"] = edition.summary(ds, checked)
        described["handoff"] = edition.handoff(ds, described["facts"], previous)

    if work.exists():
        shutil.rmtree(work)
    (work / "notebooks").mkdir(parents=True)
    for f in STAGE_FILES:
        shutil.copy2(root / f, work / f)
    for d in STAGE_DIRS:
        shutil.copytree(root / d, work / d)
    for name in BUILD_PAGES:
        shutil.copy2(paths.NOTEBOOKS / f"{name}.md", work / "notebooks" / f"{name}.md")
    env = {"MULTIVECTOR_BUILD_DATE": dt.date.today().isoformat()}
    book = Book(work, cache)
    try:
        runs = sum(d.runs for d in decisions)
        report("step", f"2/4 Executing {len(NOTEBOOKS)} notebooks with papermill ({runs} to run)")
        keys, todo = {}, []
        for d in decisions:
            if d.runs:
                todo.append(d)
                continue
            try:
                shutil.copyfile(d.copy, work / "notebooks" / f"{d.name}.ipynb")
                _touch(d.copy)
            except FileNotFoundError:
                todo.append(Decision(d.name, "its cached copy was removed by another build"))
                continue
            keys[d.name] = d.copy.stem.removeprefix(f"{d.name}-")
            report("notebook", f"  {d.name}: reused", notebook=d.name, status="reused")
        seconds, failed = execute(todo, work / "notebooks", checked, env, report=report,
                                  meanwhile=describe, pool=pool)
        for name in seconds:
            executed = work / "notebooks" / f"{name}.ipynb"
            reads = recorded_reads(executed)
            # A notebook that records no reads may have read anything: it is kept as depending on all data.
            keys[name] = remember(cache, name, record(now, name, now.data if reads is None else reads), executed)
        if failed:
            raise BuildError("execute notebooks", "; ".join(failed), keep=work / "notebooks")

        report("step", "3/4 Building the book with Jupyter Book")
        edition.write_handoff(work, described["handoff"])
        if book.run() != 0:
            plain = re.sub(r"\x1b\[[0-9;]*m", "", book.log.read_text(encoding="utf-8"))
            warnings = [line for line in plain.splitlines() if "WARNING" in line or "ERROR" in line]
            raise BuildError("build book", "Jupyter Book reported problems:\n" + "\n".join(warnings[:30]),
                             keep=book.log)
    finally:
        book.close()

    report("step", "4/4 Publishing")
    site = work / "_build" / "html"
    _copy_data(ds, site / "data")
    edition.write(site, described["facts"])
    key = site_key(root, {n: f"{n}-{keys[n]}" for n in NOTEBOOKS}, now, previous)
    (site / BUILD_KEY).write_text(key + "\n", encoding="utf-8")
    _publish(site, out)
    (work / BUILD_KEY).write_text(key + "\n", encoding="utf-8")
    pages = len(list(out.rglob("*.html")))
    elapsed = time.perf_counter() - t0
    ran = len(todo)
    report("done", f"Built {len(NOTEBOOKS)} notebooks ({ran} ran, {len(NOTEBOOKS) - ran} reused), "
                   f"{pages} pages in {elapsed:.0f} s: {out / 'index.html'}",
           notebooks=len(NOTEBOOKS), ran=ran, pages=pages, seconds=round(elapsed, 1), site=str(out))
    return out


class Book:
    """Jupyter Book in a process of its own (multivector.bookrun), started before the notebooks run so that its
    imports use a core they leave idle; run() says go and waits; close() stops it if it never ran."""

    MODULES = "jupyter-book-modules.txt"  # in the cache: what the last build imported, to load before the next

    def __init__(self, folder: Path, cache: Path):
        self.log = folder / "jupyter-book.log"
        self._log = self.log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-m", bookrun.__name__, str(folder), str(cache / self.MODULES)],
                                     stdin=subprocess.PIPE, stdout=self._log, stderr=subprocess.STDOUT, text=True)

    def run(self) -> int:
        """Jupyter Book's exit status; its output is in self.log."""
        try:
            self.proc.stdin.write(bookrun.GO + "\n")
            self.proc.stdin.close()
        except BrokenPipeError:  # it failed while loading; the log says why
            pass
        return self.proc.wait()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def _load_papermill() -> None:
    importlib.import_module("papermill")


def workers(jobs: int | None = None) -> cf.ProcessPoolExecutor:
    """Up to `jobs` worker processes (default: one per available core), started as notebooks are handed to them;
    the first starts at once and loads papermill."""
    jobs = max(1, jobs or available_cores())
    # Spawned, not forked: forking a process that runs threads (a server, a browser driver) can deadlock.
    pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn"))
    pool.submit(_load_papermill)
    return pool


def execute(todo: list[Decision], folder: Path, values: dict, env: dict, jobs: int | None = None,
            report: Reporter | None = None, meanwhile=None,
            pool: cf.ProcessPoolExecutor | None = None) -> tuple[dict[str, float], list[str]]:
    """Run the notebooks of `todo` into `folder`, `jobs` at a time (or on `pool`); return the seconds each took,
    and the failures.

    `meanwhile()`, if given, runs in this process once the notebooks are under way (at once if there are none).
    """
    report = report or Reporter(quiet=True)
    seconds, failed = {}, []
    if not todo:
        if meanwhile:
            meanwhile()
        return seconds, failed
    with contextlib.nullcontext(pool) if pool else workers(min(jobs or available_cores(), len(todo))) as pool:
        futures = {pool.submit(_execute, d.name, str(paths.NOTEBOOKS / f"{d.name}.ipynb"),
                               str(folder / f"{d.name}.ipynb"), values, env): d for d in todo}
        if meanwhile:
            meanwhile()
        for fut in cf.as_completed(futures):
            d = futures[fut]
            executed = folder / f"{d.name}.ipynb"
            try:
                _, seconds[d.name] = fut.result()
            except Exception as exc:  # papermill raises PapermillExecutionError with the cell
                where = _failing_cell(executed)
                if where == "unknown cell":  # it failed before or around the cells: the kernel, say
                    where = f"{type(exc).__name__}: {exc}"
                failed.append(f"notebook {d.name}: {where}; executed copy with the error: {executed}")
                report("error", f"  {d.name}: FAILED ({type(exc).__name__})", notebook=d.name, status="failed")
                continue
            report("notebook", f"  {d.name}: ran ({d.reason}) in {seconds[d.name]:.1f} s", notebook=d.name,
                   status="ran", reason=d.reason, seconds=round(seconds[d.name], 2))
    return seconds, failed


def stage_dir(out: Path) -> Path:
    """Where a build of `out` executes and assembles; kept after the build for nbval and inspection."""
    return out.parent / f"{out.name}.stage"


def _copy_data(ds: data.Dataset, dest: Path) -> None:
    """The data files the edition was built from, downloadable from the sources appendix."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ds.folder / paths.DATAPACKAGE, dest / paths.DATAPACKAGE)
    for r in ds.descriptor["resources"]:
        shutil.copy2(ds.folder / r["path"], dest / Path(r["path"]).name)


def _publish(site: Path, out: Path) -> None:
    """Swap the new site in; the old one is removed only after the new one is in place. The stage's copy is moved,
    not copied: nothing reads it after publishing (nbval reads the stage's notebooks)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    incoming = out.with_name(out.name + ".incoming")
    outgoing = out.with_name(out.name + ".outgoing")
    for p in (incoming, outgoing):
        if p.exists():
            shutil.rmtree(p)
    shutil.move(site, incoming)
    if out.exists():
        out.rename(outgoing)
    incoming.rename(out)
    if outgoing.exists():
        shutil.rmtree(outgoing)
