"""Jupyter Book, loaded before it is needed, and run once per language from that one loaded process.

`python -m multivector.engine.bookrun FOLDER PID [MODULES]` imports Jupyter Book, Sphinx, every extension the book's
configuration in FOLDER names and the modules the previous build imported (listed one per line in the file MODULES,
which each successful run rewrites), then reads lines on stdin. Each "go fresh BOOK LOG" or "go update BOOK LOG" forks
a child that runs the one build the project allows (`jupyter-book build BOOK -W -n --keep-going`, with `--all` when
fresh: engine.incremental says when), its output in LOG; when a child ends, "done N STATUS" (N counting runs from 0)
goes to stdout. Anything else on stdin, or its end, starts no more runs; the process ends once its children have.

The build starts it while the notebooks execute, so that these imports (over two seconds of a core here) use a core the
notebooks leave idle instead of following them, and are paid once, not once per language: a forked child starts with
them all loaded. `Book` is the build's side of this: it starts the process, starts runs, waits for them, and stops it
(with everything it started) if the build ends first.
"""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import traceback
from pathlib import Path

from multivector.engine import processes
from multivector.files import write_whole

GO, DONE = "go", "done"
FRESH, UPDATE = "fresh", "update"
# The only way this project runs Jupyter Book: warnings are errors, references are checked, and every problem is
# listed before failing; with a fresh environment (`--all`) unless engine.incremental finds only pages' text changed.
ARGS = ("-W", "-n", "--keep-going")
ALL = "--all"
MODULE_NAME = re.compile(r"^[\w.-]+$", re.ASCII)
# The last line of a Python traceback ("OSError: [Errno 28] No space left on device: '…'"), and Jupyter Book's own,
# which names no cause ("There was an error in building your book. Look above for the cause.").
RAISED = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt)\b(?::.*)?$")
GENERIC = re.compile(r"^RuntimeError:\s*$")
# The process forks, which is safe only while it runs one thread: numpy's OpenBLAS would start a pool of threads as it
# is imported (a child forked then waits forever on a lock one of them held).
# What an extension module may define for this process to call once, before it forks its runs (site.sphinxext).
WARM_UP = "warm_up"
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def command(folder: Path, fresh: bool = True) -> list[str]:
    return ["build", str(folder), *((ALL,) if fresh else ()), *ARGS]


def warm_up(folder: Path, modules: Path | None = None) -> None:
    """Import Jupyter Book, the extensions the book's configuration names and the `modules` the last build imported;
    then call each extension's `warm_up()`, if it has one, for the work every run would otherwise repeat."""
    # Imported here for start-up time: the build imports this module for `Book`, and must not load Jupyter Book itself.
    from jupyter_book.config import get_final_config

    importlib.import_module("jupyter_book.cli.main")
    config, _ = get_final_config(
        user_yaml=folder / "_config.yml", cli_config={"latex_individualpages": False}, sourcedir=folder
    )
    extensions = list(config.get("extensions", []))
    names = extensions + read_modules(modules)
    for name in names:
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module the build no longer has; the build reports real problems itself
            continue
        if name in extensions and callable(getattr(module, WARM_UP, None)):
            try:
                getattr(module, WARM_UP)()
            except Exception:  # noqa: BLE001 - each run then does this work itself; the log says why it was not done
                traceback.print_exc()


def read_modules(modules: Path | None) -> list[str]:
    """The module names listed in `modules`; [] if there is no such file."""
    if modules is None or not modules.is_file():
        return []
    return modules.read_text(encoding="utf-8").split()


def check_modules(modules: Path) -> str | None:
    """Remove a list of modules that is not one module name per line (damaged, half-written, edited by hand) and
    say why; the next successful build writes it again."""
    try:
        names = read_modules(modules)
    except (OSError, UnicodeDecodeError) as exc:
        problem = f"unreadable ({exc})"
    else:
        bad = [n for n in names if not MODULE_NAME.match(n)]
        problem = f"not a module name: {bad[0][:40]!r}" if bad else None
    if problem:
        modules.unlink(missing_ok=True)
        return f"{modules.name}: {problem}"
    return None


def _remember_modules(modules: Path) -> None:
    text = "\n".join(sorted(sys.modules)) + "\n"
    try:
        modules.parent.mkdir(parents=True, exist_ok=True)
        write_whole(modules, lambda path: path.write_text(text, encoding="utf-8"))
    except OSError:  # the list only saves time: without it the next build preloads less, and is as right
        pass


def main(argv: list[str]) -> int:
    folder, parent = Path(argv[0]), int(argv[1])
    modules = Path(argv[2]) if len(argv) > 2 else None
    processes.die_with_parent(parent)
    # Statuses go to the build on the stdout it reads; anything a library prints goes to the log (stderr).
    statuses = os.dup(1)
    os.dup2(2, 1)
    warm_up(folder, modules)
    if threads := _other_threads():
        print(f"bookrun: {threads} thread(s) besides the main one; a forked run may hang", file=sys.stderr)
    running: dict[int, int] = {}
    signal.signal(signal.SIGCHLD, lambda *_: _report_ended(running, statuses))
    for n, line in enumerate(sys.stdin):
        word, mode, book, log = (line.rstrip("\n").split(" ", 3) + ["", "", ""])[:4]
        if word != GO or mode not in (FRESH, UPDATE) or not book or not log:
            break
        sys.stdout.flush()
        sys.stderr.flush()
        # SIGCHLD waits until the child is listed, so a child that ends at once is still reported.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        pid = os.fork()
        if pid == 0:
            os.close(statuses)  # the process's to write, not a run's
            os._exit(_run(Path(book), mode == FRESH, Path(log), modules))
        running[pid] = n
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _report_ended(running, statuses, block=True)
    return 0


