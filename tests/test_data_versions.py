"""The data package's version follows its tables, and re-running says plainly what it waits for: versions bumped by
the kind of change (and not on a no-op), the changelog entry, the pending lines (text and --json), the route for
figures typed from a publication, and derived tables edited by hand refused.

The upstream files under tests/upstream/ are synthetic test inputs (see tests/upstream/README.md); the published
figures below are invented for the tests and cite no real publication.
"""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import declare_hand_kept, tree_digest

from multivector import cli, data, paths
from multivector.data.periods import Period
from multivector.data.recipes import run
from multivector.engine import facts
from multivector.engine.editions import listing
from multivector.errors import RecipeError

UPSTREAM = Path(__file__).parent / "upstream"
PUBLISHED = "raw/hand_kept/published_totals.csv"
INVENTED = '"Invented for a test of multivector, not a publication"'


def version(folder: Path) -> str:
    return json.loads((folder / paths.DATAPACKAGE).read_text(encoding="utf-8"))["version"]


def bumped(old: str, part: str) -> str:
    major, minor, patch = map(int, old.split("."))
    return {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0", "patch": f"{major}.{minor}.{patch + 1}"}[
        part
    ]


def quiet(line: str) -> None:
    pass


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """A copy of data/ after an update that revises a value (exports) and one that adds a year (imports), with the
    version after each and what each update returned."""
    folder = tmp_path_factory.mktemp("versions") / "data"
    shutil.copytree(paths.DATA, folder)
    seen = {"start": version(folder)}
    for name in ("exports", "imports"):
        seen[name] = run.update(str(UPSTREAM / f"{name}.csv"), folder, report=quiet)
        seen[f"{name} version"] = version(folder)
    return folder, seen


def test_revised_values_only_bump_the_patch_and_added_rows_the_minor_version(versions):
    folder, seen = versions
    assert seen["exports version"] == bumped(seen["start"], "patch")
    assert seen["exports"].version == {"from": seen["start"], "to": seen["exports version"], "part": "patch"}
    assert seen["imports version"] == bumped(seen["exports version"], "minor")


def test_each_bump_is_recorded_in_the_changelog_with_date_tables_and_kind_of_change(versions):
    folder, seen = versions
    log = (folder / paths.DATA_CHANGELOG).read_text(encoding="utf-8")
    today = datetime.date.today().isoformat()
    newest, older = f"## {seen['imports version']} ({today})", f"## {seen['exports version']} ({today})"
    assert newest in log and older in log and log.index(newest) < log.index(older) < log.index(f"## {seen['start']}")
    entry = log[log.index(newest) : log.index(older)]
    assert "Minor: imports.csv recorded as snapshot 'bns_imports'" in entry
    assert "- trade_totals: 2 row(s) added (2026 exports, 2026 imports)" in entry
    assert "- oil_exports: 1 row(s) added (2026)" in entry
    patch = log[log.index(older) :]
    assert "- trade_totals: 1 value(s) revised (2024 exports value_bn_usd: 81.67 -> 81.77)" in patch


