"""The notebooks' workers stop at once, whatever they were doing, and leave nothing that keeps the build's process
from ending: no worker, and no thread of the executor waiting for one."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

STOPPED_WHILE = {
    # Notebooks handed out and more queued behind them, as when a build is interrupted: each worker has begun a long
    # task (it marked a file first) and more wait in the executor's queue.
    "running": """
for i in range(8):
    pool.submit(pathlib.Path.touch, began / str(i))
    pool.submit(time.sleep, 30)
while len(list(began.iterdir())) < jobs:
    time.sleep(0.05)
time.sleep(0.3)
""",
    # Every worker still starting, as when the plan finds nothing to run.
    "starting": "",
}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("moment", sorted(STOPPED_WHILE))
def test_workers_stopped_at_any_moment_let_the_build_process_end(moment, jobs, tmp_path):
    code = (
        f"import pathlib, time\nfrom multivector.engine import execute\njobs, began = {jobs}, pathlib.Path({str(tmp_path)!r})\n"
        "pool = execute.Workers(jobs)\npool.start()\n"
    )
    code += STOPPED_WHILE[moment] + "\npool.stop()\nprint('stopped', flush=True)\n"
    try:
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as hung:
        pytest.fail(f"the process did not end after stop() (output: {hung.stdout!r})")
    assert done.returncode == 0 and done.stdout.strip() == "stopped", done.stderr[-2000:]


@pytest.mark.parametrize("every, started", [(False, 1), (True, 2)])
def test_the_build_can_start_every_worker_before_it_knows_what_runs(every, started):
    import multiprocessing as mp

    import psutil

    from multivector.engine import execute

    def gone(pid: int) -> bool:
        # Dead, whoever reaps it: multiprocessing's list of children may still hold a worker the executor's own thread
        # reaped a moment later, so the processes themselves are asked.
        try:
            return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    before = set(mp.active_children())
    pool = execute.Workers(2)
    try:
        pool.start(every=every)
        pool.start()  # asking again starts none
        workers = set(mp.active_children()) - before
        assert len(workers) == started
    finally:
        pool.stop()
    assert all(gone(worker.pid) for worker in workers)
