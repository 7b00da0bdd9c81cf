"""The one walk of a folder (multivector.files.entries) that the build's proof, its guess of work and publishing use:
it lists what is in the folder and never follows a symbolic link out of it."""

from __future__ import annotations

import os
from pathlib import Path

from multivector.engine import early
from multivector.engine.editions import owned
from multivector.files import entries


def _tree(tmp_path: Path) -> Path:
    """A folder holding a file, a subfolder with a file, bytecode, and links: to a folder outside, to a file, to
    nothing."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not the build's\n", encoding="utf-8")
    top = tmp_path / "top"
    (top / "sub" / "__pycache__").mkdir(parents=True)
    (top / "a.txt").write_text("a\n", encoding="utf-8")
    (top / "sub" / "b.txt").write_text("b\n", encoding="utf-8")
    (top / "sub" / "__pycache__" / "b.pyc").write_bytes(b"\0")
    os.symlink(outside, top / "linked_folder")
    os.symlink(top / "a.txt", top / "sub" / "linked_file")
    os.symlink(tmp_path / "nowhere", top / "broken")
    return top


def test_the_walk_lists_links_and_never_enters_one(tmp_path):
    top = _tree(tmp_path)
    found = {rel: entry for rel, entry in entries(top)}
    assert set(found) == {
        "a.txt",
        "sub",
        "sub/b.txt",
        "sub/__pycache__",
        "sub/__pycache__/b.pyc",
        "sub/linked_file",
        "linked_folder",
        "broken",
    }
    assert found["linked_folder"].is_symlink() and not any(rel.startswith("linked_folder/") for rel in found)
    # The build's own lists of the files in a folder: links are listed as themselves, never followed.
    assert owned.files_in(top) == {
        "a.txt",
        "sub/b.txt",
        "sub/__pycache__/b.pyc",
        "sub/linked_file",
        "linked_folder",
        "broken",
    }


def test_a_skipped_folder_is_neither_listed_nor_entered(tmp_path):
    top = _tree(tmp_path)
    names = [rel for rel, _ in entries(top, skip=frozenset({"__pycache__"}))]
    assert not [rel for rel in names if "__pycache__" in rel]
    assert "sub/b.txt" in names


def test_the_guess_of_work_sees_a_file_modified_deep_in_a_folder_not_bytecode_nor_what_a_link_leads_to(tmp_path):
    top = _tree(tmp_path)
    hour_ago = os.stat(top).st_mtime - 3600
    for rel in ["", *(rel for rel, _ in entries(top))]:
        os.utime(top / rel, (hour_ago, hour_ago), follow_symlinks=False)
    published = tmp_path / "published"
    published.write_text("key\n", encoding="utf-8")
    os.utime(published, (hour_ago + 60, hour_ago + 60))
    os.utime(tmp_path / "outside")  # outside the folder, behind a link: never looked at
    os.utime(tmp_path / "outside" / "secret.txt")
    os.utime(top / "sub" / "__pycache__" / "b.pyc")  # bytecode: written by running the code, never an input
    assert early.work_likely(published, [top]) is False
    os.utime(top / "sub" / "b.txt")
    assert early.work_likely(published, [top]) is True
