"""`make bench` runs to its end: its browser step measures every chart page of a built site in Chromium."""

from __future__ import annotations

import importlib.util

import pytest

from multivector import paths


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
