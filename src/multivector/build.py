"""Build the book: check parameters and data, execute notebooks with papermill, run Jupyter Book, publish atomically."""
from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import claims, data, edition, params, paths

NOTEBOOKS = paths.PAGES
STAGE_FILES = ("_config.yml", "_toc.yml")
STAGE_DIRS = ("book",)


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


def cache_key(name: str, values: dict, ds: data.Dataset, code: str) -> str:
    source = (paths.NOTEBOOKS / f"{name}.ipynb").read_bytes()
    resources = {r["name"]: r["hash"] for r in ds.descriptor["resources"]}
    payload = json.dumps({"nb": hashlib.sha256(source).hexdigest(), "params": values,
                          "data": resources, "code": code, "bib": data.sha256(paths.BIBLIOGRAPHY)}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _execute(name: str, source: str, out: str, values: dict, env: dict) -> tuple[str, float]:
    """Run one notebook with papermill in its own process (the kernel is this interpreter's)."""
    import papermill as pm

    os.environ.update(env)
    # The kernel's own chatter goes to a log beside the executed copy, not to the build's output.
    log = os.open(out.removesuffix(".ipynb") + ".log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(log, 2)
    start = time.perf_counter()
    nb = pm.execute_notebook(source, out, parameters=values, kernel_name="python3",
                             progress_bar=False, cwd=str(Path(source).parent), log_output=False)
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
    ds = data.load(data_dir, year=checked["year"])
    unknown = claims.unknown_checks(ds)
    if unknown:
        raise data.DataError([f"claims.csv, column 'check': unknown check(s) {', '.join(unknown)}; "
                              f"expected one of {', '.join(claims.CHECKS)}"], ds.folder)
    if checked["baseline_year"] not in ds.years:
        raise params.ParameterError(f"parameter 'baseline_year' = {checked['baseline_year']} is not a year of the "
                                    f"data; expected one of {', '.join(map(str, ds.years))}")
    return checked, ds


def build(values: dict | None = None, data_dir: Path | None = None, out: Path | None = None,
          jobs: int | None = None, force: bool = False, report: Reporter | None = None) -> Path:
    report = report or Reporter()
    out = Path(out or paths.SITE).resolve()
    t0 = time.perf_counter()
    values = dict(values or {})
    if data_dir:
        values["data_dir"] = str(Path(data_dir).resolve())
    report("step", "1/4 Checking parameters and data")
    checked, ds = check(Path(values["data_dir"]) if values.get("data_dir") else None, values)

    work = stage_dir(out)
    if work.exists():
        shutil.rmtree(work)
    (work / "notebooks").mkdir(parents=True)
    for f in STAGE_FILES:
        shutil.copy2(paths.ROOT / f, work / f)
    for d in STAGE_DIRS:
        shutil.copytree(paths.ROOT / d, work / d)

    facts = edition.summary(ds, checked)
    previous = edition.read(out)
    if previous is not None:
        prev_file = work / "previous_edition"
        prev_file.mkdir()
        edition.write(prev_file, previous)
    env = {"MULTIVECTOR_BUILD_DATE": dt.date.today().isoformat(),
           edition.PREVIOUS_ENV: str(work / "previous_edition") if previous is not None else ""}

    report("step", f"2/4 Executing {len(NOTEBOOKS)} notebooks with papermill")
    code = package_hash()
    cache = paths.CACHE
    cache.mkdir(parents=True, exist_ok=True)
    todo = []
    for name in NOTEBOOKS:
        key = cache_key(name, checked, ds, code) + ("-" + hashlib.sha256(json.dumps(previous, sort_keys=True).encode()).hexdigest()[:8] if name == "what_changed" else "")
        cached = cache / f"{name}-{key}.ipynb"
        if cached.is_file() and not force:
            shutil.copy2(cached, work / "notebooks" / f"{name}.ipynb")
            report("notebook", f"  {name}: reused", notebook=name, status="reused")
        else:
            todo.append((name, cached))
    jobs = jobs or os.cpu_count() or 1
    # Spawned, not forked: forking a process that runs threads (a server, a browser driver) can deadlock.
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn")) as pool:
        futures = {pool.submit(_execute, name, str(paths.NOTEBOOKS / f"{name}.ipynb"),
                               str(work / "notebooks" / f"{name}.ipynb"), checked, env): (name, cached)
                   for name, cached in todo}
        failed = []
        for fut in cf.as_completed(futures):
            name, cached = futures[fut]
            executed = work / "notebooks" / f"{name}.ipynb"
            try:
                _, seconds = fut.result()
            except Exception as exc:  # papermill raises PapermillExecutionError with the cell
                failed.append(f"notebook {name}: {_failing_cell(executed)}; executed copy with the error: {executed}")
                report("error", f"  {name}: FAILED ({type(exc).__name__})", notebook=name, status="failed")
                continue
            for stale in cache.glob(f"{name}-*.ipynb"):
                stale.unlink()
            shutil.copy2(executed, cached)
            report("notebook", f"  {name}: ran ({seconds:.1f} s)", notebook=name, status="ran", seconds=round(seconds, 2))
    if failed:
        raise BuildError("execute notebooks", "; ".join(failed), keep=work / "notebooks")

    report("step", "3/4 Building the book with Jupyter Book")
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jb), "build", str(work), "--all", "-W", "-n", "--keep-going"],
                            capture_output=True, text=True)
    log = work / "jupyter-book.log"
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
        warnings = [line for line in plain.splitlines() if "WARNING" in line or "ERROR" in line]
        raise BuildError("build book", "Jupyter Book reported problems:\n" + "\n".join(warnings[:30]), keep=log)

    report("step", "4/4 Publishing")
    site = work / "_build" / "html"
    _copy_data(ds, site / "data")
    edition.write(site, facts)
    _publish(site, out)
    pages = len(list(out.rglob("*.html")))
    elapsed = time.perf_counter() - t0
    report("done", f"Built {len(NOTEBOOKS)} notebooks ({len(todo)} ran, {len(NOTEBOOKS) - len(todo)} reused), "
                   f"{pages} pages in {elapsed:.0f} s: {out / 'index.html'}",
           notebooks=len(NOTEBOOKS), ran=len(todo), pages=pages, seconds=round(elapsed, 1), site=str(out))
    return out


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
    """Swap the new site in; the old one is removed only after the new one is in place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    incoming = out.with_name(out.name + ".incoming")
    outgoing = out.with_name(out.name + ".outgoing")
    for p in (incoming, outgoing):
        if p.exists():
            shutil.rmtree(p)
    shutil.copytree(site, incoming)
    if out.exists():
        out.rename(outgoing)
    incoming.rename(out)
    if outgoing.exists():
        shutil.rmtree(outgoing)
