"""Every edition stays online at its own address, named by its inputs; the root serves the latest; nothing is lost."""

from __future__ import annotations

import html
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import BASE_URL, NEW_YEAR, tree_digest

from multivector import cli, data, params, sections
from multivector.analysis import compute, narrative
from multivector.engine import build, editions, publish
from multivector.engine.editions import Edition, EditionsError
from multivector.i18n import LANGUAGES
from multivector.site import cite

# Every test here builds a site or runs a build: `make test-fast` leaves the file out.
pytestmark = pytest.mark.slow


def _ru_import_share(edition: tuple[data.Dataset, int]) -> str:
    """Russia's share of an edition's imports in its year, as the multi-vectorism page words it."""
    ds, year = edition
    return narrative.pct(compute.share(ds, year, "imports", "RU"))


def _text(page: Path) -> str:
    return html.unescape(page.read_text(encoding="utf-8"))


# The id ----------------------------------------------------------------------------------------------------------


def test_the_same_inputs_give_the_same_edition_id_and_other_inputs_another():
    values = params.validate({})
    same = editions.edition_id(values, "abc123")
    assert same == editions.edition_id({**values, "data_dir": "/elsewhere"}, "abc123")
    assert editions.ID.match(same) and same.startswith("2024-")
    assert editions.edition_id(values, "abc124") != same
    assert editions.edition_id({**values, "top_partners": values["top_partners"] + 1}, "abc123") != same


# Publishing, on small stand-in sites ------------------------------------------------------------------------------


def _site(tmp: Path, name: str, text: str) -> Path:
    site = tmp / name
    (site / "notebooks").mkdir(parents=True)
    (site / "notebooks" / "page.html").write_text(text)
    (site / "_static").mkdir()
    (site / "_static" / "theme.css").write_text("body {}" * 1000)
    (site / "_edition.json").write_text(json.dumps({"name": name}))
    return site


def _edition(eid: str) -> Edition:
    return Edition(eid, int(eid[:4]), "1.0.0", "f" * 12, "2026-01-02")


def test_publishing_keeps_every_edition_and_serves_the_latest_at_the_root(tmp_path):
    out = tmp_path / "out"
    editions.publish(_site(tmp_path, "a", "first"), out, _edition("2024-aaaaaaaa"))
    editions.publish(_site(tmp_path, "b", "second"), out, _edition("2026-bbbbbbbb"))
    assert (out / "editions/2024-aaaaaaaa/notebooks/page.html").read_text() == "first"
    assert (out / "notebooks/page.html").read_text() == "second"
    listing = json.loads((out / "editions.json").read_text())
    assert [list(r) for r in listing] == [list(editions.FIELDS)] * 2
    assert [(r["id"], r["url"], r["latest"]) for r in listing] == [
        ("2024-aaaaaaaa", "editions/2024-aaaaaaaa/", False),
        ("2026-bbbbbbbb", "editions/2026-bbbbbbbb/", True),
    ]
    # The theme's file is shared, not copied: one inode for both editions and the root.
    inodes = {
        (out / p / "_static/theme.css").stat().st_ino for p in ("editions/2024-aaaaaaaa", "editions/2026-bbbbbbbb", ".")
    }
    assert len(inodes) == 1


def test_rebuilding_an_edition_replaces_it_in_place_and_adds_none(tmp_path):
    out = tmp_path / "out"
    editions.publish(_site(tmp_path, "a", "first"), out, _edition("2024-aaaaaaaa"))
    editions.publish(_site(tmp_path, "b", "second"), out, _edition("2026-bbbbbbbb"))
    editions.publish(_site(tmp_path, "a2", "first, rebuilt"), out, _edition("2024-aaaaaaaa"))
    listing = editions.load(out)
    assert [e.id for e in listing.editions] == ["2024-aaaaaaaa", "2026-bbbbbbbb"]
    assert listing.latest == "2026-bbbbbbbb" and (out / "notebooks/page.html").read_text() == "second"
    assert (out / "editions/2024-aaaaaaaa/notebooks/page.html").read_text() == "first, rebuilt"
    assert editions.load(out).earlier("2024-aaaaaaaa") == ()
    assert [e.id for e in editions.load(out).earlier("2026-bbbbbbbb")] == ["2024-aaaaaaaa"]


