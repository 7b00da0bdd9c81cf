"""Jupyter Book, loaded before it is needed.

`python -m multivector.bookrun FOLDER [MODULES]` imports Jupyter Book, Sphinx, every extension the book's
configuration names and the modules the previous build imported (listed one per line in the file MODULES, which each
successful build rewrites), then waits for a line on stdin. On "go" it runs the one build the project allows
(`jupyter-book build FOLDER --all -W -n --keep-going`); on anything else, or end of input, it exits without building.

The build starts it while the notebooks execute, so that these imports (two seconds here) use a core the
notebooks leave idle instead of following them (see build.Book).
"""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

GO = "go"
# The only way this project runs Jupyter Book: every page re-read (glued numbers on other pages go stale
# otherwise), warnings are errors, references are checked, and every problem is listed before failing.
ARGS = ("--all", "-W", "-n", "--keep-going")
ABORTED = 3


def command(folder: Path) -> list[str]:
    return ["build", str(folder), *ARGS]


def warm_up(folder: Path, modules: Path | None = None) -> None:
    from jupyter_book.config import get_final_config

    importlib.import_module("jupyter_book.cli.main")
    config, _ = get_final_config(user_yaml=folder / "_config.yml", cli_config={"latex_individualpages": False},
                                 sourcedir=folder)
    names = list(config.get("extensions", []))
    if modules is not None and modules.is_file():
        names += modules.read_text(encoding="utf-8").split()
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module the build no longer has; the build reports real problems itself
            continue


def _remember_modules(modules: Path) -> None:
    tmp = modules.with_name(f".{modules.name}.{os.getpid()}")
    tmp.write_text("\n".join(sorted(sys.modules)) + "\n", encoding="utf-8")
    os.replace(tmp, modules)


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    modules = Path(argv[1]) if len(argv) > 1 else None
    warm_up(folder, modules)
    if sys.stdin.readline().strip() != GO:
        return ABORTED
    from jupyter_book.cli.main import main as jupyter_book

    try:
        jupyter_book(command(folder), prog_name="jupyter-book")
    except SystemExit as done:  # click ends with Jupyter Book's own status
        status = done.code or 0
    else:
        status = 0
    if status == 0 and modules is not None:
        _remember_modules(modules)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
