"""The built site in a real browser: every page loads cleanly offline, and every chart draws, explains and shares its data."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import (
    CHART_TIMEOUT_MS,
    BeforeUse,
    Browser,
    CardData,
    Layout,
    PageWatch,
    before_use,
    browser_unavailable_reason,
    content_pages,
    find_injected_markup,
    in_book,
    install_alert_trap,
    language_of_page,
    mark_counts,
    measure_layout,
    parse_csv,
    read_card,
    redirect_target,
    same_cell,
    screenshot_path,
    site_pages,
    wait_for_charts,
)

from multivector.i18n import SOURCE
from multivector.tools import audit

# Every test here drives Chromium over a built site: `make test-fast` leaves the file out.
pytestmark = pytest.mark.slow

AUDITED = dict(zip(("desktop", "phone"), audit.WIDTHS, strict=True))  # the widths `make audit` measures
WIDTHS = AUDITED | {"small phone": audit.REFLOW_WIDTH}  # and the narrowest screen a page must fit


# Fixtures -----------------------------------------------------------------------------------------

# site_root, chromium and site_url: the session's site, browser and server, shared with the other browser tests (conftest.py).


@pytest.fixture
def browser_page(chromium, site_url):
    """A fresh page (own context) that records what it requests; closed after the test."""
    page = chromium.new_page(viewport={"width": WIDTHS["desktop"], "height": 900})
    watch = PageWatch.attach(page, site_url)
    yield page, watch
    page.context.close()


@dataclass
class Visit:
    """One page, opened once at one window width, and everything the site-wide checks need from it."""

    rel: str
    watch: PageWatch
    declares_icon: bool
    card_ids: list[str]
    charts_without_svg: list[str]
    injected: list[str]
    links: list[str]
    cards: dict[str, CardData]
    marks: dict[str, dict[str, int]]
    layout: Layout
    vega_debug: dict | None  # window.VEGA_DEBUG as the page declares it
    before_use: BeforeUse  # what the page did before the reader touched it
    axe: list[str] | None  # axe-core's violations with the charts interactive (reading pages; None on others)
    chart_widths: list[tuple[str, float, int]]  # per chart: id, width drawn, width of its column (px)


# Per chart: its id, the width its interactive drawing takes, and the width of its column.
CHART_WIDTHS_JS = """cs => cs.map(c => [
  c.id, (c.querySelector('.mv-chart-live svg') || c).getBoundingClientRect().width, c.clientWidth
])"""


def _visit(chromium, site_root: Path, site_url: str, rel: str, width: int, reading: bool) -> Visit:
    """Open `rel` at `width` and read what the tests need; a reading page is also screenshotted and audited by axe."""
    page = chromium.new_page(viewport={"width": width, "height": 900})
    watch = PageWatch.attach(page, site_url)
    install_alert_trap(page)
    page.goto(site_url + rel, wait_until="load")
    if target := redirect_target(site_root, rel):
        page.wait_for_url(site_url + target, wait_until="load")
    untouched = before_use(page)
    missing_svg = wait_for_charts(page)
    card_ids = page.eval_on_selector_all(".mv-chart", "cs => cs.map(c => c.id)")
    visit = Visit(
        rel=rel,
        watch=watch,
        declares_icon=page.locator("link[rel~='icon']").count() > 0,
        card_ids=card_ids,
        charts_without_svg=missing_svg,
        injected=find_injected_markup(page),
        links=page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        + ([site_url + target] if target else []),
        cards={c: read_card(page, c) for c in card_ids},
        marks={c: mark_counts(page, c) for c in card_ids if c not in missing_svg},
        layout=measure_layout(page),
        vega_debug=page.evaluate("() => window.VEGA_DEBUG || null"),
        before_use=untouched,
        axe=None,
        chart_widths=[tuple(w) for w in page.eval_on_selector_all(".mv-chart", CHART_WIDTHS_JS)],
    )
    if reading:
        out = screenshot_path(site_root, rel, width)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), full_page=True)
        # Last: axe fetches the page's stylesheets again and resolves their @import against the page's address (a
        # 404 for basic.css). Those requests are axe's, not the page's: the visit keeps what the page did before.
        visit.watch = watch.so_far()
        visit.axe = audit.axe_violations(page)
    page.context.close()
    return visit


@pytest.fixture(scope="session")
def site_visits(chromium, site_root, site_url) -> dict[str, Visit]:
    """Every HTML page of the site opened once at desktop width; reading pages screenshotted."""
    reading = set(content_pages(site_root))
    return {
        rel: _visit(chromium, site_root, site_url, rel, WIDTHS["desktop"], rel in reading)
        for rel in site_pages(site_root)
    }


@pytest.fixture(scope="session")
def phone_visits(chromium, site_root, site_url) -> dict[str, Visit]:
    """Every reading page opened once at phone width, and screenshotted."""
    return {rel: _visit(chromium, site_root, site_url, rel, WIDTHS["phone"], True) for rel in content_pages(site_root)}


@pytest.fixture(scope="session")
def small_phone_visits(chromium, site_root, site_url) -> dict[str, Visit]:
    """Every reading page opened once at the narrowest width, for its layout only."""
    return {
        rel: _visit(chromium, site_root, site_url, rel, WIDTHS["small phone"], False)
        for rel in content_pages(site_root)
    }


VISITS = {"desktop": "site_visits", "phone": "phone_visits", "small phone": "small_phone_visits"}


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  " + "\n  ".join(items) for where, items in problems.items() if items)


def _nonempty(problems: dict[str, list[str]]) -> dict[str, list[str]]:
    return {where: items for where, items in problems.items() if items}


def _chart_pages(site_visits) -> dict[str, str]:
    """Card id -> the first page that shows it."""
    out = {}
    for rel, v in site_visits.items():
        for c in v.card_ids:
            out.setdefault(c, rel)
    return out


def _open(page, site_url: str, rel: str) -> None:
    page.goto(site_url + rel, wait_until="load")
    missing = wait_for_charts(page)
    assert not missing, f"{rel}: charts never rendered: {missing}"


def _assert_stayed_local(watch: PageWatch) -> None:
    assert not watch.external_requests(), f"Requests left 127.0.0.1: {watch.external_requests()}"
    assert not watch.page_errors, f"Script errors: {watch.page_errors}"


# Setup -------------------------------------------------------------------------------------------


def test_missing_chromium_is_reported_with_the_command_that_installs_it(tmp_path):
    absent = browser_unavailable_reason(Browser(tmp_path / "no-chromium-here", "chromium-headless-shell"))
    assert absent and str(tmp_path / "no-chromium-here") in absent
    assert "`apt-get install -y chromium-headless-shell`" in absent and "do not run `playwright install`" in absent
    present = tmp_path / "chromium"
    present.write_text("#!/bin/sh\n")
    assert browser_unavailable_reason(Browser(present, "chromium")) is None


# Every page ---------------------------------------------------------------------------------------


def test_site_has_pages_and_charts_to_check(site_visits):
    assert any(v.card_ids for v in site_visits.values()), "No page of the built site shows a chart (.mv-chart)."


def test_no_page_requests_anything_from_outside_the_local_server(site_visits):
    problems = _nonempty({rel: v.watch.external_requests() for rel, v in site_visits.items()})
    assert not problems, "Pages reached beyond 127.0.0.1 (a reader offline would see broken pages):\n" + _report(
        problems
    )


def test_no_page_raises_a_script_error(site_visits):
    problems = _nonempty({rel: v.watch.page_errors for rel, v in site_visits.items()})
    assert not problems, "Uncaught script errors:\n" + _report(problems)


def test_no_page_logs_a_console_error_beyond_the_known_theme_message(site_visits):
    problems = _nonempty({rel: v.watch.unexpected_console_errors(v.declares_icon) for rel, v in site_visits.items()})
    assert not problems, "Console errors:\n" + _report(problems)


def test_every_local_resource_a_page_loads_is_found(site_visits):
    problems = _nonempty({rel: v.watch.missing_local_resources(v.declares_icon) for rel, v in site_visits.items()})
    assert not problems, "Local resources answered with an error status:\n" + _report(problems)


def test_every_local_link_leads_to_an_existing_page_and_anchor(site_visits, site_root, site_url):
    problems: dict[str, list[str]] = {}
    ids_cache: dict[Path, set[str]] = {}
    for rel, v in site_visits.items():
        for href in sorted(set(v.links)):
            if not href.startswith(site_url):
                continue
            parts = urllib.parse.urlsplit(href)
            target = site_root / urllib.parse.unquote(parts.path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.setdefault(rel, []).append(f"{href} -> no file {target.relative_to(site_root)}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8")))
                if urllib.parse.unquote(parts.fragment) not in ids_cache[target]:
                    problems.setdefault(rel, []).append(f"{href} -> no id {parts.fragment!r} on that page")
    assert not problems, "Broken local links:\n" + _report(problems)


def test_every_chart_renders_an_svg(site_visits):
    problems = _nonempty(
        {
            rel: [f"{c} has no <svg> after {CHART_TIMEOUT_MS / 1000:g} s" for c in v.charts_without_svg]
            for rel, v in site_visits.items()
        }
    )
    assert not problems, "Charts that never rendered:\n" + _report(problems)


def test_only_pages_with_charts_load_the_vega_bundle_and_only_once(site_visits):
    problems = {}
    for rel, v in site_visits.items():
        expected = 1 if v.card_ids else 0
        if v.watch.bundle_loads() != expected:
            problems[rel] = [
                f"{len(v.card_ids)} charts, vega-bundle.js requested {v.watch.bundle_loads()} times, expected {expected}"
            ]
    assert not problems, _report(problems)


# The theme's stylesheet @imports basic.css by that bare address; the page preloads it by the same one.
UNVERSIONED_BY_THE_THEME = {"_static/basic.css"}
# A content hash in the file's name (myst-nb's stylesheet) versions it as well as a query does.
HASHED_NAME = re.compile(r"\.[0-9a-f]{16,}\.(?:css|js)$")


def test_every_script_and_stylesheet_a_reading_page_loads_names_its_version(site_visits, site_root, site_url):
    """A host or browser may cache assets for long: each address must change when its file does (`?v=`, `?digest=` or
    a hash in the name), or readers keep running another build's scripts and styles."""
    problems = {}
    for rel in content_pages(site_root):
        for url in site_visits[rel].watch.requests:
            parts = urllib.parse.urlsplit(url)
            path = urllib.parse.urljoin(site_url, parts.path).removeprefix(site_url)
            unversioned = in_book(path) in UNVERSIONED_BY_THE_THEME
            if not path.endswith((".js", ".css")) or unversioned or not url.startswith(site_url):
                continue
            if not re.search(r"(?:^|&)(?:v|digest)=.", parts.query) and not HASHED_NAME.search(path):
                problems.setdefault(rel, []).append(f"{path} has no version in its address")
    assert not problems, _report(problems)


