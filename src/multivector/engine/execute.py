"""Execute notebooks with papermill, in worker processes, into a stage folder (never in place)."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import importlib
import json
import multiprocessing as mp
import os
import shutil
import tempfile
import time
from pathlib import Path

from multivector import paths
from multivector.engine import processes
from multivector.engine.cache import Decision

# Files the build writes are read and written by their owner and read by others, as any editor would make them.
FILE_MODE = 0o644


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start_worker(parent: int) -> None:
    processes.die_with_parent(parent)
    importlib.import_module("papermill")


class Workers:
    """Up to `jobs` papermill worker processes (spawned, not forked: forking a process that runs threads, a server or a
    browser driver, can deadlock), started when first needed; stop() ends every worker and kernel at once."""

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or available_cores())
        self._pool: cf.ProcessPoolExecutor | None = None
        self._started = 0  # the workers start() has asked for
        # The executor lists its workers nowhere public; multiprocessing lists every child it started, these among them.
        self._others = set(mp.active_children())

    def start(self, every: bool = False) -> None:
        """Start the first worker now, or with `every` as many as may run at once (each loads papermill), unless they
        are started."""
        if self._pool is None:
            self._pool = cf.ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=mp.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            self._started = 0
        wanted = (self.jobs if every else 1) - self._started
        if wanted > 0:  # submit() asks on every call: only a worker to start is spawned for
            with processes.spawning():
                # A task handed out while no worker is idle starts one (as many as `jobs`).
                for _ in range(wanted):
                    self._pool.submit(int)
                self._started += wanted

    def submit(self, fn, *args) -> cf.Future:
        self.start()
        with processes.spawning():  # a submit may start a worker
            return self._pool.submit(fn, *args)

    def stop(self) -> None:
        """Stop every worker and kernel at once, without waiting for them: every notebook handed out has finished (or
        no longer matters), and a worker still loading papermill would hold the build for a second."""
        if self._pool is None:
            return
        self._pool.shutdown(wait=False, cancel_futures=True)  # first, so that no worker starts after the ones stopped
        stopped = set(mp.active_children()) - self._others
        for worker in stopped:
            # Reaped by multiprocessing (join), not by kill_tree: the executor's thread counts the workers still alive
            # before it ends, and one reaped elsewhere would count as alive for ever (the build would never exit).
            processes.kill_tree(worker.pid, reap=False)
        for worker in stopped:
            worker.join(timeout=5)
        # Never to be stopped again, even if still listed as children (their pids may be reused).
        self._others |= stopped
        self._pool = None


@contextlib.contextmanager
def workers(jobs: int | None = None, at_once: bool = True):
    """Workers (see `Workers`), with `at_once` every one started now, loading papermill while the caller checks the
    data (a rebuild's second notebook would otherwise wait 1.5 s here for its worker; a build with nothing to run
    stops them after its plan), else each when first needed; on the way out, after an exception (the interrupt
    included) as after success, all stopped."""
    pool = Workers(jobs)
    if at_once:
        pool.start(every=True)
    try:
        yield pool
    finally:
        pool.stop()


def _execute(name: str, source: str, out: str, values: dict, env: dict) -> tuple[str, float]:
    """Run one notebook with papermill in its own process (the kernel is this interpreter's)."""
    # Imported here, in the worker, for start-up time: the build's own process never loads papermill or nbformat.
    import nbformat
    import papermill as pm
    from traitlets.config import Config

    os.environ.update(env)
    # The kernel's own chatter goes to a log beside the executed copy, not to the build's output.
    log = os.open(out.removesuffix(".ipynb") + ".log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.dup2(log, 2)
    start = time.perf_counter()
    # The kernel listens on Unix sockets in a folder of its own. With TCP, a port picked for it can be taken by
    # another program before the kernel binds it ("Address already in use"), failing builds at random.
    sockets = tempfile.mkdtemp(prefix="multivector-kernel-")
    ipc = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}})
    try:
        nb = pm.execute_notebook(
            source,
            out,
            parameters=values,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(Path(source).parent),
            log_output=False,
            config=ipc,
            # Written once, when it ends (or fails), not after every cell: the 30 writes of a section, each validated
            # by nbformat, cost 0.4 s of this worker's time, and nothing reads the copy before it ends.
            request_save_on_cell_execute=False,
            # Every output is in once the last cell has finished: the kernel is then killed rather than asked to shut
            # down and waited for (0.4 s of a notebook's run, its interpreter tearing down what it imported).
            shutdown_kernel="immediate",
        )
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    # Readers see the run card, not the injected parameters cell.
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.metadata["tags"] = [*cell.metadata["tags"], "remove-cell"]
    nbformat.write(nb, out)
    return name, time.perf_counter() - start


def failing_cell(path: Path) -> str:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return "unknown cell"
    for i, cell in enumerate(nb["cells"]):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                return f"cell {i} ({o.get('ename')}: {o.get('evalue')})"
    return "unknown cell"


def execute(
    todo: list[Decision], folder: Path, values: dict, env: dict, pool: Workers, report, meanwhile=None, each=None
) -> tuple[dict[str, float], list[str]]:
    """Run the notebooks of `todo` into `folder` on `pool`; return the seconds each took, and the failures.

    `meanwhile()`, if given, runs in this process once the notebooks are under way (at once if there are none);
    `each(name, executed)`, if given, as each notebook has run, with its executed copy.
    """
    seconds, failed = {}, []
    futures = {
        pool.submit(
            _execute, d.name, str(paths.NOTEBOOKS / f"{d.name}.ipynb"), str(folder / f"{d.name}.ipynb"), values, env
        ): d
        for d in todo
    }
    if meanwhile:
        meanwhile()
    for fut in cf.as_completed(futures):
        d = futures[fut]
        executed = folder / f"{d.name}.ipynb"
        try:
            _, seconds[d.name] = fut.result()
        except Exception as exc:  # papermill raises PapermillExecutionError with the cell
            where = failing_cell(executed)
            if where == "unknown cell":  # it failed before or around the cells: the kernel, say
                where = f"{type(exc).__name__}: {exc}"
            failed.append(f"notebook {d.name}: {where}; executed copy with the error: {executed}")
            report("error", f"  {d.name}: FAILED ({type(exc).__name__})", notebook=d.name, status="failed")
            continue
        report(
            "notebook",
            f"  {d.name}: ran ({d.reason}) in {seconds[d.name]:.1f} s",
            notebook=d.name,
            status="ran",
            reason=d.reason,
            seconds=round(seconds[d.name], 2),
        )
        if each:
            each(d.name, executed)
    return seconds, failed
