"""The reader's-page audit: serve the built site gzip-compressed, as a static host would, and measure each page
with the real tools: bytes loaded on a cold cache (Chromium through Playwright), axe-core violations at desktop
and phone width (axe-playwright-python), and Lighthouse 12 mobile scores (npm's lighthouse on Debian's Chromium).

`python -m multivector.tools.audit [SITE]` prints one line per page and writes `_build/audit.json`; `make audit` runs it.
The axe part is also the test suite's gate (tests/test_audit.py).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from multivector import paths, sections
from multivector.i18n import TRANSLATED

CHROMIUM = "/usr/bin/chromium"
# How this project starts Chromium (the audit, the PDFs, the browser tests): headless, and never online.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # Any host but the local server fails to resolve at once: a stray CDN request is still recorded (and fails the
    # tests) without waiting on, or depending on, the network.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
LIGHTHOUSE = "lighthouse@12.2.3"
LIGHTHOUSE_DIR = Path(".lighthouse")
WIDTHS = (1280, 390)
# The narrowest screen every page must fit without scrolling sideways or cutting a chart: the 320 CSS px of WCAG 2.1's
# reflow criterion (1.4.10). The browser tests check the layout there as well (not axe, which WIDTHS covers).
REFLOW_WIDTH = 320
# The targets.
BUDGET_CHART_PAGE, BUDGET_PLAIN_PAGE = 500_000, 150_000
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
COMPRESSIBLE = (".html", ".js", ".css", ".svg", ".json", ".xml", ".txt", ".csv", ".bib", ".ris", ".map")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it (what any static host does)."""

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        import io

        return io.BytesIO(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_gzip(root: Path) -> Iterator[str]:
    """Serve `root` gzip-compressed on 127.0.0.1 at a free port; yield the base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def reading_pages(root: Path) -> list[str]:
    """The pages a reader reads, from the table of contents (index, sections, appendices, about, references), in
    every language of the edition: the root's, then each translated language's folder."""
    folders = ["", *(f"{lang}/" for lang in TRANSLATED)]
    found = [f"{folder}{f}.html" for folder in folders for f in sections.toc_pages(paths.TOC)]
    return [page for page in found if (root / page).is_file()]


@dataclass
class PageAudit:
    page: str
    charts: int = 0
    bytes_gzip: int = 0
    requests: int = 0
    axe: dict[int, list[str]] = field(default_factory=dict)
    lighthouse: dict[str, int] = field(default_factory=dict)
    first_contentful_paint_s: float | None = None

    @property
    def budget(self) -> int:
        return BUDGET_CHART_PAGE if self.charts else BUDGET_PLAIN_PAGE

    def problems(self) -> list[str]:
        out = (
            [f"{self.bytes_gzip / 1000:.0f} KB loaded, budget {self.budget // 1000} KB"]
            if self.bytes_gzip > self.budget
            else []
        )
        out += [f"axe at {w} px: {v}" for w, found in self.axe.items() for v in found]
        out += [
            f"Lighthouse {k} {self.lighthouse[k]} < {t}"
            for k, t in TARGETS.items()
            if k in self.lighthouse and self.lighthouse[k] < t
        ]
        return out


def axe_violations(page) -> list[str]:
    """axe-core's violations on the open page, one line per rule: id, impact, how many nodes, the first target."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['target']}"
        for v in result.response["violations"]
    ]


def use_the_page(page) -> None:
    """Use the page as a reader would: a key is pressed (the first use that static/mv-first-use.js waits for), then
    every chart is scrolled near the screen, so each turns interactive."""
    page.keyboard.press("Shift")  # a key that moves nothing: a pointer could open a button's tooltip
    for card in page.locator(".mv-chart").all():
        card.scroll_into_view_if_needed()


def settle(page) -> None:
    """Use the page (`use_the_page`), wait until every chart is interactive, then go back to the top."""
    use_the_page(page)
    if page.locator(".mv-chart").count():
        page.wait_for_function(
            "() => [...document.querySelectorAll('.mv-chart')].every(c => c.dataset.mvState === 'interactive')",
            timeout=30_000,
        )
    page.evaluate("window.scrollTo(0, 0)")


