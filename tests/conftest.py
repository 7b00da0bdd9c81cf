"""Shared fixtures: the built default site, and copies of the data folder that tests may break."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from multivector import build, data, paths


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The default edition, built once per session unless `make test` already built it."""
    site = paths.SITE
    if os.environ.get("MULTIVECTOR_REBUILD") or not (site / "_edition.json").is_file():
        build.build(out=site, report=build.Reporter(quiet=True))
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