def test_a_failure_while_publishing_changes_no_edition_and_no_listing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    editions.publish(_site(tmp_path, "a", "first"), out, _edition("2024-aaaaaaaa"))
    (out / "notes.txt").write_text("someone's file")
    before = tree_digest(out)
    real = os.replace

    def fail_on_listing(src, dest):
        if Path(dest).name == editions.LISTING:
            raise OSError("disk full (simulated)")
        return real(src, dest)

    monkeypatch.setattr(os, "replace", fail_on_listing)
    with pytest.raises(OSError):
        editions.publish(_site(tmp_path, "b", "second"), out, _edition("2026-bbbbbbbb"))
    monkeypatch.setattr(os, "replace", real)
    assert tree_digest(out) == before
    leftovers = [p.name for p in [*out.iterdir(), *(out / "editions").iterdir()] if p.name.startswith(".")]
    assert not leftovers, f"publishing left its temporary files behind: {leftovers}"


@pytest.mark.parametrize(
    "damage, problem",
    [
        (lambda out: (out / "editions.json").write_text("[{"), "is not valid JSON"),
        (lambda out: _edit_listing(out, lambda r: r[0].pop("built")), "lacks the field(s) built"),
        (lambda out: shutil.rmtree(out / "editions/2024-aaaaaaaa"), "which is missing"),
        (lambda out: _edit_listing(out, lambda r: r[0].update(latest=True)), '2 entries are marked "latest"'),
        (lambda out: _edit_listing(out, lambda r: r[1].update(id="../../x")), "expected a reference year"),
    ],
)
def test_a_corrupt_or_inconsistent_editions_json_is_refused_by_name_and_nothing_is_published(
    tmp_path, capsys, damage, problem
):
    out = tmp_path / "out"
    editions.publish(_site(tmp_path, "a", "first"), out, _edition("2024-aaaaaaaa"))
    editions.publish(_site(tmp_path, "b", "second"), out, _edition("2026-bbbbbbbb"))
    damage(out)
    before = tree_digest(out)
    with pytest.raises(EditionsError) as info:
        editions.publish(_site(tmp_path, "c", "third"), out, _edition("2027-cccccccc"))
    assert str(out / "editions.json") in str(info.value) and problem in str(info.value)
    assert tree_digest(out) == before
    # The build refuses it before any work, with the sentence and no traceback.
    assert cli.main(["build", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert problem in err and "Traceback" not in err
    assert tree_digest(out) == before


def _edit_listing(out: Path, change) -> None:
    records = json.loads((out / "editions.json").read_text())
    change(records)
    (out / "editions.json").write_text(json.dumps(records))


@pytest.mark.parametrize(
    "url", ["books.example.org/mv", "ftp://books.example.org/", "/multivector/", "https://books.example.org/mv/?x=1"]
)
def test_a_base_url_that_is_not_an_absolute_http_address_is_refused_before_any_work(tmp_path, capsys, url):
    out = tmp_path / "out"
    assert cli.main(["build", "--base-url", url, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--base-url" in err and "absolute http(s)" in err and "Traceback" not in err
    assert not out.exists()


def test_removing_an_edition_asks_for_yes_and_refuses_the_latest_and_unknown_ids(tmp_path, capsys):
    out = tmp_path / "out"
    editions.publish(_site(tmp_path, "a", "first"), out, _edition("2024-aaaaaaaa"))
    editions.publish(_site(tmp_path, "b", "second"), out, _edition("2026-bbbbbbbb"))
    before = tree_digest(out)
    for argv, said in (
        (["2024-aaaaaaaa"], "add --yes"),
        (["2026-bbbbbbbb", "--yes"], "is the latest edition"),
        (["2025-dddddddd", "--yes"], "lists no edition"),
    ):
        assert cli.main(["editions", "remove", *argv, "--out", str(out)]) == 2
        assert said in capsys.readouterr().err
        assert tree_digest(out) == before
    assert cli.main(["editions", "remove", "2024-aaaaaaaa", "--out", str(out), "--yes"]) == 0
    assert "Removed edition 2024-aaaaaaaa" in capsys.readouterr().out
    assert not (out / "editions/2024-aaaaaaaa").exists()
    assert [e.id for e in editions.load(out).editions] == ["2026-bbbbbbbb"]
    assert cli.main(["editions", "--out", str(out), "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["2026-bbbbbbbb"]


# Writers of one output folder take turns --------------------------------------------------------------------------


def _three_editions(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    for name, eid in (("a", "2024-aaaaaaaa"), ("b", "2025-bbbbbbbb"), ("c", "2026-cccccccc")):
        publish.into(_site(tmp_path, name, name), out, _edition(eid))
    return out


def _meanwhile(monkeypatch, module, name: str, action) -> list:
    """Run `action` once, in the middle of the next call of `module.name`; what it returned."""
    real, results = getattr(module, name), []

    def interleaved(*args, **kwargs):
        if not results:
            results.append(action())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, interleaved)
    return results


def test_a_removal_while_another_runs_is_refused_naming_it_and_the_listing_stays_valid(tmp_path, monkeypatch, capsys):
    out = _three_editions(tmp_path)
    second = _meanwhile(
        monkeypatch,
        editions.removal,
        "_switcher_base",
        lambda: cli.main(["editions", "remove", "2025-bbbbbbbb", "--out", str(out), "--yes"]),
    )
    assert cli.main(["editions", "remove", "2024-aaaaaaaa", "--out", str(out), "--yes"]) == 0
    said = capsys.readouterr()
    assert second == [2] and f"pid {os.getpid()}" in said.err and "nothing was removed" in said.err
    assert "Removed edition 2024-aaaaaaaa" in said.out
    assert [e.id for e in editions.load(out).editions] == ["2025-bbbbbbbb", "2026-cccccccc"]
    assert [e["version"] for e in json.loads((out / "switcher.json").read_text())] == ["2026-cccccccc", "2025-bbbbbbbb"]
    # Once the first has finished, the second goes through, and the listing is valid again.
    assert cli.main(["editions", "remove", "2025-bbbbbbbb", "--out", str(out), "--yes"]) == 0
    assert [e.id for e in editions.load(out).editions] == ["2026-cccccccc"]


def test_a_removal_while_a_build_publishes_is_refused_and_the_build_publishes_and_says_so(
    tmp_path, monkeypatch, capsys
):
    out = _three_editions(tmp_path)
    removal = _meanwhile(
        monkeypatch,
        editions.swap,
        "_share",
        lambda: cli.main(["editions", "remove", "2024-aaaaaaaa", "--out", str(out), "--yes"]),
    )
    with publish.claimed(out):  # as every build holds it (build.build)
        publish.into(_site(tmp_path, "d", "fourth"), out, _edition("2027-dddddddd"))
    assert removal == [2] and f"pid {os.getpid()}" in capsys.readouterr().err
    listing = editions.load(out)
    assert [e.id for e in listing.editions] == ["2024-aaaaaaaa", "2025-bbbbbbbb", "2026-cccccccc", "2027-dddddddd"]
    assert listing.latest == "2027-dddddddd" and (out / "notebooks/page.html").read_text() == "fourth"


# Two real builds with different data into one output folder ------------------------------------------------------


@pytest.fixture(scope="module")
def two_editions(new_year_edition):
    """conftest's output folder with two editions for a public address: the default edition, then the one for
    NEW_YEAR from other data."""
    first, second = new_year_edition.first, new_year_edition.latest
    return {
        "out": new_year_edition.out,
        "first": first,
        "second": second,
        # Per edition: its data and year.
        "inputs": {
            first: (data.load(), params.defaults()["year"]),
            second: (data.load(new_year_edition.folder), NEW_YEAR),
        },
        "other": new_year_edition.folder,
        "growth": new_year_edition.growth,
    }


NEW_YEAR_VALUES = {"year": str(NEW_YEAR)}


def test_two_builds_with_different_data_leave_two_editions_listed_as_specified(two_editions):
    out = two_editions["out"]
    records = json.loads((out / "editions.json").read_text(encoding="utf-8"))
    expected = [(two_editions["first"], False), (two_editions["second"], True)]
    assert len(records) == 2
    for record, (eid, latest) in zip(records, expected, strict=True):
        ds, year = two_editions["inputs"][eid]
        assert list(record) == ["id", "url", "year", "version", "fingerprint", "built", "latest"]
        assert record == {
            "id": eid,
            "url": f"editions/{eid}/",
            "year": year,
            "version": ds.version,
            "fingerprint": ds.fingerprint,
            "built": record["built"],
            "latest": latest,
        }
        assert (out / record["url"] / "notebooks" / "multi_vectorism.html").is_file()
    assert [r["year"] for r in records] == [params.defaults()["year"], NEW_YEAR]


def test_the_first_edition_still_shows_its_figure_at_its_permanent_path_and_the_root_shows_the_new_one(two_editions):
    out = two_editions["out"]
    old, new = (_ru_import_share(two_editions["inputs"][two_editions[e]]) for e in ("first", "second"))
    assert old != new
    permanent = _text(out / "editions" / two_editions["first"] / "notebooks" / "multi_vectorism.html")
    root = _text(out / "notebooks" / "multi_vectorism.html")
    assert old in permanent and new not in permanent
    assert new in root and old not in root


def test_adding_an_edition_grows_the_output_folder_by_at_most_3_mb_a_language(two_editions):
    limit = 3_000_000 * len(LANGUAGES)
    assert two_editions["growth"] <= limit, f"the second edition added {two_editions['growth']:,} bytes"


def test_an_old_editions_exported_citations_carry_its_permanent_url_and_edition_id(two_editions):
    out, first = two_editions["out"], two_editions["first"]
    _, anchor = sections.heading("economic_limits")
    url = f"{BASE_URL}editions/{first}/notebooks/economic_limits.html#{anchor}"
    folder = out / "editions" / first / cite.CITE_DIR
    bib, ris = (folder / "economic_limits.bib").read_text(), (folder / "economic_limits.ris").read_bytes().decode()
    csl = json.loads((folder / "economic_limits.json").read_text())[0]
    edition = f"Edition {first}, data version {editions.load(out).get(first).version}"
    assert f"url = {{{url}}}" in bib and f"edition = {{{edition}}}" in bib
    assert f"UR  - {url}\r\n" in ris and f"ET  - {edition}\r\n" in ris
    assert csl["URL"] == url and csl["edition"] == edition
    page = _text(out / "editions" / first / "notebooks" / "economic_limits.html")
    assert f'name="citation_public_url" content="{url}"' in page
    assert f'<link rel="canonical" href="{url.split("#")[0]}"' in page


def test_the_editions_page_lists_every_edition_and_what_changed_between_them(two_editions):
    out = two_editions["out"]
    page = _text(out / "notebooks" / "editions.html")
    assert two_editions["first"] in page and two_editions["second"] in page
    assert f"From {two_editions['first']} to {two_editions['second']}" in page
    assert _ru_import_share(two_editions["inputs"][two_editions["second"]]) in page


def test_every_page_shows_its_edition(two_editions):
    out = two_editions["out"]
    for eid in (two_editions["first"], two_editions["second"]):
        for page in (out / "editions" / eid).rglob("*.html"):
            if page.name in ("genindex.html", "search.html") or "_static" in page.parts or page.stat().st_size < 2000:
                continue
            assert f'data-mv-edition="{eid}"' in page.read_text(encoding="utf-8"), page


def test_a_second_build_of_unchanged_inputs_publishes_no_second_edition(two_editions):
    out = two_editions["out"]
    before = tree_digest(out)
    build.build(
        NEW_YEAR_VALUES, data_dir=two_editions["other"], out=out, report=build.Reporter(quiet=True), base_url=BASE_URL
    )
    assert tree_digest(out) == before


# In Chromium ---------------------------------------------------------------------------------------------------------


def test_the_switcher_lists_the_editions_and_an_old_pages_banner_links_to_the_same_page_in_the_latest(
    two_editions, chromium
):
    from browser_support import serve_site

    out, first, second = two_editions["out"], two_editions["first"], two_editions["second"]
    page_path = "notebooks/multi_vectorism.html"
    # Served below a sub-path, as on a project host: the pages find the listing from their own address.
    with serve_site(out.parent) as url:
        # The session's browser (conftest.chromium): a second sync Playwright cannot start beside it.
        browser = chromium.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = browser.new_page()
            page.goto(f"{url}{out.name}/editions/{first}/{page_path}")
            banner = page.locator("#mv-edition-banner")
            banner.wait_for(state="visible", timeout=10_000)
            assert second in banner.inner_text() and first in banner.inner_text()
            assert "This is not the latest edition" in page.locator(".mv-edition-label").inner_text()
            link = banner.locator("a.mv-latest-link")
            assert link.evaluate("a => a.href") == f"{url}{out.name}/{page_path}"
            page.locator(".version-switcher__menu a.dropdown-item").first.wait_for(state="attached", timeout=10_000)
            entries = page.locator(".version-switcher__menu").first.locator("a.dropdown-item")
            hrefs = entries.evaluate_all("as => as.map(a => a.href)")
            assert hrefs == [f"{BASE_URL}editions/{second}/{page_path}", f"{BASE_URL}editions/{first}/{page_path}"]
            assert page.locator(".version-switcher__button").first.inner_text().startswith(first)
            link.click()
            page.wait_for_load_state()
            assert page.url == f"{url}{out.name}/{page_path}"
            assert _ru_import_share(two_editions["inputs"][second]) in page.inner_text("main")
            assert page.locator("#mv-edition-banner").is_hidden()
            assert "This is the latest edition." in page.locator(".mv-edition-label").inner_text()
        finally:
            browser.close()