def browse(base: str, pages: list[str], audits: dict[str, PageAudit]) -> None:
    """Weigh each page on a cold cache (everything it loads once read to the end) and run axe at both widths."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for rel in pages:
            audit = audits[rel]
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                sizes: list[int] = []
                page.on(
                    "requestfinished",
                    lambda r, sizes=sizes: sizes.append(
                        r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
                    ),
                )
                page.goto(base + rel, wait_until="load")
                settle(page)
                page.wait_for_load_state("networkidle")
                audit.charts = page.locator(".mv-chart").count()
                if width == WIDTHS[0]:
                    audit.bytes_gzip, audit.requests = sum(sizes), len(sizes)
                audit.axe[width] = axe_violations(page)
                context.close()
        browser.close()


def lighthouse_binary() -> Path:
    """Lighthouse from npm, installed once into .lighthouse/ (pinned: 12.x runs on Node 20; 13 needs Node 22)."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            raise SystemExit("make audit needs npm to install Lighthouse: apt-get install -y npm")
        subprocess.run(
            ["npm", "i", "-E", "--no-audit", "--no-fund", "--prefix", str(LIGHTHOUSE_DIR), LIGHTHOUSE], check=True
        )
    return binary


def lighthouse(url: str, out: Path) -> tuple[dict[str, int], float]:
    """Lighthouse's four category scores (0-100) and first contentful paint (s) for one page, mobile preset."""
    env = os.environ | {"CHROME_PATH": CHROMIUM}
    subprocess.run(
        [
            str(lighthouse_binary()),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
        ],
        check=True,
        env=env,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {k: round(100 * (c["score"] or 0)) for k, c in report["categories"].items()}
    return scores, report["audits"]["first-contentful-paint"]["numericValue"] / 1000


def run(site: Path, pages: list[str] | None = None, with_lighthouse: bool = True) -> list[PageAudit]:
    pages = pages or reading_pages(site)
    audits = {rel: PageAudit(rel) for rel in pages}
    out = site.parent / "audit"
    out.mkdir(parents=True, exist_ok=True)
    with serve_gzip(site) as base:
        browse(base, pages, audits)
        if with_lighthouse:
            for rel in pages:
                a = audits[rel]
                a.lighthouse, a.first_contentful_paint_s = lighthouse(
                    base + rel, out / (rel.replace("/", "-") + ".json")
                )
    return list(audits.values())


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=paths.SITE)
    parser.add_argument("--no-lighthouse", action="store_true", help="bytes and axe only")
    parser.add_argument("--page", action="append", help="audit only this page (repeatable)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"No built site at {args.site}: run `make book` first.", file=sys.stderr)
        return 2
    results = run(args.site, args.page, not args.no_lighthouse)
    print(f"{'page':34} {'charts':>6} {'KB gzip':>8} {'reqs':>5}  {'perf/a11y/bp/seo':>16} {'FCP s':>6}  axe 1280/390")
    for a in results:
        lh = "/".join(str(a.lighthouse.get(k, "-")) for k in TARGETS)
        fcp = f"{a.first_contentful_paint_s:.1f}" if a.first_contentful_paint_s else "-"
        print(
            f"{a.page:34} {a.charts:>6} {a.bytes_gzip / 1000:>8.0f} {a.requests:>5}  {lh:>16} {fcp:>6}  "
            f"{len(a.axe.get(1280, []))}/{len(a.axe.get(390, []))}"
        )
    (args.site.parent / "audit.json").write_text(json.dumps([asdict(a) for a in results], indent=2), encoding="utf-8")
    problems = {a.page: a.problems() for a in results if a.problems()}
    for page, found in problems.items():
        print(f"{page}:\n  " + "\n  ".join(found))
    print("All targets met." if not problems else f"{len(problems)} page(s) miss a target.")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