def test_vega_debug_names_the_versions_of_the_vega_bundle_the_site_serves(site_visits, site_root):
    """The bundle exposes no version at run time (vl-convert's build keeps only vegaEmbed), so the declared vega and
    vega-lite versions are looked for in the bundle's own text, and vega-embed's asked of the library that made it."""
    import vl_convert

    bundle = (site_root / "_static" / "vega-bundle.js").read_text(encoding="utf-8")
    problems = {}
    for rel, v in site_visits.items():
        said = v.vega_debug
        if not v.card_ids:
            if said:
                problems[rel] = [f"no charts, yet window.VEGA_DEBUG is {said}"]
            continue
        if not said:
            problems[rel] = ["charts, but no window.VEGA_DEBUG"]
            continue
        absent = [k for k in ("vega_version", "vegalite_version") if f'"{said.get(k)}"' not in bundle]
        if absent or said.get("vegaembed_version") != vl_convert.get_vega_embed_version():
            problems[rel] = [f"window.VEGA_DEBUG is {said}; not the bundle's: {absent or 'vegaembed_version'}"]
    assert any(v.card_ids for v in site_visits.values()), "no page with charts was visited"
    assert not problems, _report(problems)


def test_no_page_turns_data_text_into_markup(site_visits):
    problems = _nonempty({rel: v.injected for rel, v in site_visits.items()})
    assert not problems, _report(problems)


