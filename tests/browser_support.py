"""Helpers for the real-browser tests: serve a built site locally, drive Debian's Chromium, read chart cards."""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import io
import os
import re
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.numbers import parse_decimal

from multivector import sections
from multivector.i18n import SOURCE, TRANSLATED
from multivector.tools import audit


@dataclass(frozen=True)
class Browser:
    path: Path
    package: str  # Debian's package that installs it


# The browser the tests drive: Debian's old headless shell, the same Chromium release as the full browser (one source
# package) without the desktop browser's display machinery, and the browser Playwright itself starts for headless runs.
# It draws the pages with the same engine for less: the browser tests took 132 CPU-seconds of Chromium in it against
# 222 in /usr/bin/chromium, same tests, same machine. Readers' timings (`make bench`), `make audit` and the PDFs use the
# full browser.
HEADLESS_SHELL = Browser(Path("/usr/bin/chromium-headless-shell"), "chromium-headless-shell")
FULL_BROWSER = Browser(Path(audit.CHROMIUM), "chromium")
LOCAL_HOST = "127.0.0.1"
VEGA_BUNDLE = "_static/vega-bundle.js"
CHART_TIMEOUT_MS = 20_000

# Console errors we accept, each because it comes from a third party and is harmless:
ALLOWED_CONSOLE_ERRORS = (
    # pydata-sphinx-theme logs this as an error on a first visit, when localStorage holds no theme yet.
    "Got invalid theme mode",
)

# Pages Sphinx writes whatever the book says; they must still pass every check, but have no section text.
SPHINX_BOILERPLATE = {"genindex.html", "search.html"}


# Serving and launching ---------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The browser drops connections it no longer needs (a page closed mid-load): not a site problem.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_site(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port from a background thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _QuietServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def browser_unavailable_reason(browser: Browser = HEADLESS_SHELL) -> str | None:
    """Why the browser tests cannot run here, as an instruction, or None when they can."""
    if not browser.path.exists():
        return (
            f"Debian's Chromium is missing at {browser.path}. Install it with `make browser` or "
            f"`apt-get install -y {browser.package}` (do not run `playwright install`), "
            "or set MULTIVECTOR_SKIP_BROWSER=1 to skip these tests deliberately."
        )
    return None


def skip_requested() -> bool:
    return os.environ.get("MULTIVECTOR_SKIP_BROWSER") == "1"


def launch_chromium(playwright, browser: Browser = HEADLESS_SHELL):
    return playwright.chromium.launch(executable_path=str(browser.path), args=audit.CHROMIUM_ARGS)


# The site's pages ---------------------------------------------------------------------------------


def in_book(rel: str) -> str:
    """A page's path in its language's book: 'ru/search.html' -> 'search.html' (a translated book is built into a
    folder of its own, with the same layout as the English one at the root)."""
    lang, _, rest = rel.partition("/")
    return rest if lang in TRANSLATED and rest else rel


def site_pages(root: Path) -> list[str]:
    """Every HTML page of the built site, in every language, as paths relative to its root (theme templates
    excluded; so are the editions' permanent copies under editions/, which test_editions checks: the root serves the
    latest's files)."""
    pages = [p.relative_to(root).as_posix() for p in sorted(root.rglob("*.html"))]
    return [
        p
        for p in pages
        if not p.startswith("editions/") and not in_book(p).startswith(("_static/", "_sources/", "_images/"))
    ]


def redirect_target(root: Path, rel: str) -> str | None:
    """Where a `<meta http-equiv="Refresh">` stub sends the reader, relative to the site root, or None."""
    m = re.search(
        r'<meta http-equiv="Refresh" content="\d+;\s*url=([^"]+)"',
        (root / rel).read_text(encoding="utf-8")[:1000],
        re.I,
    )
    return urllib.parse.urljoin(rel, m.group(1)) if m else None


