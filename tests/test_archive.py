"""`multivector editions archive` writes one edition as a deposit: a zip of one BagIt bag that validates, whose payload
is an output folder of its own holding the edition as published, with an RO-Crate naming its pages, PDFs and data
files, and a .zenodo.json; bad input is one sentence and writes nothing; unpacked, it reads from file:// as a
downloaded output folder does. Most tests archive a small edition made here; those that archive a built site are slow
(its fixture)."""

from __future__ import annotations

import errno
import json
import os
import platform
import re
import shutil
import urllib.parse
import zipfile
from importlib.metadata import version
from pathlib import Path

import bagit
import pytest
from browser_support import (
    DISK_PAGE,
    SEARCHED,
    DiskWatch,
    search_from_disk,
    search_word,
    switcher_hrefs,
    wait_for_charts,
)
from conftest import BASE_URL
from rocrate.rocrate import ROCrate

from multivector import cli, data, locks, params, paths
from multivector.engine import editions
from multivector.engine.editions import archive, deposit, standalone
from multivector.engine.editions.listing import write_json
from multivector.engine.editions.owned import FILES
from multivector.notebook import page
from multivector.site import cite
from multivector.translation.interface import EDITION_STATUS_WORDS

EDITION = editions.Edition(id="2024-0a1b2c3d", year=2024, version="1.0.0", fingerprint="f00d", built="2026-11-30")
OLDER = editions.Edition(id="2023-4e5f6a7b", year=2023, version="1.0.0", fingerprint="f00d", built="2026-11-29")
PAPERMILL = version("papermill")
# Pages that link each other, a PDF and a data file, as a build lays them out.
PAGES = {
    "index.html": '<title>Home</title><a href="notebooks/summary.html">Summary</a><link href="_static/x.css">',
    "notebooks/summary.html": '<title>Summary</title><a href="../pdf/summary.pdf">PDF</a>'
    '<a href="../data/trade_totals.csv">CSV</a><a href="../_sources/notebooks/summary.ipynb">notebook</a>'
    '<a href="../index.html#top">home</a>',
    "_static/x.css": "body { color: black }\n",
    "_static/webpack-macros.html": "<!-- a theme's template, not a page -->\n",
    "pdf/summary.pdf": "%PDF-1.7\n%%EOF\n",
}


