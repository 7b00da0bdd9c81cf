"""The data recipes: snapshots -> derived tables, byte for byte; updates from newer upstream files; bad input refused.

The upstream files under tests/upstream/ are synthetic test inputs (see tests/upstream/README.md).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import tree_digest

from multivector import cli, paths
from multivector.data.recipes import run
from multivector.errors import RecipeError

UPSTREAM = Path(__file__).parent / "upstream"
EXPORTS = "raw/makenerzhan-gif/kazakhstan-economic-data/data/processed/bns/exports.csv"
PANEL = "raw/makenerzhan-gif/kazakhstan-economic-data/models/gravity/panel.extract.csv"


def descriptor(folder: Path) -> dict:
    return json.loads((folder / paths.DATAPACKAGE).read_text(encoding="utf-8"))


def snapshot(folder: Path, name: str) -> dict:
    return next(s for s in descriptor(folder)["snapshots"] if s["name"] == name)


def test_make_data_regenerates_every_derived_table_byte_for_byte_on_a_fresh_clone(tmp_path):
    if not (paths.ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(paths.ROOT), str(clone)], check=True)
    committed = tree_digest(clone / "data")
    assert cli.main(["data", "build", "--data", str(clone / "data")]) == 0
    assert tree_digest(clone / "data") == committed
    derived = [r["path"] for r in descriptor(clone / "data")["resources"] if "recipe" in r]
    assert sorted(derived) == ["cpi_yoy.csv", "oil_exports.csv", "trade_partners.csv", "trade_totals.csv"]


def test_a_snapshot_whose_checksum_differs_stops_with_the_file_and_both_checksums(data_copy):
    path = data_copy / EXPORTS
    expected = snapshot(data_copy, "bns_exports")["hash"].removeprefix("sha256:")
    path.write_bytes(path.read_bytes()[:-40])
    found = hashlib.sha256(path.read_bytes()).hexdigest()
    before = tree_digest(data_copy)
    with pytest.raises(RecipeError) as err:
        run.build(data_copy, report=lambda line: None)
    message = str(err.value)
    assert EXPORTS in message and expected in message and found in message
    assert tree_digest(data_copy) == before


@pytest.mark.parametrize("path", ["../outside.csv", "/etc/hostname", "raw/link.csv"])
def test_a_snapshot_path_leading_outside_the_data_folder_is_refused_before_anything_reads_it(path, data_copy):
    (data_copy.parent / "outside.csv").write_text("date,value,transformation\n")
    (data_copy / "raw" / "link.csv").symlink_to(data_copy.parent / "outside.csv")
    d = descriptor(data_copy)
    next(s for s in d["snapshots"] if s["name"] == "bns_exports")["path"] = path
    (data_copy / paths.DATAPACKAGE).write_text(json.dumps(d, indent=2))
    with pytest.raises(RecipeError, match=r"snapshot 'bns_exports' .* leads outside the data folder"):
        run.build(data_copy, check=True, report=lambda line: None)


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    """A copy of data/ after three updates from synthetic upstream files, with what each update printed."""
    folder = tmp_path_factory.mktemp("updated") / "data"
    shutil.copytree(paths.DATA, folder)
    printed = {}
    for name in ("exports", "imports", "panel"):
        lines = []
        run.update(str(UPSTREAM / f"{name}.csv"), folder, report=lines.append)
        printed[name] = lines
    return folder, printed


def test_an_update_revising_an_earlier_year_prints_old_and_new_and_publishes_them(updated):
    folder, printed = updated
    assert any(
        "trade_totals.csv: 1 value(s) revised: 2024 exports value_bn_usd: 81.67 -> 81.77" in line
        for line in printed["exports"]
    )
    assert "2024,exports,81.77,final,bns\n" in (folder / "trade_totals.csv").read_text()
    # The paper's Figure 1 total no longer matches the revised snapshot; the check records it.
    assert any("'Total exports, 2024': now DISAGREES (printed 81.67" in line for line in printed["exports"])


def test_an_update_adding_a_year_prints_the_rows_added_and_records_the_new_snapshot(updated):
    folder, printed = updated
    assert any("trade_totals.csv: 2 row(s) added: 2026 exports, 2026 imports" in line for line in printed["imports"])
    assert any("2025 exports status: preliminary -> final" in line for line in printed["imports"])
    assert any(line.startswith("oil_exports.csv: 1 row(s) added: 2026") for line in printed["imports"])
    oil = (folder / "oil_exports.csv").read_text()
    # Six months of crude, with total exports over the same six months of the newer exports file.
    exports = [line.split(",") for line in _lines("exports.csv")[1:] if line.startswith("2026-0")]
    same = sum(float(v) for d, v, _ in exports if int(d[5:7]) <= 6) / 1e6
    assert f"2026,18.76,33.04,6,1-6,{same:.2f},July to December not in the source yet; six months only\n" in oil
    entry = snapshot(folder, "bns_imports")
    raw = (UPSTREAM / "imports.csv").read_bytes()
    assert entry["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
    assert (folder / entry["path"]).read_bytes() == raw
    assert entry["origin"]["retrieved"] == datetime.date.today().isoformat()
    assert entry["replaces"]["hash"] == snapshot(paths.DATA, "bns_imports")["hash"]


def test_a_newer_panel_is_kept_as_its_documented_extract_and_adds_the_partner_rows(updated):
    folder, printed = updated
    assert any("trade_partners.csv: 10 row(s) added: 2026 exports RU" in line for line in printed["panel"])
    entry = snapshot(folder, "gravity_panel")
    extract = (folder / entry["path"]).read_text()
    assert "ABW," not in extract and "RUS,2010" not in extract and "DEU,2026,100,100" in extract
    assert len(extract.splitlines()) == 1 + 31 * 7
    assert entry["origin"]["extract_of"]["sha256"] == hashlib.sha256((UPSTREAM / "panel.csv").read_bytes()).hexdigest()
    assert "2026,exports,EU27,2.70\n" in (folder / "trade_partners.csv").read_text()
    assert run.build(folder, check=True, report=lambda line: None).lines == []


def _lines(name: str) -> list[str]:
    return (UPSTREAM / name).read_bytes().decode().splitlines(keepends=True)


BAD = {
    "truncated in the middle of a line": ("exports.csv", lambda b: b[:-23], ["row 97", "truncated"]),
    "re-encoded as UTF-16": ("exports.csv", lambda b: b.decode().encode("utf-16"), ["row 1", "UTF-8"]),
    "a renamed column": (
        "exports.csv",
        lambda b: b.replace(b"date,value,", b"date,val,", 1),
        ["row 1", "columns are date,val,transformation", "expected date,value,transformation"],
    ),
    "a marked month": (
        "exports.csv",
        lambda b: b.replace(b"2026-07-01,", b"2026-07-01*,"),
        ["row 92", "column 'date'", "'2026-07-01*'", "expected YYYY-MM-01"],
    ),
    "a negative value": (
        "imports.csv",
        lambda b: b.replace(b"2025-03-01,4709147.182030002", b"2025-03-01,-4709147.2"),
        ["row 76", "column 'value'", "negative", "expected a number of at least 0"],
    ),
    "an empty value": (
        "imports.csv",
        lambda b: b.replace(b"2025-03-01,4709147.182030002", b"2025-03-01,"),
        ["row 76", "column 'value'", "empty", "expected a number of at least 0"],
    ),
    "a year marked with a star": (
        "panel.csv",
        lambda b: b.replace(b"USA,2026,", b"USA,2026*,"),
        ["row 220", "column 'year'", "'2026*'", "expected four digits"],
    ),
    "a year marked preliminary": (
        "panel.csv",
        lambda b: b.replace(b"USA,2026,", b"USA,2026 (prelim.),"),
        ["row 220", "column 'year'", "'2026 (prelim.)'", "expected four digits"],
    ),
    "an empty partner value": (
        "panel.csv",
        lambda b: b.replace(b"CHN,2024,14891.4,", b"CHN,2024,,"),
        ["column 'exports'", "empty", "expected a number of at least 0"],
    ),
    "a partner that disappears": (
        "panel.csv",
        lambda b: b"".join(line for line in b.splitlines(keepends=True) if not line.startswith(b"DEU,")),
        [
            "no row for DEU (EU27) in 2020, 2021, 2022, 2023, 2024, 2025, 2026",
            "expected every partner country in every year",
        ],
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_upstream_file_is_refused_with_file_row_column_and_expected_and_data_is_left_as_it_was(
    case, data_copy, tmp_path
):
    name, damage, said = BAD[case]
    bad = tmp_path / name
    bad.write_bytes(damage((UPSTREAM / name).read_bytes()))
    before = tree_digest(data_copy)
    with pytest.raises(RecipeError) as err:
        run.update(str(bad), data_copy, report=lambda line: None)
    message = str(err.value)
    assert name in message and all(s in message for s in said), message
    assert tree_digest(data_copy) == before


def test_a_newer_file_that_drops_published_rows_is_refused_and_data_is_left_as_it_was(data_copy, tmp_path):
    bad = tmp_path / "exports.csv"
    bad.write_text("".join(line for line in _lines("exports.csv") if not line.startswith("2025-")), newline="")
    before = tree_digest(data_copy)
    with pytest.raises(RecipeError) as err:
        run.update(str(bad), data_copy, report=lambda line: None)
    assert re.search(
        r"trade_totals\.csv, row 2025 exports: published now, but exports\.csv no longer gives it", str(err.value)
    )
    assert tree_digest(data_copy) == before


def test_the_data_command_refuses_an_unknown_file_in_a_sentence_not_a_traceback(data_copy, tmp_path, capsys):
    odd = tmp_path / "gdp.csv"
    odd.write_text("date,value,transformation\n2024-01-01,1,level\n")
    assert cli.main(["data", "update", "--from", str(odd), "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "gdp.csv: not one of the upstream files" in err and "exports.csv" in err and "Traceback" not in err


def test_every_snapshot_is_described_with_its_origin_and_a_matching_checksum():
    d = descriptor(paths.DATA)
    for entry in d["snapshots"]:
        raw = (paths.DATA / entry["path"]).read_bytes()
        assert entry["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest() and entry["bytes"] == len(raw)
        if entry["format"] == "hand-kept":
            assert entry["title"].startswith("Hand-kept") and "origin" not in entry
        else:
            origin = entry["origin"]
            assert origin["file"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", origin["retrieved"])
            # Where from: the repository at a commit, or (after `data update`) the path or URL it was read from.
            assert ("repository" in origin and re.fullmatch(r"[0-9a-f]{40}", origin["commit"])) or origin["from"]
    names = {e["name"] for e in d["snapshots"]}
    for resource in d["resources"]:
        assert ("recipe" in resource) != bool(resource.get("hand_kept")), resource["name"]
        assert set(resource.get("derived_from", [])) <= names


def test_the_compilation_is_called_third_party_wherever_it_is_cited():
    d = descriptor(paths.DATA)
    cited = [s for r in d["resources"] for s in r["sources"] if "makenerzhan" in s["title"]]
    cited += [e for e in d["snapshots"] if "origin" in e]
    assert cited and all(
        "third-party compilation of official" in (c.get("title", "") + c.get("description", "")) for c in cited
    )
    assert "third-party compilation" in " ".join((paths.DATA / "README.md").read_text().split())


def test_the_snapshots_are_cross_checked_against_the_papers_2024_figures():
    checks = {c["what"]: c for r in descriptor(paths.DATA)["resources"] for c in r.get("checks", [])}
    assert checks["Total exports, 2024"]["reference"]["printed"] == "81.67" and checks["Total exports, 2024"]["agrees"]
    assert checks["EU, exports, 2024"]["snapshot"] == pytest.approx(38.142, abs=1e-4)
    others = checks["Others (total minus the four partners Figure 1 names), exports, 2024"]
    assert others["agrees"] is False and others["agrees_from_rounded_parts"] is True
    assert all({"reference", "snapshot", "agrees"} <= set(c) for c in checks.values())


# Writers of one data folder take turns ---------------------------------------------------------------------------


def _update_command(name: str, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "multivector.cli",
        "data",
        "update",
        "--from",
        str(UPSTREAM / name),
        "--data",
        str(folder),
    ]


def _both_applied(folder: Path) -> None:
    """Each upstream file is the recorded snapshot, and the derived tables are what those snapshots give."""
    for name, snap in (("exports.csv", "bns_exports"), ("imports.csv", "bns_imports")):
        entry = snapshot(folder, snap)
        assert entry["hash"] == "sha256:" + hashlib.sha256((UPSTREAM / name).read_bytes()).hexdigest(), name
        assert (folder / entry["path"]).read_bytes() == (UPSTREAM / name).read_bytes(), name
    assert run.build(folder, check=True, report=lambda line: None).lines == []
    assert "2026,imports," in (folder / "trade_totals.csv").read_text()


@contextlib.contextmanager
def _stopped_update(name: str, folder: Path):
    """A real `data update --from name` held still in the middle of its work (it has read the folder and written
    nothing yet); let go at the end, its (stdout, stderr) then in `.said`."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        _update_command(name, folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert f"{name} replaces snapshot" in proc.stdout.readline()
        os.kill(proc.pid, signal.SIGSTOP)
        yield proc
    finally:
        os.kill(proc.pid, signal.SIGCONT)
        proc.said = proc.communicate(timeout=120)


