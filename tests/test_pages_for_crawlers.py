"""Pages a crawler reads right: every page names its permanent address as canonical (the root page too), previews
point at absolute images, a sitemap index at the root lists every edition's sitemap, robots.txt names the index, and
an older edition's folder keeps what it was published with."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from conftest import BASE_URL
from docutils import nodes

from multivector import paths, sections
from multivector.engine import editions
from multivector.i18n import LANGUAGES, SOURCE, TRANSLATED
from multivector.site import head, sitemaps

NS = {"s": sitemaps.SITEMAP_NS}
EDITIONS = [{"id": "2023-0a1b2c3d", "built": "2026-01-02"}, {"id": "2024-4e5f6a7b", "built": "2026-03-04"}]


def _locations(xml: bytes | Path, tag: str) -> list[str]:
    root = ElementTree.fromstring(xml if isinstance(xml, bytes) else xml.read_bytes())
    return [loc.text for loc in root.findall(f"s:{tag}/s:loc", NS)]


# The generators


def test_the_sitemap_index_lists_every_editions_sitemap_at_its_permanent_address():
    xml = sitemaps.index(BASE_URL, "sitemap.xml", EDITIONS)
    assert _locations(xml, "sitemap") == [f"{BASE_URL}editions/{e['id']}/sitemap.xml" for e in EDITIONS]
    lastmods = [m.text for m in ElementTree.fromstring(xml).findall("s:sitemap/s:lastmod", NS)]
    assert lastmods == [e["built"] for e in EDITIONS]


def test_without_a_base_url_the_index_uses_the_placeholder_host_and_robots_names_no_sitemap():
    assert all(
        loc.startswith(sitemaps.PLACEHOLDER) for loc in _locations(sitemaps.index("", "s.xml", EDITIONS), "sitemap")
    )
    robots = sitemaps.robots("")
    assert "Sitemap:" not in robots and "User-agent: *" in robots
    assert f"Sitemap: {BASE_URL}{paths.SITEMAP_INDEX}\n" in sitemaps.robots(BASE_URL)


def test_a_pages_description_gives_a_glued_figures_words_and_none_of_its_markup():
    para = nodes.paragraph()
    para += nodes.Text("Trade figures in this page are for the year ")
    para += nodes.raw("", '<span class="mv-figure" data-x="1">', format="html")
    para += nodes.inline("", "2024")
    para += nodes.raw("", "</span>", format="html")
    para += nodes.Text(", as the paper gives them.")
    section = nodes.section()
    section += para
    assert head.lead_paragraph(section) == "Trade figures in this page are for the year 2024, as the paper gives them."


# Two editions built for a public address


def _head(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def _canonical(page: Path) -> str | None:
    link = _head(page).find("link", rel="canonical")
    return link["href"] if link else None


def test_every_page_and_the_root_page_name_their_permanent_address_as_canonical(new_year_edition):
    out, latest = new_year_edition.out, new_year_edition.latest
    permanent = f"{BASE_URL}editions/{latest}/"
    pages = sorted(
        p.relative_to(out).as_posix()
        for p in out.glob("**/*.html")
        if not (editions.SHELF in p.parts or "_static" in p.parts)  # _static: the theme's macros, no pages
    )
    assert "index.html" in pages and len(pages) > len(sections.PAGES)
    # Each book's root page (English at the root, a translation's in its folder) leads to its first page.
    roots = {"index.html": ""} | {f"{lang}/index.html": f"{lang}/" for lang in TRANSLATED}
    missing = [p for p in pages if p not in roots and _canonical(out / p) != permanent + p]
    assert not missing, f"pages without their permanent canonical address: {missing[:5]}"
    for root, folder in roots.items():
        first = _head(out / root).find("meta", attrs={"http-equiv": "Refresh"})["content"].split("url=")[1]
        assert _canonical(out / root) == permanent + folder + first, root


def test_every_page_names_its_twins_in_every_language_at_their_permanent_canonical_addresses(new_year_edition):
    out, latest = new_year_edition.out, new_year_edition.latest
    checked = 0
    for page in sorted(p.relative_to(out).as_posix() for p in out.glob("notebooks/*.html")):
        twins = {lang: page if lang == SOURCE else f"{lang}/{page}" for lang in LANGUAGES}
        for here in twins.values():
            links = _head(out / here).find_all("link", rel="alternate", hreflang=True)
            alternates = {link["hreflang"]: link["href"] for link in links}
            assert alternates == {lang: _canonical(out / twin) for lang, twin in twins.items()}, here
            assert all(href.startswith(f"{BASE_URL}editions/{latest}/") for href in alternates.values()), here
            checked += 1
    assert checked >= 2 * len(sections.SECTIONS)


def test_link_previews_point_at_absolute_images_in_the_permanent_folder(new_year_edition):
    out, latest = new_year_edition.out, new_year_edition.latest
    images = [
        m["content"]
        for s in sections.SECTIONS
        for m in _head(out / "notebooks" / f"{s}.html").find_all("meta", property="og:image")
    ]
    assert images and all(i.startswith(f"{BASE_URL}editions/{latest}/_static/og/") for i in images), images
    assert all((out / i.removeprefix(f"{BASE_URL}editions/{latest}/")).is_file() for i in images)


def test_the_root_sitemap_index_covers_every_editions_pages_and_robots_names_it(new_year_edition):
    out = new_year_edition.out
    listed = editions.load(out).records()
    sitemaps_listed = _locations(out / paths.SITEMAP_INDEX, "sitemap")
    assert sitemaps_listed == [f"{BASE_URL}{e['url']}sitemap.xml" for e in listed]
    for edition in listed:
        pages = _locations(out / edition["url"] / "sitemap.xml", "url")
        expected = {f"{BASE_URL}{edition['url']}notebooks/{name}.html" for name in sections.PAGES}
        assert expected <= set(pages), f"{edition['id']}'s sitemap lacks {sorted(expected - set(pages))[:3]}"
        assert all(p.startswith(f"{BASE_URL}{edition['url']}") for p in pages)
    assert f"Sitemap: {BASE_URL}{paths.SITEMAP_INDEX}" in (out / paths.ROBOTS).read_text(encoding="utf-8").splitlines()


def test_an_older_editions_folder_keeps_the_index_it_was_published_with(new_year_edition):
    out, first = new_year_edition.out, new_year_edition.first
    kept = out / editions.SHELF / first
    assert _locations(kept / paths.SITEMAP_INDEX, "sitemap") == [f"{BASE_URL}editions/{first}/sitemap.xml"]
    assert _canonical(kept / "notebooks" / "summary.html") == f"{BASE_URL}editions/{first}/notebooks/summary.html"
