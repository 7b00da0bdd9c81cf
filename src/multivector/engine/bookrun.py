"""Jupyter Book, loaded before it is needed.

`python -m multivector.engine.bookrun FOLDER PID [MODULES]` imports Jupyter Book, Sphinx, every extension the book's
configuration in FOLDER names and the modules the previous build imported (listed one per line in the file MODULES,
which each successful build rewrites), then waits for a line on stdin. On "go fresh BOOK" or "go update BOOK" it runs
the one build the project allows (`jupyter-book build BOOK -W -n --keep-going`, with `--all` when fresh:
engine.incremental says when); on anything else, or end of input, it exits without building.

The build starts it while the notebooks execute, so that these imports (two seconds here) use a core the
notebooks leave idle instead of following them. `Book` is the build's side of this: it starts the process, says
go, and stops it (with everything it started) if the build ends first.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

from multivector.engine import processes
from multivector.files import write_whole

GO = "go"
FRESH, UPDATE = "fresh", "update"
# The only way this project runs Jupyter Book: warnings are errors, references are checked, and every problem is
# listed before failing; with a fresh environment (`--all`) unless engine.incremental finds only pages' text changed.
ARGS = ("-W", "-n", "--keep-going")
ALL = "--all"
ABORTED = 3
MODULE_NAME = re.compile(r"^[\w.-]+$", re.ASCII)
# The last line of a Python traceback ("OSError: [Errno 28] No space left on device: '…'"), and Jupyter Book's own,
# which names no cause ("There was an error in building your book. Look above for the cause.").
RAISED = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt)\b(?::.*)?$")
GENERIC = re.compile(r"^RuntimeError:\s*$")


def command(folder: Path, fresh: bool = True) -> list[str]:
    return ["build", str(folder), *((ALL,) if fresh else ()), *ARGS]


def warm_up(folder: Path, modules: Path | None = None) -> None:
    # Imported here for start-up time: the build imports this module for `Book`, and must not load Jupyter Book itself.
    from jupyter_book.config import get_final_config

    importlib.import_module("jupyter_book.cli.main")
    config, _ = get_final_config(
        user_yaml=folder / "_config.yml", cli_config={"latex_individualpages": False}, sourcedir=folder
    )
    names = list(config.get("extensions", []))
    names += read_modules(modules)
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module the build no longer has; the build reports real problems itself
            continue


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
    write_whole(modules, lambda path: path.write_text(text, encoding="utf-8"))


def main(argv: list[str]) -> int:
    folder, parent = Path(argv[0]), int(argv[1])
    modules = Path(argv[2]) if len(argv) > 2 else None
    processes.die_with_parent(parent)
    warm_up(folder, modules)
    word, mode, book = (sys.stdin.readline().rstrip("\n").split(" ", 2) + ["", ""])[:3]
    if word != GO or mode not in (FRESH, UPDATE) or not book:
        return ABORTED
    from jupyter_book.cli.main import main as jupyter_book  # here for start-up time, as in warm_up (which loaded it)

    try:
        jupyter_book(command(Path(book), mode == FRESH), prog_name="jupyter-book")
    except SystemExit as done:  # click ends with Jupyter Book's own status
        status = done.code or 0
    else:
        status = 0
    if status == 0 and modules is not None:
        _remember_modules(modules)
    return status


class Book:
    """Jupyter Book in a process of its own, started before the notebooks run so that its imports use a core they
    leave idle (`folder`: the stage, whose configuration names the extensions to load; `log`: where its output goes,
    by default in `folder`); start() says go, wait() waits for it to end; close() stops it, and all it started, if it
    is still running."""

    MODULES = "jupyter-book-modules.txt"  # in the cache: what the last build imported, to load before the next
    LOG = "jupyter-book.log"

    def __init__(self, folder: Path, cache: Path, log: Path | None = None):
        self.log = log or folder / self.LOG
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log.open("w", encoding="utf-8")
        modules = cache / self.MODULES
        self.discarded = check_modules(modules)
        with processes.spawning():
            self.proc = subprocess.Popen(
                [sys.executable, "-m", __name__, str(folder), str(os.getpid()), str(modules)],
                stdin=subprocess.PIPE,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                text=True,
            )

    def start(self, book: Path, fresh: bool = True) -> None:
        """Build the book in `book` (afresh, or reusing the Sphinx environment there); wait() for its end."""
        try:
            self.proc.stdin.write(f"{GO} {FRESH if fresh else UPDATE} {book}\n")
            self.proc.stdin.close()
        except BrokenPipeError:  # it failed while loading; the log says why
            pass

    def wait(self) -> int:
        """Jupyter Book's exit status; its output is in self.log."""
        return self.proc.wait()

    def close(self) -> None:
        processes.kill_tree(self.proc.pid)
        self.proc.wait()
        self._log.close()

    def first_error(self) -> str:
        """What a failed run reported: the exception that stopped it (the first of a chain is the cause: a full disk,
        say, under Jupyter Book's "Look above for the cause"), its warnings and errors, or else the end of its log,
        never nothing."""
        plain = re.sub(r"\x1b\[[0-9;]*m", "", self.log.read_text(encoding="utf-8", errors="replace"))
        lines = [line for line in plain.splitlines() if line.strip()]
        raised = [line for line in lines if RAISED.match(line) and not GENERIC.match(line)]
        warnings = [line for line in lines if "WARNING" in line or "ERROR" in line]
        return "\n".join(raised[:1] + warnings[:30] or lines[-8:] or ["(Jupyter Book wrote nothing to its log)"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
