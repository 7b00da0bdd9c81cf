"""Every number the prose glues carries its lineage, and a reader reaches it in one click (or one key press)."""

from __future__ import annotations

import csv
import json
import re
import urllib.parse
from pathlib import Path

import pytest
from browser_support import browser_unavailable_reason, launch_chromium, serve_site, skip_requested

from multivector import params, paths, sections
from multivector.analysis import figures, narrative
from multivector.notebook.page import Page

SECTION_FIGURES = sections.SECTIONS


def csv_cell(folder: Path, path: str, line: int, column: str) -> str:
    """The text of one cell of a CSV, found by file, line number (header = line 1) and column name."""
    with open(folder / path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[line - 1][rows[0].index(column)]


def same_number(shown: str, written: str) -> bool:
    try:
        return float(shown) == float(written)
    except ValueError:
        return shown == written


@pytest.fixture(scope="module")
def glued(ds) -> dict[str, dict]:
    """Every figure the section pages glue for the default edition, by section."""
    p = params.validate({})
    return {s: figures.BY_SECTION[s](ds, p) for s in SECTION_FIGURES}


def test_every_glued_figure_with_a_digit_carries_its_lineage(glued):
    missing = [
        f"{s}.{k} = {v!r}"
        for s, figs in glued.items()
        for k, v in figs.items()
        if re.search(r"\d", v) and not (v.lineage and v.lineage["formula"] and v.lineage["inputs"])
    ]
    assert not missing, missing


def test_the_ledgers_counts_and_the_reference_year_carry_their_lineage(monkeypatch):
    glued = {}
    monkeypatch.setattr(narrative, "glue", lambda name, text: glued.setdefault(name, text))
    monkeypatch.setattr("multivector.notebook.page.glue", lambda name, text: glued.setdefault(name, text))
    page = Page("claims_ledger", year=2024)
    glued |= page.status_counts()
    assert glued["year"].lineage["inputs"][0] == {"kind": "param", "name": "year", "value": "2024"}
    counts = [k for k in glued if k.startswith("claims_")]
    assert counts and all(glued[k].lineage for k in counts)
    assert int(glued["claims_total"]) == len(page.ledger)


def test_every_input_a_lineage_names_is_the_cell_at_that_file_line_and_column(glued):
    wrong = []
    for section, figs in glued.items():
        for name, fig in figs.items():
            for i in (fig.lineage or {}).get("inputs", []):
                if i["kind"] == "input" and not same_number(
                    i["value"], csv_cell(paths.DATA, i["path"], i["line"], i["column"])
                ):
                    wrong.append(f"{section}.{name}: {i}")
    assert not wrong, wrong


def test_a_share_is_its_two_inputs_divided_as_its_formula_says(glued):
    shares = [
        (k, v)
        for figs in glued.values()
        for k, v in figs.items()
        if v.lineage and re.fullmatch(r"[^÷×+−]+ ÷ [^÷×+−]+", v.lineage["formula"]) and v.endswith("\u00a0%")
    ]
    assert len(shares) >= 8
    for name, fig in shares:
        a, b = (float(i["value"]) for i in fig.lineage["inputs"])
        assert fig == narrative.pct(100 * a / b), name


def test_words_without_a_number_carry_no_lineage(glued):
    assert glued["multi_vectorism"]["lead_import_partner"].lineage is None
    assert glued["summary"]["ru_turnover_verb"].lineage is None


# In the browser ----------------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}


class BrowserThread:
    """Chromium driven from a thread of its own. Playwright's sync API refuses to start where another instance's
    event loop runs (test_browser's session browser may be open), and its objects belong to the thread that made
    them: every call goes through `run`."""

    def __init__(self):
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(1, thread_name_prefix="lineage-browser")

    def run(self, fn, *args):
        return self.pool.submit(fn, *args).result()


@pytest.fixture(scope="module")
def phone_page(site_root):  # noqa: F811 - the shared fixture
    if skip_requested():
        pytest.skip("MULTIVECTOR_SKIP_BROWSER=1: browser tests skipped on request.")
    if reason := browser_unavailable_reason():
        pytest.fail(reason)
    from playwright.sync_api import sync_playwright

    thread, state = BrowserThread(), {}

    def start():
        state["pw"] = sync_playwright().start()
        state["browser"] = launch_chromium(state["pw"])
        state["page"] = state["browser"].new_page(viewport=PHONE)
        state["errors"] = []
        state["page"].on("pageerror", lambda e: state["errors"].append(str(e)))

    def stop():
        state["browser"].close()
        state["pw"].stop()

    with serve_site(site_root) as url:
        thread.run(start)
        try:
            yield thread, state, url
        finally:
            thread.run(stop)
            thread.pool.shutdown()


@pytest.mark.parametrize("section", sections.SECTIONS)
def test_a_glued_number_opens_its_lineage_by_keyboard_and_shows_the_data_it_came_from(phone_page, site_root, section):  # noqa: F811
    thread, state, site_url = phone_page
    thread.run(_open_a_figures_lineage, state["page"], state["errors"], site_root, site_url, section)


def _open_a_figures_lineage(page, errors, site_root, site_url, section):
    page.goto(f"{site_url}notebooks/{section}.html", wait_until="load")
    figures_on_page = page.locator("[data-lineage]")
    assert figures_on_page.count() > 0, f"{section}: no glued number carries data-lineage"
    # The first number that rests on the data (not only on a parameter such as the year).
    index = next(
        i
        for i in range(figures_on_page.count())
        if any(x["kind"] == "input" for x in json.loads(figures_on_page.nth(i).get_attribute("data-lineage"))["inputs"])
    )
    button = figures_on_page.nth(index).locator("[role=button].mv-lineage-button")
    number = button.locator(".pasted-text").inner_text()
    assert re.search(r"\d", number)
    from playwright.sync_api import expect

    expect(button).to_have_accessible_name(re.compile(re.escape(number) + r".*where this figure comes from"))
    assert button.get_attribute("aria-expanded") == "false"

    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    panel = page.locator("#" + button.get_attribute("aria-controls"))
    expect(panel).to_be_visible()
    assert page.evaluate("document.activeElement.id") == button.get_attribute("aria-controls")

    # The values shown are the cells of the CSV files in data/, at the file, line and column the panel names.
    items = panel.locator("li[data-kind=input]")
    assert items.count() > 0
    for k in range(items.count()):
        item = items.nth(k)
        path, line, column = (
            item.get_attribute("data-path"),
            int(item.get_attribute("data-line")),
            item.get_attribute("data-column"),
        )
        value = csv_cell(paths.DATA, path, line, column)
        shown = item.inner_text()
        assert same_number(item.get_attribute("data-value"), value) and item.get_attribute("data-value") in shown
        assert path in shown and f"line {line}" in shown and column in shown
    descriptor = json.loads((paths.DATA / paths.DATAPACKAGE).read_text(encoding="utf-8"))
    assert panel.locator(".mv-lineage-version").inner_text() == descriptor["version"]
    # Each source is linked: the appendix entry, the CSV in the site's data/ folder, the upstream origin.
    hrefs = [urllib.parse.urljoin(page.url, h) for h in panel.locator("a").evaluate_all("as => as.map(a => a.href)")]
    used = {items.nth(k).get_attribute("data-path") for k in range(items.count())}
    for path in used:
        resource = next(r for r in descriptor["resources"] if r["path"] == path)
        assert f"{site_url}notebooks/data_sources.html#resource-{resource['name']}" in hrefs
        assert f"{site_url}data/{Path(path).name}" in hrefs and (site_root / "data" / Path(path).name).is_file()
        origins = [s["path"] for s in resource.get("sources", []) if s.get("path", "").startswith("http")]
        assert all(o in hrefs for o in origins)

    # It fits a phone: nothing wider than the window.
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]

    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    expect(panel).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('mv-lineage-button')")
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true"
    assert not errors, errors