@pytest.mark.slow
def test_a_data_update_while_another_runs_is_refused_naming_it_and_neither_update_is_lost(data_copy):
    with _stopped_update("exports.csv", data_copy) as first:
        second = subprocess.run(_update_command("imports.csv", data_copy), capture_output=True, text=True)
    assert first.returncode == 0, first.said[1]
    if second.returncode == 0:  # had it been let through, both updates must have been applied
        _both_applied(data_copy)
    assert second.returncode == 2 and "Traceback" not in second.stderr
    assert f"pid {first.pid}" in second.stderr and "data update" in second.stderr and "exports.csv" in second.stderr
    # Run again once the first has finished, the second update goes through, and both are applied.
    assert subprocess.run(_update_command("imports.csv", data_copy), capture_output=True).returncode == 0
    _both_applied(data_copy)


@pytest.mark.slow
def test_two_data_updates_started_together_apply_both_or_refuse_one_naming_the_other(data_copy):
    commands = {name: _update_command(name, data_copy) for name in ("exports.csv", "imports.csv")}
    procs = {
        n: subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n, c in commands.items()
    }
    errors = {name: p.communicate(timeout=120)[1] for name, p in procs.items()}
    refused = [name for name, p in procs.items() if p.returncode != 0]
    assert len(refused) <= 1, errors
    for name in refused:
        other = next(p for n, p in procs.items() if n != name)
        assert procs[name].returncode == 2 and f"pid {other.pid}" in errors[name], errors[name]
        assert subprocess.run(commands[name], capture_output=True).returncode == 0
    _both_applied(data_copy)


def test_every_command_that_writes_the_data_folder_stops_at_once_while_another_holds_it(data_copy, capsys):
    commands = [
        ["rehash"],
        ["data", "build"],
        ["data", "build", "--check"],
        ["data", "update", "--from", "imports.csv"],
    ]
    with _stopped_update("exports.csv", data_copy) as holder:
        before = tree_digest(data_copy)
        for command in commands:
            argv = [str(UPSTREAM / a) if a.endswith(".csv") else a for a in command]
            assert cli.main([*argv, "--data", str(data_copy)]) == 2, command
            err = capsys.readouterr().err
            assert f"pid {holder.pid}" in err and "another command is writing this data folder" in err, command
            assert "Traceback" not in err
            assert tree_digest(data_copy) == before