# Every chart --------------------------------------------------------------------------------------


def _distinct(records, *cols) -> int:
    return len({tuple(r[c] for c in cols) for r in records})


RUSSIA_SERIES = ("exports", "imports", "balance")

# For each chart, the marks it must draw, computed from the data table its card shows.
EXPECTED_MARKS = {
    "trade_by_partner": lambda t: {"rect": len(t), "text": len(t)},  # a bar and a share label per flow and partner
    "partner_shares": lambda t: {"symbol": len(t), "line": _distinct(t, "flow", "partner")},
    "concentration": lambda t: {"symbol": len(t), "line": _distinct(t, "flow")},
    "russia_trade": lambda t: {"symbol": len(RUSSIA_SERIES) * len(t), "line": len(RUSSIA_SERIES)},
    "oil_share": lambda t: {"rect": len(t), "text": sum(int(r["months_covered"]) < 12 for r in t)},
    "cpc_explorer": lambda t: {"rect": len(t), "text": len(t)},
    "inflation": lambda t: {"symbol": len(t), "line": 1},
    "timeline": lambda t: {"symbol": len(t), "text": len(t)},
    "indicators": lambda t: {"rect": len(t)},
}


def _expectation(name: str):
    for key, rule in EXPECTED_MARKS.items():
        if name == key or name.startswith(key + "_"):
            return rule
    return None


