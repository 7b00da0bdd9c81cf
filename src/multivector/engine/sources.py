"""What a build reads: the book's own files, which it stages for Jupyter Book beside the executed notebooks, every file
and folder a build of the book reads, and those its notebooks read (engine.early's guesses at what a build will do)."""

from __future__ import annotations

import shutil
from pathlib import Path

from multivector import params, paths
from multivector.engine.keys import PACKAGE

# The book's configuration and hand-written pages: Jupyter Book reads them from the stage.
STAGE_FILES = ("_config.yml", "_toc.yml")
STAGE_DIRS = ("book",)


def of_build(root: Path, values: dict) -> list[Path]:
    """The files and folders a build of the book at `root` with `values` reads: the data, the book's configuration,
    hand-written pages and catalogs, the notebooks, the bibliography, CITATION.cff and the package."""
    book = [root / f for f in (*STAGE_FILES, *STAGE_DIRS, paths.LOCALES)]
    return [
        params.data_folder(values) or paths.DATA,
        *book,
        paths.NOTEBOOKS,
        paths.BIBLIOGRAPHY,
        paths.CITATION,
        PACKAGE,
    ]


def of_notebooks(values: dict) -> list[Path]:
    """What of `of_build` the notebooks' kernels read: the data, the notebooks, the bibliography and the package (a
    change elsewhere, to the book's own files, runs no notebook)."""
    return [params.data_folder(values) or paths.DATA, paths.NOTEBOOKS, paths.BIBLIOGRAPHY, PACKAGE]


def copy_book(root: Path, dest: Path) -> None:
    """Jupyter Book's configuration and the hand-written pages of the book at `root`, copied into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in STAGE_FILES:
        shutil.copy2(root / f, dest / f)
    for d in STAGE_DIRS:
        shutil.copytree(root / d, dest / d)