def test_make_data_on_unchanged_snapshots_moves_no_version_and_writes_nothing(versions, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(versions[0], folder)
    before = tree_digest(folder)
    changes = run.build(folder, report=quiet)
    assert changes.version is None and tree_digest(folder) == before


def test_a_derived_table_whose_columns_change_bumps_the_major_version(data_copy):
    # The published table had a column its recipe no longer makes.
    path = data_copy / "cpi_yoy.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(f"{line},x" for line in lines) + "\n", encoding="utf-8")
    start = version(data_copy)
    changes = run.build(data_copy, report=quiet)
    assert changes.version["part"] == "major" and version(data_copy) == bumped(start, "major")
    assert "cpi_yoy: columns" in (data_copy / paths.DATA_CHANGELOG).read_text(encoding="utf-8")


def test_a_version_that_is_not_semantic_is_refused_in_one_sentence_and_nothing_is_written(data_copy, capsys):
    d = json.loads((data_copy / paths.DATAPACKAGE).read_text(encoding="utf-8"))
    d["version"] = "first"
    (data_copy / paths.DATAPACKAGE).write_text(json.dumps(d, indent=2), encoding="utf-8")
    before = tree_digest(data_copy)
    assert cli.main(["data", "update", "--data", str(data_copy), "--from", str(UPSTREAM / "exports.csv")]) == 2
    err = capsys.readouterr().err
    assert "version 'first' is not MAJOR.MINOR.PATCH" in err and "Traceback" not in err
    assert tree_digest(data_copy) == before


def test_a_bumped_version_is_the_one_the_edition_its_facts_and_its_pages_show(versions):
    folder, seen = versions
    ds = data.load(folder)
    assert ds.version == seen["imports version"] != seen["start"]
    assert facts.handoff(ds, {}, None)["data"]["version"] == seen["imports version"]
    assert listing.of({"year": 2026}, ds).version == seen["imports version"]


def test_an_update_of_one_flow_says_which_table_waits_for_which_months(data_copy, capsys):
    argv = ["data", "update", "--data", str(data_copy), "--from", str(UPSTREAM / "exports.csv")]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    imports = Period(2026, frozenset(range(1, 7)))
    assert (
        f"trade_totals: 2026 exports complete (12 months); 2026 imports have 6 months ({imports.said()}): "
        "2026 enters the totals when imports reach 12\n"
    ) in out
    assert f"oil_exports: 2026 crude oil has 6 months ({imports.said()})" in out


def test_the_pending_lines_are_given_as_data_with_json(data_copy, capsys):
    argv = ["data", "update", "--data", str(data_copy), "--from", str(UPSTREAM / "exports.csv"), "--dry-run"]
    assert cli.main([*argv, "--json"]) == 0
    given = json.loads(capsys.readouterr().out)
    totals = next(p for p in given["pending"] if p["table"] == "trade_totals")
    assert [(i["series"], i["year"], i["months"]) for i in totals["pending"]] == [("imports", 2026, list(range(1, 7)))]
    assert totals["waits_for"] == "2026 enters the totals when imports reach 12"
    assert given["written"] is False and given["version"]["part"] == "patch"
    assert cli.main(argv) == 0
    assert totals["line"] in capsys.readouterr().out


def _published(tmp_path: Path, data_copy: Path, rows: str) -> Path:
    path = tmp_path / "published_totals.csv"
    path.write_text((data_copy / PUBLISHED).read_text(encoding="utf-8") + rows, encoding="utf-8")
    return path


def test_a_year_enters_from_figures_typed_from_a_publication_with_their_citation(data_copy, tmp_path):
    run.update(str(UPSTREAM / "exports.csv"), data_copy, report=quiet)
    lines = []
    typed = _published(tmp_path, data_copy, f"2026,imports,70.00,{INVENTED}\n")
    run.update(str(typed), data_copy, report=lines.append)
    totals = pd.read_csv(data_copy / "trade_totals.csv", dtype=str).set_index(["year", "flow"])
    assert tuple(totals.loc[("2026", "imports")]) == ("70.00", "preliminary", "published")
    assert totals.loc["2026", "status"].eq("preliminary").all()
    # The years before are no longer the latest, so final.
    assert totals.drop(index="2026", level="year")["status"].eq("final").all()
    assert (data_copy / PUBLISHED).read_bytes() == typed.read_bytes()
    # The sources appendix cites the publication beside the table's other sources.
    sources = next(r for r in data.load(data_copy).descriptor["resources"] if r["name"] == "trade_totals")["sources"]
    assert [s["note"] for s in sources if s["title"] == INVENTED.strip('"')] == [
        "typed by hand: 2026 imports (source = published)"
    ]
    assert any("2026 imports typed from a publication" in line and "nothing pending" in line for line in lines)
    assert cli.main(["check", "--data", str(data_copy)]) == 0


def test_a_published_figure_without_its_citation_is_refused_and_nothing_is_written(data_copy, tmp_path, capsys):
    typed = _published(tmp_path, data_copy, "2026,imports,70.00,\n")
    before = tree_digest(data_copy)
    assert cli.main(["data", "update", "--data", str(data_copy), "--from", str(typed)]) == 2
    err = capsys.readouterr().err
    assert "published_totals.csv, row 2, column 'citation': empty; expected the publication" in err
    assert "Traceback" not in err and tree_digest(data_copy) == before


def _edit(folder: Path, year: int, flow: str, column: int, value: str) -> int:
    """Set one cell of trade_totals.csv by hand; the row's number as a line of the file."""
    path = folder / "trade_totals.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if line.startswith(f"{year},{flow},"))
    cells = lines[number].split(",")
    assert cells[column] != value
    lines[number] = ",".join([*cells[:column], value, *cells[column + 1 :]])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def _years(folder: Path) -> list[int]:
    return sorted(set(pd.read_csv(folder / "trade_totals.csv")["year"]))


def test_check_refuses_a_hand_edited_derived_table_naming_the_table_and_row(data_copy, capsys):
    year = _years(data_copy)[-2]
    row = _edit(data_copy, year, "exports", 2, "99.99")
    data.rehash(data_copy)
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert f"trade_totals.csv, row {row} ({year} exports), column 'value_bn_usd': 99.99, but its recipe makes" in err
    assert "multivector data build" in err and "published_totals.csv" in err and "Traceback" not in err


def test_rehash_no_longer_launders_an_edited_derived_table(data_copy, capsys):
    _edit(data_copy, _years(data_copy)[-1], "imports", 2, "1.00")
    recorded = (data_copy / paths.DATAPACKAGE).read_bytes()
    assert cli.main(["rehash", "--data", str(data_copy)]) == 2
    assert "trade_totals.csv, row" in capsys.readouterr().err
    assert (data_copy / paths.DATAPACKAGE).read_bytes() == recorded
    with pytest.raises(RecipeError):
        run.rehash(data_copy)


def test_a_derived_table_declared_hand_kept_is_accepted_but_an_older_preliminary_year_is_not(data_copy, capsys):
    declare_hand_kept(data_copy, "trade_totals")
    *_, before, latest = _years(data_copy)
    _edit(data_copy, latest, "exports", 2, "99.99")
    data.rehash(data_copy)
    assert cli.main(["check", "--data", str(data_copy)]) == 0
    edited = (data_copy / "trade_totals.csv").read_bytes()
    assert "trade_totals" not in run.build(data_copy, report=quiet).kinds
    assert (data_copy / "trade_totals.csv").read_bytes() == edited
    _edit(data_copy, before, "exports", 3, "preliminary")
    data.rehash(data_copy)
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert f"({before} exports), column 'status': preliminary, but {latest} is in the table too" in err


def test_a_typed_figure_gives_way_to_the_upstream_sum_once_its_twelve_months_arrive(data_copy, tmp_path):
    typed = _published(tmp_path, data_copy, f"2026,exports,1.00,{INVENTED}\n2026,imports,1.00,{INVENTED}\n")
    run.update(str(typed), data_copy, report=quiet)
    lines = []
    changes = run.update(str(UPSTREAM / "exports.csv"), data_copy, report=lines.append)
    said = "2026 exports complete (12 months), so the figure typed from a publication is unused"
    assert any(said in line for line in lines)
    totals = pd.read_csv(data_copy / "trade_totals.csv", dtype=str).set_index(["year", "flow"])["source"]
    assert (totals[("2026", "exports")], totals[("2026", "imports")]) == ("bns", "published")
    assert changes.version["part"] == "patch"


@pytest.mark.parametrize("command", [["check"], ["data", "build"]])
def test_a_snapshot_entry_without_its_checksum_is_refused_in_one_sentence(command, data_copy, capsys):
    d = json.loads((data_copy / paths.DATAPACKAGE).read_text(encoding="utf-8"))
    del d["snapshots"][0]["hash"]
    (data_copy / paths.DATAPACKAGE).write_text(json.dumps(d, indent=2), encoding="utf-8")
    before = tree_digest(data_copy)
    assert cli.main([*command, "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "entry 1 of 'snapshots' lacks a name, path or hash" in err and "Traceback" not in err
    assert tree_digest(data_copy) == before