def test_every_chart_draws_one_mark_per_row_of_its_data_table(site_visits):
    problems = {}
    for rel, v in site_visits.items():
        for card_id, counts in v.marks.items():
            card = v.cards[card_id]
            rule = _expectation(card.name)
            if rule is None:
                problems.setdefault(rel, []).append(f"{card.name}: no mark expectation; add one to EXPECTED_MARKS")
                continue
            expected = rule(card.records())
            drawn = {kind: counts.get(kind, 0) for kind in expected}
            if drawn != expected or not any(expected.values()):
                problems.setdefault(rel, []).append(
                    f"{card.name}: drew {drawn}, its table of {len(card.rows)} rows implies {expected}"
                )
    assert not problems, _report(problems)


def test_every_csv_download_holds_the_source_and_rows_of_its_data_table(browser_page, site_url, site_visits):
    """A translated page's card offers the same CSV as its English twin's (the data file, in English, with numbers as
    data write them), and its table shows the same rows in the page's language."""
    page, watch = browser_page
    problems: dict[str, list[str]] = {}
    english: dict[tuple[str, str], str] = {}  # (page in its book, card) -> the English page's CSV
    # English pages first, then each translation's.
    pages_with_charts = sorted(
        {rel for rel, v in site_visits.items() if v.card_ids}, key=lambda rel: (language_of_page(rel) != SOURCE, rel)
    )
    for rel in pages_with_charts:
        lang = language_of_page(rel)
        _open(page, site_url, rel)
        for card_id in site_visits[rel].card_ids:
            card = read_card(page, card_id)
            found = problems.setdefault(f"{rel} {card.name}", [])
            with page.expect_download() as info:
                page.locator(f"#{card_id} ~ p.mv-source a.mv-csv").first.click()
            download = info.value
            text = Path(download.path()).read_text(encoding="utf-8")
            if download.suggested_filename != f"{card.name}.csv":
                found.append(f"file is named {download.suggested_filename!r}, expected {card.name}.csv")
            if text != card.csv_text():
                found.append("downloaded file differs from the link's data")
            source_line, header, rows = parse_csv(text)
            source = source_line.removeprefix("# Source: ").strip()
            if lang != SOURCE:
                if text != english.get((in_book(rel), card.name)):
                    found.append("the CSV differs from the English page's CSV of the same card")
            elif not source_line.startswith("# Source: ") or source not in " ".join(card.source_text.split()):
                found.append(f"first line {source_line!r} does not repeat the card's source line {card.source_text!r}")
            else:
                english[(rel, card.name)] = text
            # A translated table names the CSV's columns in its language, in the same order.
            if header != card.header if lang == SOURCE else len(header) != len(card.header):
                found.append(f"CSV header {header} differs from table header {card.header}")
            if len(rows) != len(card.rows):
                found.append(f"CSV has {len(rows)} rows, the table {len(card.rows)}")
            for i, (shown, data) in enumerate(zip(card.rows, rows, strict=False)):
                if len(shown) != len(data) or not all(same_cell(a, b, lang) for a, b in zip(shown, data, strict=True)):
                    found.append(f"row {i + 1}: table {shown} vs CSV {data}")
                    break
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, _report(problems)
    _assert_stayed_local(watch)


TOOLTIP = "#vg-tooltip-element"


def _tooltip_pairs(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        f"{TOOLTIP} tr",
        "trs => trs.map(tr => [tr.querySelector('.key')?.textContent ?? '', tr.querySelector('.value')?.textContent ?? ''])",
    )


