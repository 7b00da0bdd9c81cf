"""Nothing a user or a data package supplies can take unbounded memory or time: downloads have a size cap and a
deadline, a refusal quotes a short prefix of a bad value, YAML aliases cannot expand, and `check` refuses a table
larger than the charts can draw before the build spends minutes on it."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import edit_csv, tree_digest

from multivector import cli, errors, params
from multivector.data import validate
from multivector.data.recipes import fetch, run
from multivector.errors import RecipeError

UPSTREAM = Path(__file__).parent / "upstream"


class _Upstream(http.server.BaseHTTPRequestHandler):
    """/endless: a body that never ends; /drip: a byte every tenth of a second, for ever; /exports.csv: the file."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        if not self.path.startswith(("/endless", "/drip")):
            body = (UPSTREAM / "exports.csv").read_bytes()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.end_headers()
        chunk, pause = (b"2024-01-01,1,level\n" * 1000, 0) if self.path.startswith("/endless") else (b"2", 0.1)
        try:
            while True:
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(pause)
        except OSError:  # the client hung up, as it should
            return

    def log_message(self, *args):
        pass


@pytest.fixture
def upstream():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    server.daemon_threads = True
    # Asked to stop, the server stops within a twentieth of a second (by default half a second per test).
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_download_larger_than_the_cap_is_refused_naming_url_and_limit_and_nothing_is_written(
    upstream, data_copy, monkeypatch
):
    monkeypatch.setattr(fetch, "DOWNLOAD_MAX_BYTES", 100_000)
    before = tree_digest(data_copy)
    url = f"{upstream}/endless/exports.csv"
    started = time.monotonic()
    with pytest.raises(RecipeError) as err:
        run.update(url, data_copy, report=lambda line: None)
    message = str(err.value)
    assert url in message and "100,000 bytes" in message, message
    assert time.monotonic() - started < 10
    assert tree_digest(data_copy) == before


def test_a_download_that_drips_is_stopped_at_its_deadline_naming_url_and_limit(upstream, data_copy, monkeypatch):
    monkeypatch.setattr(fetch, "DOWNLOAD_SECONDS", 0.6)
    before = tree_digest(data_copy)
    url = f"{upstream}/drip/exports.csv"
    started = time.monotonic()
    with pytest.raises(RecipeError) as err:
        run.update(url, data_copy, report=lambda line: None)
    took = time.monotonic() - started
    assert url in str(err.value) and "0.6 seconds" in str(err.value), err.value
    assert 0.55 < took < 5, took
    assert tree_digest(data_copy) == before


def test_a_download_within_the_limits_is_read_whole(upstream):
    assert fetch.download(f"{upstream}/exports.csv") == (UPSTREAM / "exports.csv").read_bytes()


def test_the_download_limits_leave_room_for_every_real_upstream_file():
    # panel.csv, the largest upstream file the tables come from, is 421,639 characters (datapackage.json).
    assert fetch.DOWNLOAD_MAX_BYTES >= 100 * 421_639
    assert fetch.DOWNLOAD_SECONDS >= 60


def test_update_from_a_folder_says_it_is_a_folder_and_what_was_expected(tmp_path, data_copy, capsys):
    assert cli.main(["data", "update", "--from", str(tmp_path), "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}: is a folder" in err and "expected a file or an http(s) URL" in err, err
    assert "not found" not in err


def test_a_refusal_quotes_a_short_prefix_of_a_long_value():
    said = errors.quoted("x" * 10_000_000)
    assert len(said) < 120 and said.startswith("'xxx") and "10,000,000 characters" in said
    assert errors.quoted("2024") == "'2024'"


def test_a_huge_parameter_value_is_refused_in_a_short_sentence():
    with pytest.raises(params.ParameterError) as err:
        params.validate({"year": "9" * 1_000_000})
    first = str(err.value).splitlines()[0]
    assert "'year' must be int" in first and len(first) < 200, first[:300]


# Eight levels of five: a 300-byte file whose value is 3.5 million items (twelve levels, 9 x 5^12, would not fit
# in memory once printed; eight keep the test safe to run before the fix).
ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(8)
)


def test_a_yaml_alias_bomb_in_a_params_file_is_refused_in_one_line(tmp_path, capsys):
    bomb = tmp_path / "bomb.yml"
    bomb.write_text(ALIAS_BOMB + "year: *i\n", encoding="utf-8")
    assert len(bomb.read_bytes()) < 500
    assert cli.main(["check", "--params", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert f"parameters file {bomb}" in err and "alias" in err and len(err) < 1000, err[:2000]


@pytest.mark.parametrize(
    "name, row",
    [
        ("events.csv", lambda i: f"bulk_{i},2020,year,Event {i},fiia_bp429,introduction\n"),
        ("cpi_yoy.csv", lambda i: f"{1000 + i // 12:04d}-{i % 12 + 1:02d},101.0\n"),
    ],
)
def test_check_refuses_a_table_larger_than_its_chart_can_draw_naming_file_and_limit(data_copy, capsys, name, row):
    limit = validate.chart_row_limit()
    edit_csv(data_copy, name, lambda text: text + "".join(row(i) for i in range(limit + 1)))
    started = time.monotonic()
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert name in err and f"{limit:,}" in err and "rows" in err, err[:2000]
    assert time.monotonic() - started < 30


def test_check_quotes_a_short_prefix_of_a_huge_bad_cell(data_copy, capsys):
    edit_csv(data_copy, "trade_totals.csv", lambda text: text.replace("81.67", "9" * 99_999 + "x", 1))
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "trade_totals.csv, row 11" in err and "100,000 characters" in err and len(err) < 2000, err[:3000]


def test_a_cell_beyond_the_csv_readers_limit_is_refused_in_a_sentence(data_copy):
    # In a fresh process, as a user runs it: Python's csv reader refuses a field over 131,072 characters.
    edit_csv(data_copy, "trade_totals.csv", lambda text: text.replace("81.67", "9" * 2_000_000, 1))
    done = subprocess.run(
        [sys.executable, "-m", "multivector.cli", "check", "--data", str(data_copy)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "trade_totals.csv, row 11" in done.stderr and len(done.stderr) < 2000, done.stderr[:3000]