def _notebook(ds: data.Dataset) -> dict:
    """An executed notebook as papermill leaves it, ending with the run card the book's pages print."""
    card = {"output_type": "display_data", "data": {"text/html": [page.run_card(ds, params.defaults())]}}
    return {
        "cells": [{"cell_type": "code", "source": "page.run_card()", "metadata": {}, "outputs": [card]}],
        "metadata": {
            "language_info": {"name": "python", "version": platform.python_version()},
            "papermill": {"version": PAPERMILL},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.fixture(scope="module")
def notebook() -> dict:
    return _notebook(data.load())


def _publish(site: Path, edition: editions.Edition, notebook: dict) -> None:
    """Write `edition`'s folder as publishing does: its pages, data package, executed notebook and facts, and the
    list of what it wrote."""
    place = editions.folder(site, edition.id)
    for rel, body in PAGES.items():
        (place / rel).parent.mkdir(parents=True, exist_ok=True)
        (place / rel).write_text(body, encoding="utf-8")
    shutil.copytree(paths.DATA, place / "data", ignore=shutil.ignore_patterns("raw", "README.md", paths.DATA_CHANGELOG))
    (place / "_sources/notebooks").mkdir(parents=True)
    (place / "_sources/notebooks/summary.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    facts = {"params": {k: v for k, v in params.defaults().items() if k != "data_dir"}}  # as engine.facts keeps them
    (place / paths.EDITION_FILE).write_text(json.dumps(facts), encoding="utf-8")
    names = sorted(p.relative_to(place).as_posix() for p in place.rglob("*") if p.is_file())
    (place / FILES).write_text(json.dumps(names), encoding="utf-8")


@pytest.fixture
def site(tmp_path, notebook) -> Path:
    """An output folder with two editions, the latest also at its root, built for BASE_URL; a person's note in the
    latest edition's folder."""
    site = tmp_path / "site"
    for e in (OLDER, EDITION):
        _publish(site, e, notebook)
    shutil.copytree(editions.folder(site, EDITION.id), site, dirs_exist_ok=True)
    records = editions.Listing((OLDER, EDITION), EDITION.id).records()
    write_json(site / editions.LISTING, records)
    write_json(site / editions.SWITCHER, editions.switcher(records, BASE_URL))
    (editions.folder(site, EDITION.id) / "notes.txt").write_text("a person's note\n", encoding="utf-8")
    return site


def _unpacked(zipped: Path, into: Path) -> Path:
    """The bag the archive holds, unpacked into `into`: the archive's one top folder."""
    with zipfile.ZipFile(zipped) as z:
        tops = {name.split("/", 1)[0] for name in z.namelist()}
        z.extractall(into)
    assert tops == {zipped.stem}, tops
    return into / zipped.stem


@pytest.fixture
def bag(site, tmp_path) -> Path:
    zipped = archive.archive(site, EDITION.id, tmp_path / "deposit.zip")
    return _unpacked(zipped, tmp_path / "unpacked")


def _edition_files(site: Path, edition_id: str) -> set[str]:
    return set(json.loads((editions.folder(site, edition_id) / FILES).read_text(encoding="utf-8")))


def _payload(bag: Path) -> Path:
    return bag / "data"


def _shelved(bag: Path, edition_id: str = EDITION.id) -> Path:
    """The edition's folder in the unpacked bag: where an output folder keeps it."""
    return editions.folder(_payload(bag), edition_id)


# What the archive holds -------------------------------------------------------------------------------------------


def test_the_archive_is_a_bag_that_bagit_validates(bag):
    made = bagit.Bag(str(bag))
    made.validate()
    assert {"sha256", "sha512"} <= set(made.algorithms)
    assert made.info["External-Identifier"] == EDITION.id


def test_the_archive_holds_the_edition_as_published_and_no_file_from_outside_it(site, bag):
    shelved = {p.relative_to(_shelved(bag)).as_posix() for p in _shelved(bag).rglob("*") if p.is_file()}
    ours = _edition_files(site, EDITION.id) | {FILES}  # the list of what publishing wrote is one of its files
    assert shelved == ours
    for rel in ours:
        assert (_shelved(bag) / rel).read_bytes() == (editions.folder(site, EDITION.id) / rel).read_bytes(), rel
    assert "notes.txt" not in shelved  # a person's file beside the edition's stays out
    outside = {p.relative_to(_payload(bag)).as_posix() for p in _payload(bag).rglob("*") if p.is_file()}
    assert outside - {f"{EDITION.url}{rel}" for rel in ours} == {*standalone.ROOT_ROLES, "ro-crate-metadata.json"}


def test_the_unpacked_archive_is_an_output_folder_listing_its_one_edition_as_a_build_lists_it_marked_archived(bag):
    listing = editions.load(_payload(bag))
    assert listing.editions == (EDITION,) and listing.latest == EDITION.id
    records = [{**r, "archived": True} for r in listing.records()]
    for name, text in editions.root_files(records).items():
        assert (_payload(bag) / name).read_text(encoding="utf-8") == text, name
    entry = (_payload(bag) / standalone.ENTRY).read_text(encoding="utf-8")
    assert f'href="{EDITION.url}index.html"' in entry


def test_a_checksum_broken_in_the_unpacked_copy_is_caught(bag):
    table = _shelved(bag) / "data" / "trade_totals.csv"
    # The same number of bytes, so that the checksums, not the payload's size, must catch it.
    table.write_text(table.read_text(encoding="utf-8").replace("final", "FINAL", 1), encoding="utf-8")
    with pytest.raises(bagit.BagValidationError) as caught:
        bagit.Bag(str(bag)).validate()
    broken = table.relative_to(bag).as_posix()
    assert any(getattr(d, "path", "") == broken for d in caught.value.details), caught.value


def test_the_crate_names_every_page_pdf_and_data_file_of_the_edition(site, bag):
    crate = ROCrate(_payload(bag))
    named = {urllib.parse.unquote(e.id).removeprefix(EDITION.url): e for e in crate.data_entities}
    files = _edition_files(site, EDITION.id)
    pages = {f for f in files if f.endswith(".html") and not f.startswith("_static/")}
    pdfs = {f for f in files if f.endswith(".pdf")}
    tables = {f for f in files if f.startswith("data/")}
    assert pages and pdfs and len(tables) > 1
    assert pages | pdfs | tables | {"_sources/notebooks/summary.ipynb", paths.EDITION_FILE} <= set(named)
    assert "_static/webpack-macros.html" not in named
    assert set(standalone.ROOT_ROLES) <= set(named)  # the root files, outside the edition's folder
    descriptor = json.loads((paths.DATA / paths.DATAPACKAGE).read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        entity = named[f"data/{r['path']}"]
        assert "sha256:" + entity["sha256"] == r["hash"], r["name"]
        assert sorted(s["name"] for s in entity["isBasedOn"]) == sorted(s["title"] for s in r["sources"]), r["name"]
        addresses = {s["@id"] for s in entity["isBasedOn"] if not s.id.startswith("#")}
        assert addresses == {s["path"] for s in r["sources"] if "path" in s}, r["name"]


def test_the_crate_relates_the_edition_to_the_paper_it_retells(bag):
    crate = ROCrate(_payload(bag))
    paper = crate.root_dataset["isBasedOn"]
    assert paper["name"] == deposit.paper().title
    assert paper["publisher"]["name"] == "Finnish Institute of International Affairs"
    assert crate.root_dataset["version"] == EDITION.id


def test_the_crate_gives_the_parameters_and_the_software_the_notebooks_recorded(site, bag):
    crate = ROCrate(_payload(bag))
    (build,) = [e for e in crate.get_entities() if e.type == "CreateAction"]
    software = {(s["name"], s["version"]) for s in build["instrument"]}
    assert software == {
        ("python", platform.python_version()),
        ("papermill", PAPERMILL),
        ("multivector", version("multivector")),
        ("altair", version("altair")),
    }
    given = {p["name"]: p["value"] for p in build["object"] if p.type == "PropertyValue"}
    facts = json.loads((editions.folder(site, EDITION.id) / paths.EDITION_FILE).read_text(encoding="utf-8"))
    assert given == {k: str(v) for k, v in facts["params"].items()} and "year" in given


def test_zenodo_json_describes_the_edition_from_citation_cff_and_its_record(bag):
    meta = json.loads((bag / deposit.ZENODO).read_text(encoding="utf-8"))
    cff = cite.read_cff()
    assert meta["version"] == EDITION.id and meta["publication_date"] == EDITION.built
    assert meta["creators"] == [{"name": a["name"]} for a in cff["authors"]]
    assert cff["title"] in meta["title"]
    assert {(r["identifier"], r["relation"]) for r in meta["related_identifiers"]} == {
        (f"{BASE_URL}{EDITION.url}", "isIdenticalTo"),
        (BASE_URL, "isVersionOf"),
    }
    assert meta["references"] == [deposit.paper().reference]
    assert ".zenodo.json" in bagit.Bag(str(bag)).tagfile_entries()


def test_without_a_base_url_zenodo_json_gives_no_address(site, tmp_path):
    records = json.loads((site / editions.LISTING).read_text(encoding="utf-8"))
    write_json(site / editions.SWITCHER, editions.switcher(records))
    bag = _unpacked(archive.archive(site, OLDER.id, tmp_path / "older.zip"), tmp_path / "unpacked")
    meta = json.loads((bag / deposit.ZENODO).read_text(encoding="utf-8"))
    assert meta["version"] == OLDER.id and "related_identifiers" not in meta
    assert "url" not in ROCrate(_payload(bag)).root_dataset


def test_the_unpacked_pages_links_all_lead_to_files_inside_the_payload(bag):
    assert _broken_links(_payload(bag), EDITION.id) == []


# An inline script's body: what it writes (the root's editions.js, from an address it works out) is not a link.
SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.S)


def _broken_links(payload: Path, edition_id: str) -> list[tuple[str, str]]:
    """Every relative link or source of a page that leads to no file of the payload, as (page, link). The theme's
    HTML templates in the edition's _static are not pages."""
    templates = editions.folder(payload, edition_id) / "_static"
    broken = []
    for html in sorted(p for p in payload.rglob("*.html") if templates not in p.parents):
        markup = SCRIPT_BODY.sub(r"\1\2", html.read_text(encoding="utf-8"))
        for link in re.findall(r'(?:href|src)="([^"]+)"', markup):
            target = urllib.parse.unquote(urllib.parse.urlsplit(link).path)
            if urllib.parse.urlsplit(link).scheme or not target:
                continue
            found = (html.parent / target).resolve()
            if not found.is_file() or payload.resolve() not in found.parents:
                broken.append((html.relative_to(payload).as_posix(), link))
    return broken


# Bad input -------------------------------------------------------------------------------------------------------


def _tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _refused(capsys, *args: str) -> str:
    assert cli.main(["editions", "archive", *args]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize(
    "case, words",
    [
        ("unknown id", ["lists no edition '2022-deadbeef'", EDITION.id, OLDER.id]),
        ("not a site", ["is not a multivector site", editions.LISTING]),
        ("not a folder", ["is not a folder"]),
        ("inside the site", ["is inside the site"]),
        ("over a file", ["already exists"]),
        ("no such folder", ["does not exist"]),
        ("not a zip", ["does not end in .zip"]),
    ],
)
def test_bad_input_is_one_sentence_and_nothing_is_written(site, tmp_path, capsys, case, words):
    (tmp_path / "existing.zip").write_text("someone's file\n", encoding="utf-8")
    (tmp_path / "plain").mkdir()
    edition, where, out = EDITION.id, site, tmp_path / "deposit.zip"
    if case == "unknown id":
        edition = "2022-deadbeef"
    elif case == "not a site":
        where = tmp_path / "plain"
    elif case == "not a folder":
        where = tmp_path / "existing.zip"
    elif case == "inside the site":
        out = site / "editions" / "deposit.zip"
    elif case == "over a file":
        out = tmp_path / "existing.zip"
    elif case == "no such folder":
        out = tmp_path / "missing" / "deposit.zip"
    elif case == "not a zip":
        out = tmp_path / "deposit.tar.gz"
    before = _tree(tmp_path)
    err = _refused(capsys, edition, "--site", str(where), "--out", str(out))
    assert all(w in err for w in words) and "No archive was written." in err, err
    assert _tree(tmp_path) == before
    assert (tmp_path / "existing.zip").read_text(encoding="utf-8") == "someone's file\n"


def test_an_os_failure_is_one_sentence_and_leaves_no_half_archive(site, tmp_path, capsys, monkeypatch):
    out = tmp_path / "deposit.zip"

    def denied(self, filename, arcname=None, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(out))

    monkeypatch.setattr(zipfile.ZipFile, "write", denied)
    before = _tree(tmp_path)
    err = _refused(capsys, EDITION.id, "--site", str(site), "--out", str(out))
    assert "permission denied" in err and str(out) in err and "No archive was written." in err, err
    assert _tree(tmp_path) == before


def test_an_archive_while_another_command_writes_the_site_is_refused_naming_it(site, tmp_path, capsys):
    with locks.held(site, RuntimeError):
        err = _refused(capsys, EDITION.id, "--site", str(site), "--out", str(tmp_path / "deposit.zip"))
    assert "Another command is writing to" in err and f"pid {os.getpid()}" in err, err
    assert not (tmp_path / "deposit.zip").exists()


def test_the_archive_command_says_what_it_wrote(site, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["editions", "--out", str(site), "archive", OLDER.id]) == 0
    written = tmp_path / archive.default_name(OLDER.id)
    assert str(written) in capsys.readouterr().out
    bagit.Bag(str(_unpacked(written, tmp_path / "unpacked"))).validate()


# A built site ----------------------------------------------------------------------------------------------------


def test_every_edition_of_a_built_site_archives_as_a_valid_bag_whose_crate_names_its_pages_pdfs_and_data(
    site_root, tmp_path
):
    listing = editions.load(site_root)
    assert listing.editions
    for e in listing.editions:
        bag = _unpacked(archive.archive(site_root, e.id, tmp_path / f"{e.id}.zip"), tmp_path / e.id)
        bagit.Bag(str(bag)).validate()
        files = _edition_files(site_root, e.id)
        wanted = {f for f in files if f.endswith((".html", ".pdf")) and not f.startswith("_static/")}
        wanted |= {f for f in files if f.startswith("data/")}
        named = {urllib.parse.unquote(entity.id) for entity in ROCrate(_payload(bag)).data_entities}
        named = {f.removeprefix(e.url) for f in named}
        assert wanted - named == set(), e.id
        assert any(f.startswith("_sources/") and f.endswith(".ipynb") for f in named), e.id
        assert _broken_links(_payload(bag), e.id) == [], e.id
        meta = json.loads((bag / deposit.ZENODO).read_text(encoding="utf-8"))
        assert meta["version"] == e.id and meta["publication_date"] == e.built
        # Where the pages name their own address, the deposit names the same edition's permanent one.
        same = [r["identifier"] for r in meta.get("related_identifiers", []) if r["relation"] == "isIdenticalTo"]
        canonicals = _canonicals(_shelved(bag, e.id))
        if canonicals:
            assert len(same) == 1 and all(c.startswith(same[0]) for c in canonicals), (e.id, same, canonicals)


def _canonicals(place: Path) -> list[str]:
    found = []
    for html in sorted((place / "notebooks").glob("*.html")):
        found += re.findall(r'<link rel="canonical" href="([^"]+)"', html.read_text(encoding="utf-8"))
    return found


@pytest.mark.slow
def test_an_unpacked_archive_opened_from_disk_lists_its_edition_says_which_is_latest_and_searches(
    new_year_edition, chromium, tmp_path
):
    # The older edition of the two: on the site its pages lean most on the root's listing (the banner).
    archived = new_year_edition.first
    bag = _unpacked(archive.archive(new_year_edition.out, archived, tmp_path / "older.zip"), tmp_path / "unpacked")
    place = _shelved(bag, archived)
    listing = editions.load(_payload(bag))
    on_disk = [(editions.folder(_payload(bag), e.id) / DISK_PAGE).as_uri() for e in reversed(listing.editions)]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        watch = DiskWatch(page)
        # The archive's first page leads into the edition.
        page.goto((_payload(bag) / standalone.ENTRY).as_uri())
        page.locator(".mv-edition-label").wait_for(state="attached", timeout=10_000)
        assert page.url.startswith(place.as_uri() + "/"), page.url
        page.goto((place / DISK_PAGE).as_uri())
        assert switcher_hrefs(page) == on_disk == [(place / DISK_PAGE).as_uri()]
        assert page.locator(".version-switcher__button").first.inner_text().startswith(archived)
        # The one edition of the copy is its latest, and its line says it is an archive, not the site's latest (the
        # site's older edition it is).
        assert listing.latest == archived
        said = EDITION_STATUS_WORDS["archived"].format(edition=archived)
        page.locator(".mv-edition-status", has_text=said).wait_for(timeout=10_000)
        assert page.locator("#mv-edition-banner").is_hidden()
        assert wait_for_charts(page) == []
        found = search_from_disk(page, place, search_word(SEARCHED))
        assert (place / "notebooks" / f"{SEARCHED}.html").as_uri() in [h.split("#")[0] for h in found]
        assert watch.problems == []
    finally:
        context.close()
