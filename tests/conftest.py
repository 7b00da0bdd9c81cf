"""Shared fixtures: the built default site, and copies of the data folder that tests may break."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browser_support import browser_unavailable_reason, launch_chromium, serve_site, skip_requested

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


# The real-browser tests' session: one site, one Chromium, one local server for every test module that needs them.
DEFAULT_SITE = paths.SITE


@pytest.fixture(scope="session")
def site_root(request) -> Path:
    """The site under test: MULTIVECTOR_SITE if set (any built folder), else conftest's `built_site`."""
    if os.environ.get("MULTIVECTOR_SITE"):
        root = Path(os.environ["MULTIVECTOR_SITE"])
    else:
        try:
            root = Path(request.getfixturevalue("built_site"))
        except pytest.FixtureLookupError:  # running without the project's conftest
            root = DEFAULT_SITE
    if not (root / "index.html").exists():
        pytest.fail(f"No built site at {root}: run `.venv/bin/multivector build --out {root}` first.")
    return root


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, one for the whole session; a missing browser fails the tests, it never skips them."""
    if skip_requested():
        pytest.skip("MULTIVECTOR_SKIP_BROWSER=1: browser tests skipped on request.")
    if reason := browser_unavailable_reason():
        pytest.fail(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "Playwright for Python is missing: install the test extras with `.venv/bin/pip install -e .[test]`."
        )
    with sync_playwright() as p:
        launched = launch_chromium(p)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_url(site_root, chromium) -> str:
    with serve_site(site_root) as url:
        yield url
