"""Jupyter Book, loaded before it is needed: `python -m multivector.bookrun FOLDER` imports Jupyter Book, Sphinx and
every extension the book's configuration names, then waits for a line on stdin. On "go" it runs the one build the
project allows (`jupyter-book build FOLDER --all -W -n --keep-going`); on anything else, or end of input, it exits
without building.

The build starts it while the notebooks execute, so that these imports (over a second here) use a core the
notebooks leave idle, instead of following them (see build.build).
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

GO = "go"
# The only way this project runs Jupyter Book: every page re-read (glued numbers on other pages go stale
# otherwise), warnings are errors, references are checked, and every problem is listed before failing.
ARGS = ("--all", "-W", "-n", "--keep-going")
ABORTED = 3


def command(folder: Path) -> list[str]:
    return ["build", str(folder), *ARGS]


def warm_up(folder: Path) -> None:
    from jupyter_book.config import get_final_config

    importlib.import_module("jupyter_book.cli.main")

    config, _ = get_final_config(user_yaml=folder / "_config.yml", cli_config={"latex_individualpages": False},
                                 sourcedir=folder)
    for name in config.get("extensions", []):
        importlib.import_module(name)


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    warm_up(folder)
    if sys.stdin.readline().strip() != GO:
        return ABORTED
    from jupyter_book.cli.main import main as jupyter_book

    # Click exits with Jupyter Book's own status.
    jupyter_book(command(folder), prog_name="jupyter-book")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
