"""The output folder is the build's own: a build refuses any other before doing any work, and never deletes
a file it did not write."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import tree_digest

from multivector import cli, paths
from multivector.engine import build, editions, publish, steps


def _refused(capsys, *args) -> str:
    assert cli.main(["build", *args]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_a_folder_of_someone_elses_files_is_refused_and_kept(tmp_path, capsys):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "thesis.txt").write_text("draft", encoding="utf-8")
    err = _refused(capsys, "--out", str(notes))
    assert "thesis.txt" in err and "did not write" in err
    assert (notes / "thesis.txt").read_text(encoding="utf-8") == "draft"
    assert sorted(p.name for p in notes.iterdir()) == ["thesis.txt"]


def test_a_file_given_as_the_output_folder_is_refused_and_kept(tmp_path, capsys):
    target = tmp_path / "site.html"
    target.write_text("mine", encoding="utf-8")
    assert "is a file" in _refused(capsys, "--out", str(target))
    assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("where", ["project", "above the project"])
def test_the_project_and_the_folders_above_it_are_refused(capsys, where):
    out = paths.ROOT if where == "project" else paths.ROOT.parent
    before = sorted(p.name for p in out.iterdir())
    assert "the project" in _refused(capsys, "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == before


@pytest.mark.parametrize("where", ["data", "inside data"])
def test_the_shipped_data_folder_and_folders_inside_it_are_refused(capsys, where):
    out = paths.DATA if where == "data" else paths.DATA / "site"
    before = tree_digest(paths.DATA)
    assert "data folder" in _refused(capsys, "--out", str(out))
    assert tree_digest(paths.DATA) == before and not (paths.DATA / "site").exists()


@pytest.mark.parametrize("where", ["the --data folder", "inside it", "a folder holding it"])
def test_the_data_folder_given_with_data_is_refused(data_copy, capsys, where):
    out = {"the --data folder": data_copy, "inside it": data_copy / "site", "a folder holding it": data_copy.parent}[
        where
    ]
    before = tree_digest(data_copy)
    assert "data folder" in _refused(capsys, "--data", str(data_copy), "--out", str(out))
    assert tree_digest(data_copy) == before and not (data_copy / "site").exists()


def test_fewer_than_one_job_is_refused(tmp_path, capsys):
    assert "--jobs" in _refused(capsys, "--jobs", "0", "--out", str(tmp_path / "site"))
    assert not (tmp_path / "site").exists()


def _site(folder, pages: dict[str, str]):
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _edition(n: int) -> editions.Edition:
    return editions.Edition(f"2024-{n:08x}", 2024, "1.0.0", f"fingerprint{n}", "2026-11-27")


def test_publishing_replaces_only_what_an_earlier_build_wrote(tmp_path):
    out = tmp_path / "out"
    publish.into(
        _site(tmp_path / "first", {"index.html": "one", "old.html": "gone from the root next time"}), out, _edition(1)
    )
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # added by a person beside the site
    publish.into(_site(tmp_path / "second", {"index.html": "two"}), out, _edition(2))
    assert (out / "index.html").read_text(encoding="utf-8") == "two"
    assert not (out / "old.html").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "editions" / _edition(1).id / "old.html").is_file()  # the first edition stays whole
    publish.check(out, {})  # still a folder a build may write into


def test_a_new_page_never_overwrites_a_file_a_person_put_there(tmp_path):
    out = tmp_path / "out"
    publish.into(_site(tmp_path / "first", {"index.html": "one"}), out, _edition(1))
    (out / "about.html").write_text("mine", encoding="utf-8")
    with pytest.raises(publish.OutputError, match="about.html"):
        publish.into(_site(tmp_path / "second", {"index.html": "two", "about.html": "theirs"}), out, _edition(2))
    assert (out / "about.html").read_text(encoding="utf-8") == "mine"
    assert (out / "index.html").read_text(encoding="utf-8") == "one"


def test_a_folder_beside_the_site_named_like_its_stage_is_never_cleared(tmp_path):
    out = tmp_path / "notes"
    foreign = publish.stage_dir(out)
    foreign.mkdir()
    (foreign / "plan.txt").write_text("mine", encoding="utf-8")
    work = publish.new_stage(out)
    assert publish.keep_stage(work, out) == work  # the finished stage stays where it is
    assert (foreign / "plan.txt").read_text(encoding="utf-8") == "mine"
    assert work.is_dir()


def test_a_second_build_into_a_folder_being_written_stops_at_once_naming_the_first(tmp_path):
    out = tmp_path / "site"
    with publish.claimed(out), pytest.raises(publish.OutputError) as info, publish.claimed(out):
        pass
    assert f"pid {os.getpid()}" in str(info.value) and "started" in str(info.value)
    assert not out.exists()  # made for a build that published nothing: removed again


# Files a person put among the build's, and folders a build owns ---------------------------------------------------


def _pages(folder, text: str):
    """A small stand-in site: a page under notebooks/, the theme's file under _static/, the build's own files."""
    (folder / "notebooks").mkdir(parents=True)
    (folder / "notebooks" / "page.html").write_text(text, encoding="utf-8")
    (folder / "_static").mkdir()
    (folder / "_static" / "theme.css").write_text("body {}" * 100, encoding="utf-8")
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "_edition.json").write_text("{}", encoding="utf-8")
    (folder / "_build_key").write_text("k\n", encoding="utf-8")
    return folder


def test_a_file_a_person_put_in_the_pages_folders_is_never_deleted_by_the_next_edition(tmp_path, capsys):
    out = tmp_path / "out"
    publish.into(_pages(tmp_path / "first", "one"), out, _edition(1))
    (out / "notebooks" / "my-notes.txt").write_text("mine", encoding="utf-8")
    (out / "_static" / "custom.css").write_text("mine too", encoding="utf-8")
    before = tree_digest(out)
    with pytest.raises(editions.EditionsError) as info:
        publish.into(_pages(tmp_path / "second", "two"), out, _edition(2))
    said = str(info.value)
    assert str(out / "notebooks" / "my-notes.txt") in said and str(out / "_static" / "custom.css") in said
    assert "Nothing was published" in said
    assert tree_digest(out) == before
    # A build says so before any work.
    assert "my-notes.txt" in _refused(capsys, "--out", str(out))
    assert tree_digest(out) == before


def test_a_file_a_person_put_inside_an_edition_is_never_deleted_by_its_rebuild_or_its_removal(tmp_path, capsys):
    out = tmp_path / "out"
    publish.into(_pages(tmp_path / "first", "one"), out, _edition(1))
    publish.into(_pages(tmp_path / "second", "two"), out, _edition(2))
    note = out / "editions" / _edition(1).id / "notebooks" / "erratum.txt"
    note.write_text("mine", encoding="utf-8")
    before = tree_digest(out)
    with pytest.raises(editions.EditionsError, match="erratum.txt"):
        publish.into(_pages(tmp_path / "again", "one, rebuilt"), out, _edition(1))
    assert tree_digest(out) == before
    assert cli.main(["editions", "remove", _edition(1).id, "--out", str(out), "--yes"]) == 2
    err = capsys.readouterr().err
    assert str(note) in err and "Nothing was removed" in err and "Traceback" not in err
    assert tree_digest(out) == before
    # Once it is moved away, the same rebuild goes through.
    note.unlink()
    publish.into(tmp_path / "again", out, _edition(1))
    assert (out / "editions" / _edition(1).id / "notebooks" / "page.html").read_text(encoding="utf-8") == "one, rebuilt"


@pytest.mark.parametrize("where", ["an edition", "inside an edition", "the pages' folder", "a stage"])
def test_an_output_folder_inside_what_a_build_owns_is_refused(tmp_path, where):
    site = tmp_path / "site"
    publish.into(_pages(tmp_path / "first", "one"), site, _edition(1))
    publish.into(_pages(tmp_path / "second", "two"), site, _edition(2))
    out = {
        "an edition": site / "editions" / _edition(1).id,
        "inside an edition": site / "editions" / _edition(1).id / "notebooks",
        "the pages' folder": site / "notebooks",
        "a stage": publish.new_stage(site) / "_build" / "html",
    }[where]
    before = tree_digest(tmp_path)
    with pytest.raises(publish.OutputError, match=r"is inside .*(edition|stage)"):
        publish.check(out, {})
    assert tree_digest(tmp_path) == before


def test_an_output_folder_inside_the_build_cache_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(steps, "run", lambda job, pool: pytest.fail("the build went on"))
    out = paths.CACHE / "site"
    assert "the build's cache" in _refused(capsys, "--out", str(out))
    assert not out.exists()
    cache = tmp_path / "cache"
    with pytest.raises(publish.OutputError, match="the build's cache"):
        build.build(out=cache / "site", cache_dir=cache, report=build.Reporter(quiet=True))
    assert not cache.exists()


def test_a_folder_published_before_editions_is_refused_and_nothing_a_symlink_leads_to_is_published(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for n in range(3):
        (elsewhere / f"private{n}.txt").write_text("not for the site", encoding="utf-8")
    old = _pages(tmp_path / "old", "from before editions")
    (old / "assets").symlink_to(elsewhere)
    (old / "mine.txt").write_text("a person's file", encoding="utf-8")
    with pytest.raises(publish.OutputError, match="did not write"):
        publish.check(old, {})
    with pytest.raises(publish.OutputError, match="did not write"):
        publish.into(_pages(tmp_path / "new", "new"), old, _edition(1))
    assert sorted(p.name for p in old.iterdir()) == sorted(
        ["notebooks", "_static", "index.html", "_edition.json", "_build_key", "assets", "mine.txt"]
    )
    assert all(p.stat().st_nlink == 1 for p in elsewhere.iterdir())


def test_publishing_never_links_to_a_file_a_symlink_in_the_folder_leads_to(tmp_path):
    out = tmp_path / "out"
    publish.into(_pages(tmp_path / "first", "one"), out, _edition(1))
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(out / "editions" / _edition(1).id / "_static", elsewhere)
    shutil.rmtree(out / "editions" / _edition(1).id / "_static")
    (out / "editions" / _edition(1).id / "_static").symlink_to(elsewhere)
    publish.into(_pages(tmp_path / "second", "two"), out, _edition(2))
    published = out / "editions" / _edition(2).id / "_static" / "theme.css"
    assert published.read_text(encoding="utf-8") == (elsewhere / "theme.css").read_text(encoding="utf-8")
    assert not os.path.samefile(published, elsewhere / "theme.css")
    assert (elsewhere / "theme.css").stat().st_nlink == 1


def test_removing_an_edition_whose_folder_is_a_symlink_is_refused_in_one_line_and_the_listing_is_kept(tmp_path, capsys):
    out = tmp_path / "out"
    publish.into(_pages(tmp_path / "first", "one"), out, _edition(1))
    publish.into(_pages(tmp_path / "second", "two"), out, _edition(2))
    place = out / "editions" / _edition(1).id
    elsewhere = tmp_path / "elsewhere"
    place.rename(elsewhere)
    place.symlink_to(elsewhere)
    listing = (out / editions.LISTING).read_bytes()
    kept = tree_digest(elsewhere)
    assert cli.main(["editions", "remove", _edition(1).id, "--out", str(out), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert (out / editions.LISTING).read_bytes() == listing and place.is_symlink()
    assert tree_digest(elsewhere) == kept
