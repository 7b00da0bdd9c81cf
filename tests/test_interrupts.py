"""A build that is stopped, killed or raced leaves nothing behind: no process, no changed site, no poisoned cache."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import tree_digest

from multivector import cli, paths
from multivector.engine import cache, checks, processes, steps

# Every test here builds a site or runs a build: `make test-fast` leaves the file out.
pytestmark = pytest.mark.slow

# Where a build is when it is stopped: the progress event it has just printed, what it must be doing then, and how
# long to let it get on with that before the signal.
POINTS = {
    "checking data": ("1/4", [], 0.0),
    "executing notebooks": ("2/4", ["--force"], 1.0),
    "building the book": ("3/4", [], 1.0),
}
SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}


def _tagged_processes(tag: str) -> list[str]:
    """Processes whose environment carries `tag`: the build and everything it started inherit it."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if tag.encode() in environ.read_bytes():
                found.append((environ.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:  # ended while we looked, or not ours to read
            continue
    return found


def _start(out: Path, tag: str, *extra: str) -> subprocess.Popen:
    """`multivector build --json` in a session of its own, as a terminal would start it."""
    env = {**os.environ, "MULTIVECTOR_TEST_TAG": tag}
    return subprocess.Popen(
        [sys.executable, "-m", "multivector.cli", "build", "--json", "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=paths.ROOT,
        start_new_session=True,
    )


def _wait_for(proc: subprocess.Popen, step: str) -> None:
    for line in proc.stdout:
        if json.loads(line).get("message", "").startswith(step):
            return
    pytest.fail(f"the build ended before step {step}: {proc.stderr.read()}")


def _gone(tag: str, seconds: float = 15.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := _tagged_processes(tag)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@pytest.fixture(scope="module")
def stale_site(built_site, tmp_path_factory) -> Path:
    """The default site with a stale build key: a build into it must run Jupyter Book again (and reuses every
    executed notebook from the cache)."""
    out = tmp_path_factory.mktemp("interrupts") / "site"
    shutil.copytree(built_site, out)
    _make_stale(out)
    return out


def _make_stale(site: Path) -> None:
    (site / paths.BUILD_KEY).write_text("stale\n", encoding="utf-8")


@pytest.mark.parametrize("signame", SIGNALS)
@pytest.mark.parametrize("point", POINTS)
def test_a_stopped_build_leaves_no_process_and_the_site_as_it_was(stale_site, point, signame):
    before = tree_digest(stale_site)
    step, extra, delay = POINTS[point]
    tag = uuid.uuid4().hex
    proc = _start(stale_site, tag, *extra)
    _wait_for(proc, step)
    time.sleep(delay)
    if signame == "SIGINT":  # Ctrl-C reaches every process of the terminal's foreground group
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(SIGNALS[signame])
    _, err = proc.communicate(timeout=60)
    assert not _gone(tag), f"left running after {signame} while {point}"
    assert tree_digest(stale_site) == before
    if signame != "SIGKILL":
        assert proc.returncode == 128 + SIGNALS[signame] and err.strip().splitlines()[-1] == processes.INTERRUPTED, err
        assert "Traceback" not in err


def test_a_second_build_into_the_same_folder_stops_at_once_and_poisons_nothing(stale_site, capsys):
    # Runs after the stops above (pytest keeps file order), so the first build here also shows that whatever they
    # left behind, the next build succeeds.
    _make_stale(stale_site)
    tag = uuid.uuid4().hex
    first = _start(stale_site, tag)
    _wait_for(first, "2/4")
    assert cli.main(["build", "--set", "year=2025", "--out", str(stale_site)]) == 2
    err = capsys.readouterr().err
    assert f"pid {first.pid}" in err and "started" in err and "Traceback" not in err
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert (stale_site / paths.BUILD_KEY).read_text(encoding="utf-8") != "stale\n"
    # Every cached copy still is what its record says it is.
    values, ds = checks.check(None, {})
    _, discarded = cache.plan(steps.NOTEBOOKS, cache.current_inputs(steps.NOTEBOOKS, values, ds), paths.CACHE)
    assert discarded == []


def test_a_hang_up_stops_a_build_like_sigterm_saying_so_and_publishing_nothing(tmp_path):
    # The terminal going away (an ssh session dropped) sends SIGHUP: the same one line, every child gone, no site.
    out, tag = tmp_path / "site", uuid.uuid4().hex
    proc = _start(out, tag, "--force")
    _wait_for(proc, "2/4")
    time.sleep(1.0)
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=60)
    assert not _gone(tag), "left running after SIGHUP"
    assert proc.returncode == 128 + signal.SIGHUP and err.strip().splitlines()[-1] == processes.INTERRUPTED, err
    assert "Traceback" not in err and not any(out.iterdir())  # the lock made the folder; nothing is in it
