"""The PDF edition: the build (`make book`, `--pdf`) prints the book and every section into the site, with the charts,
Figure 1's values, the section's citation on its first page and page numbers, and every section page links them; a page
with a missing image writes nothing, and a build that cannot print publishes nothing."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import book_with_about_line, tree_digest

from multivector import data, sections
from multivector.analysis import compute
from multivector.engine import build
from multivector.engine.report import BuildError
from multivector.tools import audit, pdf

# Every test here builds a site or runs a build: `make test-fast` leaves the file out.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def printed(site_root):
    """The PDFs the build printed into the site under test (the suite's site is built with them, as `make book`)."""
    out = site_root / pdf.PDF_DIR
    if not out.is_dir():
        pytest.fail(f"{site_root} has no {pdf.PDF_DIR}/ folder: build it with `multivector build --pdf`")
    return out, sorted(out.glob("*.pdf"))


def _text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_the_build_prints_the_book_and_one_pdf_per_section_and_each_section_page_links_both(printed, site_root):
    out, written = printed
    assert sorted(p.name for p in written) == sorted([pdf.BOOK] + [f"{s}.pdf" for s in sections.SECTIONS])
    edition = next(e["id"] for e in json.loads((site_root / "editions.json").read_text()) if e["latest"])
    for s in sections.SECTIONS:
        for root in (site_root, site_root / "editions" / edition):
            page = (root / "notebooks" / f"{s}.html").read_text(encoding="utf-8")
            assert f'href="../pdf/{s}.pdf"' in page and f'href="../pdf/{pdf.BOOK}"' in page, (root, s)
            assert (root / pdf.PDF_DIR / f"{s}.pdf").stat().st_size > 10_000


def test_without_chromium_a_pdf_build_stops_before_any_work_and_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(audit, "CHROMIUM", str(tmp_path / "no-chromium"))
    out = tmp_path / "site"
    with pytest.raises(BuildError, match="make browser") as info:
        build.build(out=out, report=build.Reporter(quiet=True), pdf=True)
    assert "without --pdf" in str(info.value) and not out.exists()


def test_the_section_with_figure_1_prints_its_chart_values_citation_and_page_numbers(printed):
    from pypdf import PdfReader

    out, _ = printed
    section = out / "multi_vectorism.pdf"
    first = PdfReader(str(section)).pages[0].extract_text()
    # The section's citation on its first page: its reference names the section and the edition.
    flat = " ".join(first.split())
    assert "This edition (" in flat and sections.heading("multi_vectorism")[0][:40] in flat, first[:600]
    assert "page 1 of" in first
    text = " ".join(_text(section).split())
    ds = data.load(year=2024)
    shares = compute.top_partners(ds, 2024, 4)["share_pct"]
    missing = [f"{s:.1f}" for s in shares if f"{s:.1f}" not in text]
    assert not missing, f"Figure 1's share labels {missing} are not in the PDF's text"
    assert "Kazakhstan's largest trade" in text  # the chart's own title, drawn in its SVG


def test_the_book_pdf_holds_every_section_and_the_bibliography(printed):
    out, _ = printed
    text = " ".join(_text(out / pdf.BOOK).split())
    assert "References" in text and "Bureau of National Statistics" in text
    assert text.count("Chart ") >= 5  # the edition numbers its charts "Chart N" (the paper keeps "Figure 1")


def test_a_missing_image_is_named_and_no_pdf_is_written(site_root, chromium, tmp_path):
    broken = tmp_path / "site"
    shutil.copytree(site_root, broken, ignore=shutil.ignore_patterns("_sources", "*.map"))
    page = broken / "notebooks" / "summary.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("<article", '<img src="gone.png" alt="x"><article', 1),
        encoding="utf-8",
    )
    out = tmp_path / "pdf"
    with pytest.raises(pdf.PdfError, match="gone.png"):
        pdf.build(broken, out, browser=chromium)
    assert not out.exists() or not any(out.iterdir())


def test_a_pdf_that_cannot_be_printed_fails_the_build_by_name_and_publishes_nothing(built_site, tmp_path):
    out = tmp_path / "site"
    shutil.copytree(built_site, out)
    before = tree_digest(out)
    # Raw HTML passes Jupyter Book's checks; the printer finds the image missing.
    root = book_with_about_line(tmp_path / "root", '<img src="gone.png" alt="A picture nobody added">')
    with pytest.raises(BuildError) as info:
        build.build(out=out, root=root, report=build.Reporter(quiet=True), pdf=True)
    message = str(info.value)
    assert "print PDFs" in message and "gone.png" in message and "No PDF was written" in message
    assert tree_digest(out) == before


SCREEN_ONLY = ("Download:", "Copy BibTeX", "public address of this site", "Latest edition:", "This is the latest")


def _links(path) -> list[str]:
    from pypdf import PdfReader

    found = []
    for page in PdfReader(str(path)).pages:
        for note in page.get("/Annots") or []:
            action = note.get_object().get("/A") or {}
            if "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_print_leaves_out_downloads_copy_buttons_and_notes_meant_for_the_screen(printed):
    out, written = printed
    for path in written:
        text = " ".join(_text(path).split())
        shown = [words for words in SCREEN_ONLY if words in text]
        assert not shown, f"{path.name} prints {shown}"
        # A link into the site would lead to the server that printed it; without a base URL it is text.
        local = [u for u in _links(path) if u.startswith(("http://127.0.0.1", "http://localhost"))]
        assert not local, f"{path.name} links the printing server: {local[:3]}"


def test_an_edition_with_a_public_address_prints_its_permanent_url_on_each_sections_first_page(
    new_year_edition, chromium, tmp_path
):
    from conftest import BASE_URL
    from pypdf import PdfReader

    first = new_year_edition.first
    edition = new_year_edition.out / "editions" / first
    pdf.build(edition, tmp_path, browser=chromium)
    for s in sections.SECTIONS:
        _, anchor = sections.heading(s)
        url = f"{BASE_URL}editions/{first}/notebooks/{s}.html#{anchor}"
        page_one = "".join(PdfReader(str(tmp_path / f"{s}.pdf")).pages[0].extract_text().split())
        assert url in page_one, f"{s}.pdf: no {url} on its first page"
        links = _links(tmp_path / f"{s}.pdf")
        inside = [u for u in links if u.startswith(BASE_URL)]
        assert inside and all(u.startswith(f"{BASE_URL}editions/{first}/") for u in inside), inside[:3]
        text = " ".join(_text(tmp_path / f"{s}.pdf").split())
        assert not [w for w in SCREEN_ONLY if w in text], s