def _cpc_at_risk(record: dict[str, str], share_pct: float, days: float) -> float:
    return float(record["oil_bn_usd"]) * share_pct / 100 * days / float(record["days_in_data"])


def test_hovering_a_mark_shows_its_values_in_a_tooltip(browser_page, site_url, site_visits):
    page, watch = browser_page
    problems: dict[str, list[str]] = {}
    for card_id, rel in sorted(_chart_pages(site_visits).items()):
        if page.url != site_url + rel:
            _open(page, site_url, rel)
        card = read_card(page, card_id)
        mark = page.locator(f"#{card_id} svg g.role-mark:is(.mark-rect, .mark-symbol) > path").first
        if mark.count() == 0:
            problems[card.name] = ["no bar or point to hover"]
            continue
        page.mouse.move(0, 0)
        mark.hover()
        try:
            page.wait_for_selector(f"{TOOLTIP}.visible", timeout=3000)
        except Exception:
            problems[card.name] = ["hovering a mark showed no tooltip"]
            continue
        pairs = _tooltip_pairs(page)
        label = mark.get_attribute("aria-label") or ""
        found = [
            f"tooltip shows {k}: {val}, the mark's own data says otherwise ({label!r})"
            for k, val in pairs
            if f"{k}: {val}" not in label
        ]
        cells = {cell for row in card.rows for cell in row}
        if card.name == "cpc_explorer":
            r = card.records()[0]
            at_risk = _cpc_at_risk(r, float(r["default_cpc_share_pct"]), float(r["default_days"]))
            cells.add(f"{at_risk:,.2f}")
        if not pairs or not any(val in cells for _, val in pairs):
            found.append(f"tooltip {pairs} shows no value from the card's data table")
        if found:
            problems[card.name] = found
    assert not problems, _report(problems)
    _assert_stayed_local(watch)


POINT_MARKS = "svg g.role-mark:is(.mark-rect, .mark-symbol) > path"


@pytest.mark.parametrize("chart", ["trade_by_partner", "partner_shares"])
def test_clicking_a_partner_in_the_legend_fades_the_other_partners(browser_page, site_url, site_visits, chart):
    page, watch = browser_page
    card_id = f"card-{chart}"
    rel = _chart_pages(site_visits).get(card_id)
    assert rel, f"No page of the site shows the {chart} chart."
    _open(page, site_url, rel)
    records = read_card(page, card_id).records()
    opacities = lambda: page.eval_on_selector_all(  # noqa: E731
        f"#{card_id} {POINT_MARKS}", "ms => ms.map(m => parseFloat(getComputedStyle(m).opacity))"
    )
    assert set(opacities()) == {1.0}, f"{chart}: marks are faded before any click: {opacities()}"

    legend = page.locator(f"#{card_id} svg g.role-legend-label text")
    partner = legend.nth(1).text_content()
    legend.nth(1).click()
    try:
        page.wait_for_function(
            "id => [...document.querySelectorAll('#' + id + ' svg g.role-mark > path')].some(m => getComputedStyle(m).opacity < 1)",
            arg=card_id,
            timeout=3000,
        )
    except Exception:  # playwright's TimeoutError, turned into a sentence
        pytest.fail(f"{chart}: one click on the legend entry {partner!r} changed no mark's opacity within 3 s.")

    after = opacities()
    partner_rows = sum(r["partner"] == partner for r in records)
    assert partner_rows, f"{chart}: legend entry {partner!r} matches no row of the data table"
    assert after.count(1.0) == partner_rows, (
        f"{chart}: after clicking {partner!r}, {after.count(1.0)} marks stay opaque; the table has {partner_rows} rows for it"
    )
    assert all(o < 1 for o in after if o != 1.0) and len(after) - after.count(1.0) == len(records) - partner_rows

    # The subtitle promises the way back: shift-click the same entry to show every partner again.
    legend.nth(1).click(modifiers=["Shift"])
    try:
        page.wait_for_function(
            "id => [...document.querySelectorAll('#' + id + ' svg g.role-mark > path')].every(m => getComputedStyle(m).opacity == 1)",
            arg=card_id,
            timeout=3000,
        )
    except Exception:
        pytest.fail(f"{chart}: shift-clicking {partner!r} again did not bring every partner back within 3 s.")
    _assert_stayed_local(watch)