def content_pages(root: Path) -> list[str]:
    """The pages a reader reads: everything but Sphinx boilerplate and redirect stubs."""
    return [
        rel for rel in site_pages(root) if in_book(rel) not in SPHINX_BOILERPLATE and not redirect_target(root, rel)
    ]


def screenshot_path(root: Path, rel: str, width: int) -> Path:
    """`<site>/../screenshots/<page>-<width>.png`, <page> being the page's path with '/' as '-'."""
    slug = rel.removesuffix(".html").replace("/", "-")
    return root.parent / "screenshots" / f"{slug}-{width}.png"


# Watching a page ----------------------------------------------------------------------------------


@dataclass
class PageWatch:
    """What a page did while it was open: requests, responses, script errors, console errors."""

    base_url: str
    requests: list[str] = field(default_factory=list)
    failed_responses: list[tuple[int, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def attach(cls, page, base_url: str) -> PageWatch:
        watch = cls(base_url)
        page.on("request", lambda r: watch.requests.append(r.url))
        page.on("response", lambda r: watch.failed_responses.append((r.status, r.url)) if r.status >= 400 else None)
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
        page.on(
            "console",
            lambda m: watch.console_errors.append((m.text, m.location.get("url", ""))) if m.type == "error" else None,
        )
        return watch

    def so_far(self) -> PageWatch:
        """What the page has done until now; what happens later (an audit tool's own requests) is not added to it."""
        return PageWatch(
            self.base_url, [*self.requests], [*self.failed_responses], [*self.page_errors], [*self.console_errors]
        )

    def external_requests(self) -> list[str]:
        return [
            u for u in self.requests if not u.startswith("data:") and urllib.parse.urlsplit(u).hostname != LOCAL_HOST
        ]

    def missing_local_resources(self, declares_icon: bool) -> list[str]:
        return [
            f"{status} {url}"
            for status, url in self.failed_responses
            if urllib.parse.urlsplit(url).hostname == LOCAL_HOST
            and not (self._is_automatic_favicon(url) and not declares_icon)
        ]

    def unexpected_console_errors(self, declares_icon: bool) -> list[str]:
        out = []
        for text, url in self.console_errors:
            if any(allowed in text for allowed in ALLOWED_CONSOLE_ERRORS):
                continue
            if self._is_automatic_favicon(url) and not declares_icon:
                continue
            out.append(f"{text} (from {url or 'inline script'})")
        return out

    def _is_automatic_favicon(self, url: str) -> bool:
        # Chromium asks every server for /favicon.ico on its own; a site that links no icon never
        # asked for it, and on a project host that address is not the site's to serve anyway.
        return url == urllib.parse.urljoin(self.base_url, "/favicon.ico")

    def bundle_loads(self) -> int:
        return sum(1 for u in self.requests if urllib.parse.urlsplit(u).path.endswith("/" + VEGA_BUNDLE))


def install_alert_trap(page) -> None:
    """Record every alert()/confirm()/prompt() a page calls (before it loads), for assert_no_injected_markup."""
    page.add_init_script("""
        window.__mvDialogs = [];
        for (const name of ['alert', 'confirm', 'prompt']) {
          window[name] = (...args) => { window.__mvDialogs.push(name + '(' + args.join(', ') + ')'); };
        }
    """)


def find_injected_markup(page) -> list[str]:
    """Markup on the page that can only have come from data text being parsed as HTML."""
    return page.evaluate("""() => {
        const found = [];
        const where = el => {
          const host = el.parentElement.closest('[id]');
          return host ? '#' + host.id : el.parentElement.tagName.toLowerCase();
        };
        for (const img of document.querySelectorAll('img')) {
          if (img.getAttribute('src') === 'x') found.push(img.outerHTML + ' inside ' + where(img));
        }
        for (const el of document.querySelectorAll('[onerror]')) {
          found.push('<' + el.tagName.toLowerCase() + ' onerror="' + el.getAttribute('onerror') + '"> inside ' + where(el));
        }
        for (const call of (window.__mvDialogs || [])) found.push('script ran ' + call);
        return found;
    }""")


def assert_no_injected_markup(page) -> None:
    """Fail if text from the data was turned into markup: an <img src="x">, an onerror handler, a dialog.

    Call install_alert_trap(page) before page.goto() to also catch alert() calls that ran.
    """
    found = find_injected_markup(page)
    assert not found, f"Data text was rendered as HTML on {page.url}:\n  " + "\n  ".join(found)


# Charts -------------------------------------------------------------------------------------------


def wait_for_charts(page) -> list[str]:
    """Use the page as a reader would (multivector.audit.use_the_page) and wait until each card has swapped its
    build-time picture for the interactive view; return the ids of those that did not."""
    audit.use_the_page(page)
    with contextlib.suppress(Exception):  # playwright's TimeoutError; the ids below say which charts are missing
        page.wait_for_function(
            "() => [...document.querySelectorAll('.mv-chart')].every(c => c.dataset.mvState === 'interactive' && c.querySelector('svg'))",
            timeout=CHART_TIMEOUT_MS,
        )
    page.evaluate("window.scrollTo(0, 0)")
    return page.eval_on_selector_all(
        ".mv-chart",
        "cs => cs.filter(c => c.dataset.mvState !== 'interactive' || !c.querySelector('svg')).map(c => c.id)",
    )


@dataclass
class CardData:
    """What a chart card offers a reader besides the chart: source line, data table, CSV link."""

    name: str
    header: list[str]
    rows: list[list[str]]
    source_text: str
    csv_href: str
    csv_filename: str

    def records(self) -> list[dict[str, str]]:
        """The table's rows by the data's column names (the CSV's header: a translated table names its columns in its
        language, in the same order)."""
        return [dict(zip(parse_csv(self.csv_text())[1], r, strict=False)) for r in self.rows]

    def csv_text(self) -> str:
        prefix, _, payload = self.csv_href.partition(",")
        assert prefix.startswith("data:text/csv"), f"{self.name}: CSV link is not a data:text/csv URL: {prefix!r}"
        return urllib.parse.unquote(payload)


def read_card(page, card_id: str) -> CardData:
    raw = page.evaluate(
        """(id) => {
        const card = document.getElementById(id);
        let n = card.nextElementSibling, source = null, details = null;
        while (n && !(source && details)) {
          if (!source && n.matches('p.mv-source')) source = n;
          if (!details && n.matches('details.mv-table-alt')) details = n;
          if (n.matches('.mv-chart')) break;
          n = n.nextElementSibling;
        }
        const link = source && source.querySelector('a.mv-csv');
        const table = details && details.querySelector('table');
        return {
          source: source ? source.textContent : null,
          href: link ? link.getAttribute('href') : null,
          download: link ? link.getAttribute('download') : null,
          header: table ? [...table.querySelectorAll('thead th')].map(th => th.textContent.trim()) : null,
          rows: table ? [...table.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(td => td.textContent.trim())) : null,
        };
    }""",
        card_id,
    )
    name = card_id.removeprefix("card-")
    problems = [
        what
        for what, value in (
            ('a <p class="mv-source">', raw["source"]),
            ("a CSV link a.mv-csv", raw["href"]),
            ('a data table in <details class="mv-table-alt">', raw["header"]),
        )
        if value is None
    ]
    assert not problems, f"Chart card {card_id} on {page.url} lacks " + ", ".join(problems)
    return CardData(name, raw["header"], raw["rows"], raw["source"], raw["href"], raw["download"])


def mark_counts(page, card_id: str) -> dict[str, int]:
    """How many items each kind of data mark (rect, symbol, line, text, rule ...) draws in a chart."""
    return page.evaluate(
        """(id) => {
        const counts = {};
        for (const g of document.querySelectorAll('#' + CSS.escape(id) + ' svg g.role-mark')) {
          const kind = [...g.classList].find(c => c.startsWith('mark-')).slice(5);
          counts[kind] = (counts[kind] || 0) + g.childElementCount;
        }
        return counts;
    }""",
        card_id,
    )


LAYOUT_JS = """() => {
    const doc = document.documentElement;
    const overflow = () => doc.scrollWidth - doc.clientWidth;
    const clipped = [];
    for (const svg of document.querySelectorAll('.mv-chart svg.marks')) {
      const box = svg.getBBox(), view = svg.viewBox.baseVal, slack = 2;
      const out = {left: -box.x, right: box.x + box.width - view.width, top: -box.y, bottom: box.y + box.height - view.height};
      const cut = Object.entries(out).filter(([, px]) => px > slack).map(([side, px]) => side + ' ' + Math.round(px) + ' px');
      if (cut.length) clipped.push(svg.closest('.mv-chart').id + ': drawing needs ' + Math.round(box.width) + ' px, its svg is '
                                   + Math.round(view.width) + ' px; cut off at ' + cut.join(', '));
    }
    // Text printed over other text: a share of the smaller label's box covered by another label.
    const overlaps = [];
    for (const card of document.querySelectorAll('.mv-chart')) {
      const labels = [...card.querySelectorAll('svg.marks text')]
        .filter(t => t.textContent.trim() && parseFloat(getComputedStyle(t).opacity) > 0)
        .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
      for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
        const [ta, a] = labels[i], [tb, b] = labels[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 0 && h > 0 && w * h > OVERLAP_SHARE * Math.min(a.width * a.height, b.width * b.height))
          overlaps.push(card.id + ': ' + JSON.stringify(ta) + ' is printed over ' + JSON.stringify(tb));
      }
    }
    // The article header's controls drawn outside its bar (a row that wrapped, over the page's first lines).
    const outside = [];
    const bar = document.querySelector('.bd-header-article');
    if (bar) {
      const b = bar.getBoundingClientRect();
      for (const c of bar.querySelectorAll('button, a.btn')) {
        const r = c.getBoundingClientRect();
        if (r.width && r.height && (r.top < b.top - 1 || r.bottom > b.bottom + 1))
          outside.push((c.getAttribute('aria-label') || c.title || c.className) + ' at y ' + Math.round(r.top) + '-' + Math.round(r.bottom)
                       + ', the bar is y ' + Math.round(b.top) + '-' + Math.round(b.bottom));
      }
    }
    const closed = overflow();
    const shut = [...document.querySelectorAll('details.mv-table-alt:not([open])')];
    shut.forEach(d => { d.open = true; });
    const opened = overflow();
    shut.forEach(d => { d.open = false; });
    return {closed, opened, clipped, overlaps, outside};
}""".replace("OVERLAP_SHARE", "0.2")


@dataclass
class Layout:
    """How a page fits its window: how far it scrolls sideways (as loaded, and with every
    chart's data table opened), which chart drawings are cut off, which chart labels collide, which of the article
    header's buttons fall outside its bar."""

    overflow_px: int
    overflow_with_tables_open_px: int
    clipped_charts: list[str]
    overlapping_labels: list[str]
    header_buttons_outside: list[str]


def measure_layout(page) -> Layout:
    raw = page.evaluate(LAYOUT_JS)
    return Layout(raw["closed"], raw["opened"], raw["clipped"], raw["overlaps"], raw["outside"])


# What a page does before the reader touches it, read once what it fetches by itself has arrived (the editions listing
# that fills the edition's status line; the switcher's label): the layout shifts so far (their summed score and the
# elements that moved) and whether the theme's bootstrap.js has run (it waits for the reader's first use).
BEFORE_USE_JS = """async () => {
  const done = () => !window.MV_EDITION || document.querySelector('.mv-edition-status')?.textContent;
  for (let i = 0; i < 100 && !done(); i++) await new Promise(r => setTimeout(r, 50));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const shifts = [];
  new PerformanceObserver(list => shifts.push(...list.getEntries())).observe({type: 'layout-shift', buffered: true});
  await new Promise(r => setTimeout(r, 100));
  const name = n => !n ? '?' : n.nodeType === 1 ? n.tagName.toLowerCase() + (n.className ? '.' + String(n.className).split(' ')[0] : '') : 'text in ' + name(n.parentElement);
  return {
    score: shifts.reduce((sum, e) => sum + e.value, 0),
    moved: [...new Set(shifts.flatMap(e => e.sources.map(s => name(s.node))))],
    theme_script: 'bootstrap' in window ? 'ran' : document.querySelector('script[data-bootstrap]') ? 'waiting' : 'absent',
  };
}"""


@dataclass
class BeforeUse:
    score: float  # the page's layout shifts, summed as Chromium scores them
    moved: list[str]
    theme_script: str  # "ran", "waiting" (for the reader's first use) or "absent" (the page does not name it)


def before_use(page) -> BeforeUse:
    return BeforeUse(**page.evaluate(BEFORE_USE_JS))


def parse_csv(text: str) -> tuple[str, list[str], list[list[str]]]:
    """Split a card's CSV into its '# Source:' line, header and rows."""
    first, _, body = text.partition("\n")
    rows = list(csv.reader(io.StringIO(body)))
    return first, rows[0] if rows else [], rows[1:]


def same_cell(table_cell: str, csv_cell: str, lang: str = SOURCE) -> bool:
    """A table cell shows a CSV value: equal text, or the same number at the table's two decimals, read as the page's
    language writes numbers (a translated page's table says "42,52" for the CSV's 42.52); a translated table says the
    data's words in its language ("импорт" for "imports"), so there any text shows a CSV text."""
    missing = {"", "nan", "none", "<na>", "nat"}
    if table_cell.lower() in missing and csv_cell.lower() in missing:
        return True
    try:
        shown = float(table_cell.replace(",", "")) if lang == SOURCE else float(parse_decimal(table_cell, locale=lang))
        exact = float(csv_cell)
    except ValueError:  # babel's NumberFormatError is one
        return table_cell == csv_cell or (lang != SOURCE and not _number(csv_cell) and not _number(table_cell))
    return abs(shown - exact) <= 0.005 + 1e-9


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def language_of_page(rel: str) -> str:
    """The language a page of the site is in, by its folder ('ru/…' is Russian, the root's pages English)."""
    lang = rel.partition("/")[0]
    return lang if lang in TRANSLATED else SOURCE


# Reading from disk (file://) ----------------------------------------------------------------------------------------

# A section page read from disk, and the section whose heading the search looks for.
DISK_PAGE = "notebooks/multi_vectorism.html"
SEARCHED = "economic_limits"


class DiskWatch:
    """Everything a page opened from disk logged as an error or failed to load."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} ({r.failure})"))


def switcher_hrefs(page) -> list[str]:
    """The addresses the page's edition switcher leads to, once the theme has filled it."""
    page.locator(".version-switcher__menu a.dropdown-item").first.wait_for(state="attached", timeout=10_000)
    return (
        page.locator(".version-switcher__menu")
        .first.locator("a.dropdown-item")
        .evaluate_all("as => as.map(a => a.href)")
    )


def search_word(slug: str) -> str:
    """The longest word of a section's heading: a query whose results must include that section."""
    title, _ = sections.heading(slug)
    return max(re.findall(r"[A-Za-z]+", title), key=len)


def search_from_disk(page, folder: Path, query: str) -> list[str]:
    """The results the search page of the edition in `folder` lists for `query`, opened from disk."""
    page.goto(f"{(folder / 'search.html').as_uri()}?q={query}")
    page.wait_for_function("() => /found \\d+ page/.test(document.querySelector('#search-results p')?.textContent)")
    return page.locator("#search-results li a").evaluate_all("as => as.map(a => a.href)")
