"""Shared fixtures: the built default site, and copies of the data folder that tests may break."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from multivector import build, data, paths


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The default edition, brought up to date once per session (a no-op when `make test` has just built it), so
    that its executed copies in the shared cache are current too."""
    site = paths.SITE
    build.build(out=site, report=build.Reporter(quiet=True), force=bool(os.environ.get("MULTIVECTOR_REBUILD")))
    return site


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ to edit; call `data.rehash(folder)` after editing, as an analyst would."""
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    return folder


def edit_csv(folder: Path, name: str, transform) -> None:
    """Rewrite one CSV's text with `transform(text) -> text` and record its new checksum."""
    path = folder / name
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")
    data.rehash(folder)


def tree_digest(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

