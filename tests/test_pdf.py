"""The PDF edition: `make pdf` writes the book and every section, with the charts, Figure 1's values, the section's
citation on its first page and page numbers; a page with a missing image writes nothing."""

from __future__ import annotations

import shutil

import pytest

from multivector import compute, data, pdf, sections


@pytest.fixture(scope="module")
def printed(site_root, chromium, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    written = pdf.build(site_root, out, browser=chromium)
    return out, written


def _text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_make_pdf_writes_the_book_and_one_pdf_per_section(printed):
    out, written = printed
    assert sorted(p.name for p in written) == sorted([pdf.BOOK] + [f"{s}.pdf" for s in sections.SECTIONS])


def test_the_section_with_figure_1_prints_its_chart_values_citation_and_page_numbers(printed):
    from pypdf import PdfReader

    out, _ = printed
    section = out / "multi_vectorism.pdf"
    first = PdfReader(str(section)).pages[0].extract_text()
    assert "Edition" in first and "multi_vectorism.html" in first.replace("-\n", "").replace("\n", ""), first[:600]
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