def _wait_for_text(page, card_id: str, text: str, action: str) -> None:
    try:
        page.wait_for_function(
            "([id, t]) => document.getElementById(id).textContent.includes(t)", arg=[card_id, text], timeout=3000
        )
    except Exception:  # playwright's TimeoutError, turned into a sentence
        pytest.fail(f"{card_id}: after {action} the chart never showed {text!r}.")


def test_moving_the_cpc_sliders_updates_revenue_at_risk(browser_page, site_url, site_visits):
    page, watch = browser_page
    card_id = "card-cpc_explorer"
    rel = _chart_pages(site_visits).get(card_id)
    assert rel, "No page of the site shows the CPC explorer."
    _open(page, site_url, rel)
    record = read_card(page, card_id).records()[0]
    card = page.locator(f"#{card_id}")
    share = card.get_by_label("Share of crude through the CPC (%)")
    days = card.get_by_label("Days of disruption")

    def expected_label(share_pct: float, n_days: float) -> str:
        at_risk = _cpc_at_risk(record, share_pct, n_days)
        pct = 100 * at_risk / float(record["exports_bn_usd"])
        return f"{at_risk:,.2f} bn USD at risk = {pct:.1f} % of exports"

    def shown_label() -> str:
        texts = card.locator("svg g.role-mark.mark-text text").all_text_contents()
        return next((t for t in texts if "bn USD at risk" in t), f"<no at-risk label among {texts}>")

    start = expected_label(float(record["default_cpc_share_pct"]), float(record["default_days"]))
    assert shown_label() == start
    assert share.input_value() == f"{float(record['default_cpc_share_pct']):g}"

    share.focus()
    page.keyboard.press("End")  # all crude through the CPC
    moved_share = expected_label(float(share.get_attribute("max")), float(record["default_days"]))
    _wait_for_text(page, card_id, moved_share, "pressing End on the CPC share slider")
    assert shown_label() == moved_share != start

    days.focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")  # ten days shorter
    moved_days = expected_label(float(share.get_attribute("max")), float(record["default_days"]) - 10)
    _wait_for_text(page, card_id, moved_days, "ten presses of ArrowLeft on the days slider")
    assert shown_label() == moved_days != moved_share
    _assert_stayed_local(watch)


# Layout at desktop, phone and small-phone width (screenshots at the first two: <site>/../screenshots/<page>-<width>.png)


@pytest.fixture(params=list(WIDTHS))
def visits_at_width(request):
    return request.param, request.getfixturevalue(VISITS[request.param])


@pytest.fixture(params=list(AUDITED))
def audited_visits(request):
    return request.param, request.getfixturevalue(VISITS[request.param])


def _at_width(visits_at_width, found) -> dict[str, list[str]]:
    """What `found(visit)` reports, per page at this width, for the pages where it reports anything."""
    name, visits = visits_at_width
    return {f"{rel} at {WIDTHS[name]} px": items for rel, v in visits.items() if (items := found(v))}


def test_no_page_scrolls_sideways(visits_at_width):
    name, visits = visits_at_width
    problems: dict[str, list[str]] = {}
    for rel, v in visits.items():
        if v.layout.overflow_px > 0:
            problems.setdefault(rel, []).append(
                f"page is {v.layout.overflow_px} px wider than the {WIDTHS[name]} px window"
            )
        if v.layout.overflow_with_tables_open_px > max(v.layout.overflow_px, 0):
            problems.setdefault(rel, []).append(
                f"opening the charts' data tables makes it {v.layout.overflow_with_tables_open_px} px wider than the window"
            )
    assert not problems, _report(problems)


def test_no_chart_drawing_is_cut_off(visits_at_width):
    problems = _at_width(visits_at_width, lambda v: v.layout.clipped_charts)
    assert not problems, "Titles, legends or labels drawn outside the chart's svg, invisible to readers:\n" + _report(
        problems
    )


def test_no_chart_prints_text_over_other_text(visits_at_width):
    problems = _at_width(visits_at_width, lambda v: v.layout.overlapping_labels)
    assert not problems, "Chart labels drawn on top of each other, unreadable:\n" + _report(problems)


