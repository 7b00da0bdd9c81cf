"""`make bench` runs to its end: its browser step measures every chart page of a built site in Chromium."""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from multivector import data, paths
from multivector.engine.report import Reporter


def _bench():
    spec = importlib.util.spec_from_file_location("bench", paths.ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_benchmarks_browser_step_measures_every_chart_page(built_site, chromium):
    bench = _bench()
    measured = bench.browser_measurements(built_site, chromium)
    assert set(measured) == set(bench.chart_pages(built_site)) and measured
    for rel, m in measured.items():
        assert m["charts"] >= 1 and m["requests"] >= 1 and m["bytes_loaded"] > 0, rel
        assert m["charts_drawn_ms_after_navigation"] >= m["charts_drawn_ms_after_load"] >= 0, rel


def test_the_benchmark_builds_with_the_packages_build_module():
    bench = _bench()
    namespace = {}
    exec(bench.BUILD_SCRIPT.split("build.build(")[0], namespace)  # the imports the bench's child process runs
    assert namespace["build"].build.__module__ == "multivector.engine.build"


def test_each_step_of_a_build_is_timed_in_its_own_column(capsys):
    """The English and the translated Jupyter Book runs both print a "3/4" step: each is timed in a column of its own,
    and neither is counted under the notebooks'."""
    bench = _bench()
    steps = [
        ("1/4 Checking parameters and data", "check"),
        ("2/4 Executing 8 notebooks with papermill (1 to run)", "notebooks"),
        ("3/4 Building the book with Jupyter Book", "jupyter_book"),
        ("3/4 Building the book in 'ru' with Jupyter Book", "jupyter_book_ru"),
        ("4/4 Publishing", "publish"),
    ]
    report = Reporter(as_json=True)
    for message, phase in steps:
        report("step", message, phase=phase)
    report("notebook", "  summary: ran (notebook changed)", notebook="summary", status="ran", reason="notebook changed")
    lines = capsys.readouterr().out.splitlines()
    begins = iter([1.0, 3.0, 7.0, 15.0, 31.0])  # each step takes longer than all before it: no sum can pass for one

    marks, ran = bench.read_progress(lines, lambda: next(begins))
    measured = bench.phases(marks, total=40.0)

    assert list(measured) == [phase for _, phase in steps]
    assert measured == {"check": 3.0, "notebooks": 4.0, "jupyter_book": 8.0, "jupyter_book_ru": 16.0, "publish": 9.0}
    assert ran == {"summary": "notebook changed"}


def test_the_one_file_edit_is_chosen_from_the_newest_record_of_each_notebook_and_nothing_else_in_the_cache(tmp_path):
    bench = _bench()
    (tmp_path / "summary-old.json").write_text(json.dumps({"notebook": "summary", "data": ["trade"]}), encoding="utf-8")
    os.utime(tmp_path / "summary-old.json", (1, 1))
    (tmp_path / "summary-new.json").write_text(
        json.dumps({"notebook": "summary", "data": ["events"]}), encoding="utf-8"
    )
    # The cache keeps the editions' facts beside the notebooks' records.
    (tmp_path / "facts-0123.json").write_text(json.dumps({"key": {}, "summary": {}}), encoding="utf-8")
    assert bench.latest_reads(tmp_path) == {"summary": ["events"]}


def test_a_measurement_keeps_its_fastest_try_and_says_every_try():
    bench = _bench()
    seconds = iter([5.0, 3.0, 4.0])
    best = bench.fastest(3, lambda: {"seconds": next(seconds), "ran": {}})
    assert best == {"seconds": 3.0, "ran": {}, "tries": [5.0, 3.0, 4.0]}


def test_a_row_of_a_series_is_read_by_the_pages_that_read_its_year_or_the_whole_series():
    bench = _bench()
    reads = {"summary": ["cpi_yoy@2021"], "conclusions": ["cpi_yoy"], "introduction": ["events@introduction"]}
    found = {(resource, line): readers for resource, line, readers in bench.candidate_edits(paths.DATA, reads)}
    months = data.load()["cpi_yoy"]["month"]
    assert {line: found[("cpi_yoy", line)] for line in months.index + 2} == {
        i + 2: ["conclusions", "summary"] if month.startswith("2021-") else ["conclusions"]
        for i, month in months.items()
    }


def test_the_processor_floor_is_the_builds_processor_time_shared_by_every_core(monkeypatch):
    """The bench says how short a rebuild could be with the same work on these cores, so that a target below it is
    seen to need less work, not better arranging."""
    bench = _bench()
    monkeypatch.setattr(bench.execute, "available_cores", lambda: 2)
    assert bench.processor_floor({"seconds": 7.0, "cpu_seconds": 12.0}) == 6.0
    monkeypatch.setattr(bench.execute, "available_cores", lambda: 4)
    assert bench.processor_floor({"seconds": 7.0, "cpu_seconds": 12.0}) == 3.0