def _other_threads() -> int:
    try:
        return len(os.listdir("/proc/self/task")) - 1
    except OSError:  # not Linux: nothing to count
        return 0


def _run(book: Path, fresh: bool, log: Path, modules: Path | None) -> int:
    """In a forked child: one Jupyter Book build of `book`, its output in `log`; its exit status."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
    processes.die_with_parent(os.getppid())
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    from jupyter_book.cli.main import main as jupyter_book  # here for start-up time, as in warm_up (which loaded it)

    try:
        jupyter_book(command(book, fresh), prog_name="jupyter-book")
    except SystemExit as done:  # click ends with Jupyter Book's own status
        status = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:  # noqa: BLE001 - a child must end here, and say why in its log as Python would
        traceback.print_exc()
        status = 1
    else:
        status = 0
    if status == 0 and modules is not None:
        _remember_modules(modules)
    # The child ends with os._exit, which runs no atexit handler: processes an extension started through
    # multiprocessing (sphinx-sitemap's Manager) would outlive it, so they are stopped here.
    for started in multiprocessing.active_children():
        started.terminate()
        started.join()
    sys.stdout.flush()
    sys.stderr.flush()
    return status


def _report_ended(running: dict[int, int], statuses: int, block: bool = False) -> None:
    """Tell the build of each child that has ended (every one, waiting for them, when `block`)."""
    while running:
        try:
            pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in running:
            os.write(statuses, f"{DONE} {running.pop(pid)} {os.waitstatus_to_exitcode(status)}\n".encode())


class Book:
    """Jupyter Book loaded in a process of its own, started before the notebooks run so that its imports use a core
    they leave idle (`folder`: a book whose configuration names the extensions to load; `log`: where the process's own
    output goes, by default in `folder`); start() starts a run, close() stops it, and all it started, if it is still
    running."""

    MODULES = "jupyter-book-modules.txt"  # in the cache: what the last build imported, to load before the next
    LOG = "jupyter-book.log"

    def __init__(self, folder: Path, cache: Path, log: Path | None = None):
        self.log = log or folder / self.LOG
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log.open("w", encoding="utf-8")
        modules = cache / self.MODULES
        self.discarded = check_modules(modules)
        self._ended: dict[int, int] = {}
        self._runs = 0
        with processes.spawning():
            self.proc = subprocess.Popen(
                [sys.executable, "-m", __name__, str(folder), str(os.getpid()), str(modules)],
                env={**os.environ, **SINGLE_THREADED},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
                text=True,
            )

    @classmethod
    def for_output(cls, root: Path, cache: Path, out: Path) -> Book:
        """The process for a build of the output folder `out`, the book's configuration read in `root`; its own log in
        `cache`, one per output folder (the folder's lock keeps it to one build at a time)."""
        return cls(root, cache, cache / f"jupyter-book-{hashlib.sha256(str(out).encode()).hexdigest()[:12]}.log")

    def start(self, book: Path, fresh: bool = True, log: Path | None = None) -> Run:
        """Build the book in `book` (afresh, or reusing the Sphinx environment there), its output in `log` (by default
        the process's own); the run's wait() waits for its end."""
        run = Run(self, self._runs, log or self.log)
        self._runs += 1
        try:
            self.proc.stdin.write(f"{GO} {FRESH if fresh else UPDATE} {book} {run.log}\n")
            self.proc.stdin.flush()
        except BrokenPipeError:  # it failed while loading; its log says why
            pass
        return run

    def wait_for(self, n: int) -> int:
        """Run `n`'s exit status; the process's own, or 1, if it ended without reporting one."""
        while n not in self._ended:
            line = self.proc.stdout.readline()
            if not line:
                return self.proc.wait() or 1
            word, run, status = (line.split() + ["", "", ""])[:3]
            if word == DONE and run.isdigit():
                self._ended[int(run)] = int(status) if status.lstrip("-").isdigit() else 1
        return self._ended[n]

    def close(self) -> None:
        processes.kill_tree(self.proc.pid)
        self.proc.wait()
        self._log.close()


class Run:
    """One run of Jupyter Book in a Book's process: wait() for its exit status; its output is in `log`."""

    def __init__(self, book: Book | None, n: int, log: Path):
        self.book, self.n, self.log = book, n, log

    def wait(self) -> int:
        return self.book.wait_for(self.n)

    def first_error(self) -> str:
        """What a failed run reported: the exception that stopped it (the first of a chain is the cause: a full disk,
        say, under Jupyter Book's "Look above for the cause"), its warnings and errors, or else the end of its log
        (or of the process's, if the run never started), never nothing."""
        logs = [self.log] + ([self.book.log] if self.book and self.book.log != self.log else [])
        for log in logs:
            try:
                plain = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            lines = [line for line in plain.splitlines() if line.strip()]
            raised = [line for line in lines if RAISED.match(line) and not GENERIC.match(line)]
            warnings = [line for line in lines if "WARNING" in line or "ERROR" in line]
            if found := raised[:1] + warnings[:30] or lines[-8:]:
                return "\n".join(found)
        return "(Jupyter Book wrote nothing to its log)"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