def test_axe_finds_no_violation_on_every_reading_page(audited_visits, site_root):
    pages = audit.reading_pages(site_root)
    assert len(pages) >= 13, (
        f"only {pages} found: the table of contents lists index, 7 sections, appendices, about, references"
    )
    _, visits = audited_visits
    assert not [p for p in pages if visits[p].axe is None], "reading pages that axe did not audit"
    problems = _at_width(audited_visits, lambda v: v.axe)
    assert not problems, "axe-core violations:\n" + _report(problems)


def test_every_chart_fills_its_column(visits_at_width):
    """Its interactive drawing spans (nearly) the card's full width, and no more."""

    def found(v: Visit) -> list[str]:
        return [
            f"{card_id} is drawn {drawn:.0f} px wide in a {column} px column"
            for card_id, drawn, column in v.chart_widths
            if not 0.9 * column <= drawn <= column + 1
        ]

    problems = _at_width(visits_at_width, found)
    assert not problems, "Charts that do not fit their column:\n" + _report(problems)


def test_the_article_header_holds_its_buttons_in_one_bar(visits_at_width):
    problems = _at_width(visits_at_width, lambda v: v.layout.header_buttons_outside)
    assert not problems, "Header buttons drawn outside the header, over the page's text:\n" + _report(problems)


# Chromium's layout-shift score a page may reach before the reader touches it. Lighthouse calls 0.1 good. Chromium may
# paint a page before it has parsed the whole header, and the buttons that follow nudge the row: measured up to 0.006.
# What this test caught (a status line filled in, figures turned into buttons that wrap differently) scored 0.02-0.2.
STILL = 0.01


def _moved(v) -> list[str]:
    shift = v.before_use
    return [f"layout shift {shift.score:.4f}; moved: {', '.join(shift.moved)}"] if shift.score > STILL else []


def test_no_page_moves_before_the_reader_touches_it(visits_at_width):
    problems = _at_width(visits_at_width, _moved)
    assert not problems, "What loads after the first paint moves the page under the reader:\n" + _report(problems)


def test_the_theme_script_waits_for_the_readers_first_use_and_then_runs(site_visits):
    state = {rel: v.before_use.theme_script for rel, v in site_visits.items()}
    assert not [rel for rel, s in state.items() if s == "ran"], (
        f"bootstrap.js ran before the reader's first use: {state}"
    )
    assert all(s == "waiting" for s in state.values()), f"pages that do not name the theme's script: {state}"


def test_a_menu_clicked_before_the_theme_script_has_loaded_opens(browser_page, site_url, site_visits):
    page, watch = browser_page
    rel = next(rel for rel, v in site_visits.items() if v.card_ids)
    page.goto(site_url + rel, wait_until="load")
    assert not page.evaluate("'bootstrap' in window"), "the theme's script ran before the reader's first use"
    toggle = "button.dropdown-toggle[aria-label='Download this page']"
    page.locator(toggle).click()
    # The theme's stylesheet also shows the menu while the pointer hovers its button; only the script marks it open.
    page.mouse.move(0, 0)
    page.locator(toggle + " + .dropdown-menu.show").wait_for(state="visible", timeout=5_000)
    assert page.evaluate("'bootstrap' in window")
    _assert_stayed_local(watch)


def test_every_chart_is_described_to_screen_readers_and_its_download_is_reachable_by_keyboard(
    browser_page, site_url, site_visits
):
    page, watch = browser_page
    problems: dict[str, list[str]] = {}
    for rel in sorted({rel for rel, v in site_visits.items() if v.card_ids}):
        _open(page, site_url, rel)
        for card_id in site_visits[rel].card_ids:
            found = problems.setdefault(f"{rel} {card_id}", [])
            label = page.get_attribute(f"#{card_id} [role=graphics-document]", "aria-label") or ""
            if len(label.split()) < 5:
                found.append(f"chart has no description for screen readers (aria-label {label!r})")
            link = page.locator(f"#{card_id} ~ p.mv-source a.mv-csv").first
            link.focus()
            if not link.evaluate("a => document.activeElement === a && a.tabIndex >= 0"):
                found.append("the CSV download cannot take keyboard focus")
            if page.locator(f"#{card_id}[role=img], #{card_id} [role=img]").count():
                found.append("a role=img wrapper hides the chart's controls from assistive technology")
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, _report(problems)
    _assert_stayed_local(watch)
