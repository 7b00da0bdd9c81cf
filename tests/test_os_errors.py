"""What the operating system refuses (permissions, a path through a file, a full disk, a folder for a file, a reader
that went away, a NUL byte in a path) reaches the user as one sentence naming the path, never as a traceback; a
`--json` caller gets it as one `error` event."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys

import pytest

from multivector import cli, paths
from multivector.engine import bookrun, build


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "multivector.cli", *args], capture_output=True, text=True, cwd=paths.ROOT, **kwargs
    )


def _one_sentence(err: str) -> str:
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def test_an_output_folder_under_a_file_is_refused_naming_the_path(tmp_path):
    (tmp_path / "notes.txt").write_text("a file\n", encoding="utf-8")
    out = tmp_path / "notes.txt" / "site"
    done = _cli("build", "--out", str(out))
    line = _one_sentence(done.stderr)
    assert done.returncode == 2 and str(tmp_path / "notes.txt") in line and "is a file, not a folder" in line, line


def test_with_json_an_os_failure_is_one_error_event(tmp_path):
    (tmp_path / "notes.txt").write_text("a file\n", encoding="utf-8")
    done = _cli("build", "--json", "--out", str(tmp_path / "notes.txt" / "site"))
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    event = json.loads(done.stdout.strip().splitlines()[-1])
    assert event["event"] == "error" and "is a file, not a folder" in event["message"], event


@pytest.mark.parametrize(
    "failure, words",
    [
        (
            PermissionError(errno.EACCES, "Permission denied", "/srv/site/index.html"),
            ["/srv/site/index.html", "permission denied"],
        ),
        (
            OSError(errno.ENOSPC, "No space left on device"),
            ["writing in or beside", "no space left", "free some space"],
        ),
    ],
    ids=["permission", "full disk"],
)
def test_a_folder_that_cannot_be_written_or_a_full_disk_is_one_sentence(failure, words, tmp_path, monkeypatch, capsys):
    def fails(*args, **kwargs):
        raise failure

    monkeypatch.setattr(build, "build", fails)
    out = tmp_path / "site"
    assert cli.main(["build", "--json", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    line = _one_sentence(captured.err)
    assert all(w in line for w in words), line
    if failure.filename is None:
        assert str(out) in line, line
    assert json.loads(captured.out.splitlines()[-1])["event"] == "error"


def test_a_folder_given_as_the_params_file_says_it_is_a_folder(tmp_path):
    done = _cli("check", "--params", str(tmp_path))
    line = _one_sentence(done.stderr)
    assert done.returncode == 2 and str(tmp_path) in line and "is a folder; expected a file" in line, line


def test_a_nul_byte_in_data_dir_is_refused_in_a_sentence(tmp_path):
    given = tmp_path / "p.yml"
    given.write_text('data_dir: "data\\0evil"\n', encoding="utf-8")
    done = _cli("check", "--params", str(given))
    line = _one_sentence(done.stderr)
    assert done.returncode == 2 and "parameter 'data_dir'" in line and "NUL byte" in line, line


def test_a_nul_byte_in_any_path_is_refused_in_a_sentence(tmp_path, capsys):
    assert cli.main(["build", "--out", f"{tmp_path}/site\x00x"]) == 2
    assert "NUL byte" in _one_sentence(capsys.readouterr().err)


def test_a_reader_that_goes_away_ends_the_listing_quietly(tmp_path):
    read, write = os.pipe()
    os.close(read)  # `| head` that has already had enough
    try:
        done = subprocess.run(
            [sys.executable, "-m", "multivector.cli", "editions", "--out", str(tmp_path)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            cwd=paths.ROOT,
        )
    finally:
        os.close(write)
    assert done.stderr == "" and done.returncode == 128 + signal.SIGPIPE, done.stderr


@pytest.mark.slow
def test_a_full_disk_while_jupyter_book_runs_is_named_not_just_look_above(tmp_path):
    # A tiny book whose extension meets a full disk as the build finishes, run as the build runs Jupyter Book.
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(
        'title: t\nexecute:\n  execute_notebooks: "off"\nsphinx:\n  local_extensions:\n    fill_disk: .\n',
        encoding="utf-8",
    )
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (book / "intro.md").write_text("# Intro\n\ntext\n", encoding="utf-8")
    (book / "fill_disk.py").write_text(
        "import errno\n\n"
        "def _full(app, exception):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device', str(app.outdir) + '/searchindex.js')\n\n"
        "def setup(app):\n"
        "    app.connect('build-finished', _full)\n"
        "    return {'parallel_read_safe': True}\n",
        encoding="utf-8",
    )
    process = bookrun.Book(book, tmp_path / "cache")
    try:
        run = process.start(book)
        assert run.wait() != 0
    finally:
        process.close()
    said = run.first_error()
    assert said.splitlines()[0].startswith("OSError: [Errno 28] No space left on device"), said
    assert "searchindex.js" in said and "Look above" not in said, said


def test_with_json_even_an_unexpected_failure_is_an_error_event_first(monkeypatch, capsys, tmp_path):
    def breaks(*args, **kwargs):
        raise RuntimeError("a defect")

    monkeypatch.setattr(build, "build", breaks)
    with pytest.raises(RuntimeError):
        cli.main(["build", "--json", "--out", str(tmp_path / "site")])
    event = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert event == {"event": "error", "message": "unexpected RuntimeError: 'a defect'", "kind": "RuntimeError"}
