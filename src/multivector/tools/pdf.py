"""The PDF edition: the whole book and one PDF per section, printed from the built site by Chromium.

Why Chromium (through Playwright, as the browser tests already drive it): it prints the very pages readers see,
with the build's SVG charts, figure numbers, the cite box and the bibliography, offline and with no second
typesetting of the content; a LaTeX build would need Debian's TeX packages (hundreds of MB) and a second,
drifting rendering of the cards, glued figures and claims tables. Chromium adds page numbers in its footer.

`python -m multivector.tools.pdf [SITE]` (or `make pdf`) writes `_build/pdf/book.pdf` and `_build/pdf/<section>.pdf`;
`multivector build --pdf` (`make book`) prints the same files into the site's own pdf/ folder before publishing,
and every section page links them. A page whose image or font fails to load is named and nothing is written.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from multivector import paths, sections
from multivector.text import html
from multivector.tools import audit
from multivector.translation.interface import PDF_WORDS

PDF_DIR = "pdf"
BOOK = "book.pdf"
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
FOOTER = '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="title"></span> · {said}</div>'
# Chromium fills these in on each printed page.
PAGE_NUMBERS = {"page": '<span class="pageNumber"></span>', "pages": '<span class="totalPages"></span>'}


def footer(page_words: str = PDF_WORDS["page"]) -> str:
    """Every printed page's footer: the page's title, then "page N of M" in the words given (the book's language)."""
    said = html(page_words).replace("{page}", PAGE_NUMBERS["page"]).replace("{pages}", PAGE_NUMBERS["pages"])
    return FOOTER.replace("{said}", said)


# Run in the page before printing. A section's citation moves up under its title (its first page); what only works on
# screen goes (the cite box's copy buttons, downloads and latest-edition citation, marked mv-screen-only, as print CSS
# hides them too), and a download link becomes its text. A link into the site would lead to the printing server: it
# leads to the edition's permanent address (the page's canonical link gives it) when the site's address is known, and
# becomes its text when it is not.
PREPARE_JS = """(section) => {
  const canonical = document.querySelector('link[rel="canonical"]');
  const here = location.origin + '/';
  const permanent = canonical && canonical.href.endsWith(location.pathname.slice(1))
    ? canonical.href.slice(0, canonical.href.length - location.pathname.length + 1) : null;
  document.querySelectorAll('a[href]').forEach(a => {
    if (!a.href.startsWith(here) || a.href.split('#')[0] === location.href.split('#')[0]) return;
    if (permanent && !a.hasAttribute('download')) a.href = permanent + a.href.slice(here.length);
    else a.replaceWith(document.createTextNode(a.textContent));
  });
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  const cite = document.getElementById('cite-this-section');
  const title = article && article.querySelector('h1');
  if (section && cite && title) title.after(cite);
  document.querySelectorAll('.mv-screen-only').forEach(n => n.remove());
  // The theme's printed table of contents would push the citation off the first page; the PDF has its own outline.
  document.querySelectorAll('.onlyprint').forEach(n => n.remove());
}"""
# What did not load: images that are broken, fonts that failed. Every image is loaded first (eagerly: a lazy one off
# screen would never start) and waited for, so an image still on its way is not taken for a good one, nor for a
# missing one, however slow the machine.
MISSING_JS = """async () => {
  const settled = img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
  });
  for (const img of document.images) img.loading = 'eager';
  await Promise.all([...document.images].map(settled));
  await document.fonts.ready;
  const missing = [];
  for (const img of document.images) if (img.complete && img.naturalWidth === 0) missing.push('image ' + (img.currentSrc || img.src));
  for (const font of document.fonts) if (font.status === 'error') missing.push('font ' + font.family);
  return missing;
}"""
# The book in one document: every reading page's article, in table-of-contents order, one page break apart.
ASSEMBLE_JS = """async (pages) => {
  const article = document.querySelector('article.bd-article');
  const parts = [];
  for (const url of pages) {
    const doc = new DOMParser().parseFromString(await (await fetch(url)).text(), 'text/html');
    const body = doc.querySelector('article.bd-article');
    if (body) parts.push('<section class="mv-pdf-part" style="break-before: page">' + body.innerHTML + '</section>');
  }
  article.innerHTML += parts.join('');
}"""


class PdfError(RuntimeError):
    """The PDF edition cannot be written as it should be: what is missing, on which page."""


def unavailable() -> str | None:
    """Why PDFs cannot be printed on this machine, as a sentence saying what to do; None if they can."""
    import importlib.util

    if not Path(audit.CHROMIUM).is_file():
        return (
            f"printing the PDFs needs Chromium at {audit.CHROMIUM}, which is missing: `make browser` installs "
            "Debian's package (`apt-get install -y chromium`), or build without --pdf"
        )
    if importlib.util.find_spec("playwright") is None:
        return "printing the PDFs needs Playwright for Python: install the pinned environment (`make check`)"
    return None


def printed_sections(site: Path) -> list[str]:
    return [s for s in sections.SECTIONS if (site / "notebooks" / f"{s}.html").is_file()]


def _print(page, url: str, target: Path, assemble: list[str] | None = None, page_words: str = PDF_WORDS["page"]):
    page.goto(url, wait_until="load")
    if assemble:
        page.evaluate(ASSEMBLE_JS, assemble)
    page.evaluate(PREPARE_JS, not assemble)
    page.emulate_media(media="print")
    missing = page.evaluate(MISSING_JS)
    if missing:
        raise PdfError(f"page {url.split('/', 3)[-1]} is missing " + "; ".join(missing))
    page.pdf(
        path=str(target),
        format="A4",
        margin=MARGIN,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=footer(page_words),
    )


def build(
    site: Path = paths.SITE, out: Path | None = None, browser=None, page_words: str = PDF_WORDS["page"]
) -> list[Path]:
    """Write the book and one PDF per section into `out` (default `_build/pdf`); all or nothing.

    `browser`: a Playwright Chromium already running (the tests'); otherwise Debian's Chromium is launched.
    `page_words`: the footer's "page {page} of {pages}" in the site's language."""
    out = out or site.parent / PDF_DIR
    if not (site / "index.html").is_file():
        raise PdfError(f"No built site at {site}: run `make book` first.")
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            launched = p.chromium.launch(executable_path=audit.CHROMIUM, args=audit.CHROMIUM_ARGS)
            try:
                return build(site, out, launched, page_words)
            finally:
                launched.close()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="mv-pdf-") as tmp, audit.serve_gzip(site) as base:
        context = browser.new_context(viewport={"width": 1000, "height": 1400})
        try:
            page = context.new_page()
            # Charts print as the build's pictures: no script turns them into live views mid-print.
            page.route(
                "**/mv-charts.js*", lambda route: route.fulfill(status=200, body="", content_type="text/javascript")
            )
            staged = Path(tmp)
            for section in printed_sections(site):
                _print(page, f"{base}notebooks/{section}.html", staged / f"{section}.pdf", page_words=page_words)
            pages = audit.reading_pages(site)
            rest = [base + rel for rel in pages[1:]]
            _print(page, base + pages[0], staged / BOOK, assemble=rest, page_words=page_words)
        finally:
            context.close()
        out.mkdir(parents=True, exist_ok=True)
        for pdf in sorted(staged.glob("*.pdf")):
            written.append(Path(shutil.copy2(pdf, out / pdf.name)))
    return written


def main(argv: list[str] | None = None) -> int:
    """`python -m multivector.tools.pdf [SITE] [--out DIR]`; the build runs it as a child (`--parent PID`), so that
    Playwright has a process of its own whatever the build's caller is running."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m multivector.tools.pdf")
    parser.add_argument("site", nargs="?", type=Path, default=paths.SITE)
    parser.add_argument("--out", type=Path, help="where the PDFs go (default: pdf/ beside SITE)")
    parser.add_argument("--parent", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--page-words", default=PDF_WORDS["page"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.parent:
        from multivector.engine import processes

        processes.die_with_parent(args.parent)
    try:
        written = build(args.site, args.out, page_words=args.page_words)
    except PdfError as err:
        print(f"error: {err}. No PDF was written.", file=sys.stderr)
        return 1
    for path in written:
        print(f"{path} ({path.stat().st_size / 1000:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
