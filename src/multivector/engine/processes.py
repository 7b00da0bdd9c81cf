"""Child processes that never outlive the build: on an interrupt, a stop or the build's own death, every worker,
kernel and Jupyter Book process it started goes with it."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import threading

import psutil

_PR_SET_PDEATHSIG = 1


INTERRUPTED = "Interrupted; the published site is unchanged."
# What stops a build: Ctrl-C, a stop request, and the terminal going away (SIGHUP, as when an ssh session drops).
STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _stop(signum, frame):
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            child.kill()
    print(INTERRUPTED, file=sys.stderr, flush=True)
    os._exit(128 + signum)


def exit_on_interrupt() -> None:
    """In the `multivector` command: Ctrl-C, SIGTERM or SIGHUP stops every process the build started and ends it with one
    line, at once. (An exception raised from a signal handler can surface anywhere, even wrapped in another one
    inside an import, so the handler does not raise: it ends the process. The site is swapped in only while these
    signals are ignored (see `uninterruptible`), and a private stage left behind is cleared by the next build.)"""
    for s in STOPS:
        signal.signal(s, _stop)


def kill_tree(pid: int, reap: bool = True) -> None:
    """Kill a process and everything it started, children first seen, so none is left to be adopted. With `reap`
    False the process itself is killed but not waited for: its parent's own bookkeeping must see it end
    (multiprocessing counts a child that someone else reaped as alive for ever)."""
    try:
        root = psutil.Process(pid)
        family = root.children(recursive=True) + [root]
    except psutil.Error:
        return
    for p in family:
        with contextlib.suppress(psutil.Error):
            p.kill()
    psutil.wait_procs(family if reap else family[:-1], timeout=5)


def _die_with_family(signum, frame):
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            child.kill()
    os._exit(128 + signum)


def die_with_parent(parent: int) -> None:
    """In a child of the build (a notebook worker, the Jupyter Book process): end, with everything this child
    started, when the build ends, however it ends (even SIGKILL); leave Ctrl-C to the build, which stops the
    children itself and prints one line instead of a traceback per process. `parent` is the build's pid."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # the terminal's hang-up, like its Ctrl-C, is the build's to handle
    signal.signal(signal.SIGTERM, _die_with_family)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the build died before the line above could take effect
            _die_with_family(signal.SIGTERM, None)


@contextlib.contextmanager
def spawning():
    """Start child processes inside this block: they begin life ignoring Ctrl-C (an ignored signal stays ignored
    across exec, and Python then installs no KeyboardInterrupt handler), so a Ctrl-C while one is still starting
    cannot print its traceback. The build stops them itself."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, saved)


@contextlib.contextmanager
def uninterruptible():
    """Let a step that must not stop half-way (swapping the new site in) finish: Ctrl-C, SIGTERM and SIGHUP
    are ignored while it runs, so the build either publishes everything or nothing. (SIGKILL cannot be ignored; the swap moves
    whole entries by rename, so even then no page is half-written.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.signal(s, signal.SIG_IGN) for s in STOPS}
    try:
        yield
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


def finish(status: int) -> None:
    """End the command's process with `status`, what it made frozen first so that the interpreter's last garbage
    collections skip it (0.3 s of a build's exit here, of 1.3 s for a no-op build); exit handlers still run, and
    files are still flushed and closed."""
    gc.freeze()
    sys.exit(status)
