"""A downloaded output folder opened from disk (file://) reads like the served site: the switcher lists the editions,
the latest line and an older edition's banner show, search lists results, and nothing logs an error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser_support import DISK_PAGE as PAGE
from browser_support import SEARCHED, DiskWatch, search_from_disk, search_word, switcher_hrefs, wait_for_charts
from conftest import BASE_URL

from multivector import cli, paths
from multivector.engine import editions, publish
from multivector.engine.editions import Edition
from multivector.site import search, switcher
from multivector.site.theme import STATIC
from multivector.translation import catalogs
from multivector.translation.interface import EDITION_STATUS_WORDS

# The script's one statement: the global set to a JSON value.
SCRIPT_SHAPE = re.compile(rf"^window\.{editions.SCRIPT_GLOBAL} = (?P<value>\{{.*\}});\n$", re.S)


def _site(tmp: Path, name: str) -> Path:
    site = tmp / name
    (site / "notebooks").mkdir(parents=True)
    (site / "notebooks" / "page.html").write_text(name)
    return site


def _publish(tmp: Path, *ids: str, base_url: str = "") -> Path:
    out = tmp / "out"
    for eid in ids:
        edition = Edition(eid, int(eid[:4]), "1.0.0", "f" * 12, "2026-01-02")
        publish.into(_site(tmp, eid), out, edition, base_url)
    return out


def _script_value(out: Path) -> dict:
    text = (out / editions.SCRIPT).read_text(encoding="utf-8")
    match = SCRIPT_SHAPE.match(text)
    assert match, f"{out / editions.SCRIPT} is not one assignment of {editions.SCRIPT_GLOBAL}: {text[:200]!r}"
    return json.loads(match["value"])


# The root's script, written with the listing -------------------------------------------------------------------------


def test_every_publication_writes_the_listing_and_the_switcher_entries_into_the_roots_script(tmp_path):
    out = _publish(tmp_path, "2024-aaaaaaaa", "2026-bbbbbbbb", base_url=BASE_URL)
    value = _script_value(out)
    records = json.loads((out / editions.LISTING).read_text(encoding="utf-8"))
    assert value["listing"] == records and [r["latest"] for r in records] == [False, True]
    # From disk the switcher leads to the copy on disk, whatever public address switcher.json names.
    assert value["switcher"] == editions.switcher(records)
    assert [e["url"] for e in value["switcher"]] == [r["url"] for r in reversed(records)]
    served = json.loads((out / editions.SWITCHER).read_text(encoding="utf-8"))
    assert [e["url"] for e in served] == [BASE_URL + r["url"] for r in reversed(records)]


def test_removing_an_edition_takes_it_out_of_the_roots_script_too(tmp_path, capsys):
    out = _publish(tmp_path, "2024-aaaaaaaa", "2025-bbbbbbbb", "2026-cccccccc")
    assert cli.main(["editions", "remove", "2025-bbbbbbbb", "--out", str(out), "--yes"]) == 0
    value = _script_value(out)
    assert [r["id"] for r in value["listing"]] == ["2024-aaaaaaaa", "2026-cccccccc"]
    assert [e["version"] for e in value["switcher"]] == ["2026-cccccccc", "2024-aaaaaaaa"]


def test_the_roots_script_is_the_builds_own_file_and_not_a_strangers(tmp_path):
    out = _publish(tmp_path, "2024-aaaaaaaa")
    assert editions.SCRIPT in editions.root_entries(out, editions.load(out))
    marker = json.loads((out / publish.MARKER).read_text(encoding="utf-8"))
    assert editions.SCRIPT in marker["entries"]
    # A second edition replaces it without taking it for a person's file.
    _publish(tmp_path, "2026-bbbbbbbb")
    assert [r["id"] for r in _script_value(out)["listing"]] == ["2024-aaaaaaaa", "2026-bbbbbbbb"]


# What the pages load and read ----------------------------------------------------------------------------------------


def test_the_pages_load_the_roots_script_by_its_name_and_read_its_global():
    body = switcher.root_script({"id": "2024-aaaaaaaa", "page": "notebooks/page.html"})
    assert json.dumps(editions.SCRIPT) in body and json.dumps(f"{editions.SHELF}/") in body
    reader = (STATIC / switcher.EDITIONS_JS).read_text(encoding="utf-8")
    assert f"window.{editions.SCRIPT_GLOBAL}" in reader


def test_a_page_name_cannot_end_the_inline_script():
    body = switcher.root_script({"id": "2024-aaaaaaaa", "page": "notebooks/</script><b>x.html"})
    assert "</" not in body


def test_only_the_search_page_is_told_to_list_titles_alone_from_disk():
    class Builder:
        format = "html"

    class App:
        builder = Builder()
        added: list[tuple] = []

        def add_js_file(self, filename, **kwargs):
            self.added.append((filename, kwargs))

    app = App()
    for page in ("index", "notebooks/summary", search.SEARCH_PAGE):
        search.titles_alone_from_disk(app, page, "page.html", {}, None)
    assert [kwargs["body"] for _, kwargs in app.added] == [search.TITLES_ALONE_FROM_DISK]
    assert "SHOW_SEARCH_SUMMARY" in search.TITLES_ALONE_FROM_DISK


# In Chromium, from disk ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_downloaded_folder_opened_from_disk_reads_like_the_served_site(new_year_edition, chromium):
    out, first, second = new_year_edition.out, new_year_edition.first, new_year_edition.latest
    older, latest = out / editions.SHELF / first, out
    on_disk = [(out / editions.SHELF / eid / PAGE).as_uri() for eid in (second, first)]
    query = search_word(SEARCHED)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        watch = DiskWatch(page)
        # The older edition: the banner, its link to the same page at the root, and the switcher.
        page.goto((older / PAGE).as_uri())
        banner = page.locator("#mv-edition-banner")
        banner.wait_for(state="visible", timeout=10_000)
        assert first in banner.inner_text() and second in banner.inner_text()
        assert banner.locator("a.mv-latest-link").evaluate("a => a.href") == (latest / PAGE).as_uri()
        assert "This is not the latest edition" in page.locator(".mv-edition-label").inner_text()
        assert switcher_hrefs(page) == on_disk
        # Its Russian twin says the same in Russian, from interface.po.
        russian = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.INTERFACE), "ru")
        page.goto((older / "ru" / PAGE).as_uri())
        banner.wait_for(state="visible", timeout=10_000)
        assert catalogs.look_up(russian, EDITION_STATUS_WORDS["older"]).text in banner.inner_text()
        status = catalogs.look_up(russian, EDITION_STATUS_WORDS["not_latest"]).text
        page.locator(".mv-edition-status", has_text=status).wait_for(timeout=10_000)
        page.goto((older / PAGE).as_uri())
        assert page.locator(".version-switcher__button").first.inner_text().startswith(first)
        assert wait_for_charts(page) == []
        # The switcher leads to the same page of the latest edition, at its permanent folder on disk.
        page.locator(".version-switcher__menu").first.locator("a.dropdown-item").first.evaluate("a => a.click()")
        page.wait_for_url(on_disk[0])
        page.locator(".mv-edition-status", has_text="This is the latest edition.").wait_for(timeout=10_000)
        # The latest, at the root: its line, no banner, the same switcher.
        page.goto((latest / PAGE).as_uri())
        page.locator(".mv-edition-status", has_text="This is the latest edition.").wait_for(timeout=10_000)
        assert page.locator("#mv-edition-banner").is_hidden()
        assert switcher_hrefs(page) == on_disk
        assert wait_for_charts(page) == []
        # Search, in both: results by title, the section among them.
        for folder in (latest, older):
            found = search_from_disk(page, folder, query)
            assert (folder / "notebooks" / f"{SEARCHED}.html").as_uri() in [h.split("#")[0] for h in found]
        assert watch.problems == []
    finally:
        context.close()
