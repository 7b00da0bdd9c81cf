"""The output folder is the build's own: a build refuses any other before doing any work, and never deletes
a file it did not write."""

from __future__ import annotations

import os

import pytest
from conftest import tree_digest

from multivector import cli, editions, paths, publish


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
