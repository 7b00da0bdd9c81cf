"""What changed between two editions, told so a reader can trust it: one row per figure under the label a reader knows,
a difference only between numbers of one unit, a reason beside every claim whose status changed, older facts files
still compared, and `multivector editions diff` saying the same as the page. No build: facts come from the real data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import edit_csv

from multivector import cli, data, params, paths, sections
from multivector.analysis import labels
from multivector.analysis.lineage import PERCENT, WORDS, YEAR
from multivector.engine import comparison, editions, facts
from multivector.engine.editions.listing import write_json
from multivector.site import appendix

YEAR_NOW = params.defaults()["year"]
YEAR_BEFORE = YEAR_NOW - 1


@pytest.fixture(scope="module")
def two_years(ds) -> dict[int, dict]:
    """The facts of an edition for the default reference year and of one for the year before, from the shipped data."""
    return {y: facts.summary(ds, params.validate({"year": y})) for y in (YEAR_NOW, YEAR_BEFORE)}


@pytest.fixture(scope="module")
def diff(two_years) -> dict:
    return comparison.compare(two_years[YEAR_NOW], two_years[YEAR_BEFORE])


def _records(given: dict) -> dict[str, list[dict]]:
    """{label: every record of it, one per section that quotes it}."""
    out: dict[str, list[dict]] = {}
    for section_figures in given["figures"].values():
        for record in section_figures.values():
            out.setdefault(record["label"], []).append(record)
    return out


def _as_old_format(given: dict) -> dict:
    """Facts as editions built before figures carried labels wrote them: plain text, bare statuses."""
    return {
        **given,
        "figures": {s: {n: r["text"] for n, r in figs.items()} for s, figs in given["figures"].items()},
        "claims": {k: r["status"] for k, r in given["claims"].items()},
    }


def test_every_figure_has_a_label_and_a_label_is_one_figure(two_years):
    for given in two_years.values():
        quoted = {name for figs in given["figures"].values() for name in figs}
        assert quoted == set(labels.LABEL_OF), "labels.FIGURES and the sections' glue names differ"
        for label, records in _records(given).items():
            assert label not in quoted  # a reader's label, never a glue name
            assert len({r["text"] for r in records}) == 1, f"{label!r} reads differently in different sections"


def test_each_figure_that_moved_is_one_row_listing_every_section_that_shows_it(diff, two_years):
    assert diff["figures"]
    rows = [r["figure"] for r in diff["figures"]]
    assert len(rows) == len(set(rows))
    new = two_years[YEAR_BEFORE]["figures"]
    for row in diff["figures"]:
        showing = [
            sections.label(s) for s, figs in new.items() if any(r["label"] == row["figure"] for r in figs.values())
        ]
        assert row["sections"] == showing
    shared = next(r for r in diff["figures"] if len(r["sections"]) > 2)  # e.g. Russia's share of imports
    assert shared["old"] != shared["new"]


def test_a_difference_only_between_numbers_of_one_unit_and_always_with_its_unit(diff, two_years):
    before, after = _records(two_years[YEAR_NOW]), _records(two_years[YEAR_BEFORE])
    assert any(r["unit"] in (YEAR, WORDS) for r in diff["figures"])  # the comparison has years and words to leave
    assert any(r["difference"] for r in diff["figures"])
    for row in diff["figures"]:
        a, b = before[row["figure"]][0], after[row["figure"]][0]
        if row["unit"] in (YEAR, WORDS) or a["value"] is None or b["value"] is None:
            assert row["difference"] is None, row
            continue
        change = round(b["value"] - a["value"], b["digits"])
        unit = "pp" if row["unit"] == PERCENT else row["unit"]
        sign = "+" if change > 0 else comparison.MINUS if change < 0 else "±"
        assert row["difference"] == f"{sign}{abs(change):,.{b['digits']}f} {unit}", row


def test_quantities_over_different_months_get_no_difference(two_years):
    old, new = json.loads(json.dumps(two_years[YEAR_NOW])), two_years[YEAR_BEFORE]
    moved = [
        (s, n)
        for s, figs in old["figures"].items()
        for n, r in figs.items()
        if r["months"] and r != new["figures"][s][n]
    ]
    section, name = moved[0]
    for s, n in moved:  # the figure in every section that quotes it
        if n == name:
            old["figures"][s][n]["months"] = [1, 2, 3, 4, 5, 6]
    row = next(r for r in comparison.compare(old, new)["figures"] if r["figure"] == labels.LABEL_OF[name])
    assert row["difference"] is None and row["old"] != row["new"]


def test_every_claim_whose_status_changed_says_why_from_the_ledger(diff, two_years):
    assert diff["claims"]
    new = two_years[YEAR_BEFORE]["claims"]
    for row in diff["claims"]:
        assert row["old"] != row["new"] and row["why"].endswith("."), row
        period = new[row["id"]]["period"]
        if period.isdigit():
            assert row["why"] == f"Tested on {YEAR_BEFORE} data; the paper's figure is for {period}.", row


def test_a_claim_whose_data_changed_names_the_file(ds, data_copy, two_years):
    partner, flow = "RU", "imports"
    edit_csv(
        data_copy,
        "trade_partners.csv",
        lambda t: t.replace(*_row_of(t, YEAR_NOW, flow, partner)),
    )
    edited = facts.summary(data.load(data_copy, year=YEAR_NOW), params.validate({"year": YEAR_NOW}))
    changed = comparison.compare(two_years[YEAR_NOW], edited)
    assert changed["resources"] and not changed["params"]
    row = next(r for r in changed["claims"] if r["id"] == "russia_import_share")
    assert "trade_partners" in row["why"] and edited["claims"]["russia_import_share"]["note"] in row["why"]


def _row_of(text: str, year: int, flow: str, partner: str) -> tuple[str, str]:
    """A line of trade_partners.csv and the same line with its value a tenth higher."""
    line = next(
        ln for ln in text.splitlines() if ln.startswith(f"{year},") and f",{flow}," in ln and f",{partner}," in ln
    )
    cells = line.split(",")
    value = next(i for i, c in enumerate(cells) if "." in c)
    cells[value] = f"{float(cells[value]) * 1.1:.2f}"
    return line, ",".join(cells)


def test_facts_written_by_older_editions_compare_as_text(two_years):
    old = _as_old_format(two_years[YEAR_NOW])
    for against in (two_years[YEAR_BEFORE], _as_old_format(two_years[YEAR_BEFORE])):
        given = comparison.compare(old, against)
        assert given["figures"] and all(r["difference"] is None for r in given["figures"])
        assert given["claims"] and all(r["why"] for r in given["claims"])
        assert comparison.problem(old) is None
    assert appendix.what_changed_markdown(comparison.compare(old, two_years[YEAR_BEFORE]))


def test_the_summary_counts_the_moves_and_names_the_largest_the_files_and_the_parameters(diff):
    summary = diff["summary"]
    assert summary[0].startswith(f"{len(diff['figures'])} figures changed")
    largest = max((r for r in diff["figures"] if r["unit"] == PERCENT and r["change"]), key=lambda r: abs(r["change"]))
    assert any(f"{largest['figure']} {largest['difference']}" in line for line in summary)
    assert f"Parameters changed: year {YEAR_NOW} → {YEAR_BEFORE}." in summary
    assert "No data file changed." in summary


def test_the_page_shows_the_summary_and_one_table_row_per_figure(diff):
    page = appendix.what_changed_markdown(diff)
    assert page.count("\n| ") >= len(diff["figures"]) + len(diff["claims"])
    assert "## Figures" in page and "## Claims whose status changed" in page
    assert not any(name in page for name in labels.LABEL_OF if "_" in name)  # no glue name reaches the reader


# `multivector editions diff` ---------------------------------------------------------------------------------------


@pytest.fixture
def folder_of_two(tmp_path, two_years) -> tuple[Path, str, str]:
    """An output folder holding two editions' listings and facts (their pages are not needed to compare them)."""
    out = tmp_path / "site"
    ids = [f"{y}-{n:08x}" for n, y in enumerate((YEAR_NOW, YEAR_BEFORE), start=1)]
    records = []
    for eid, year in zip(ids, (YEAR_NOW, YEAR_BEFORE), strict=True):
        editions.folder(out, eid).mkdir(parents=True)
        facts.write(editions.folder(out, eid), two_years[year])
        records.append(editions.Edition(eid, year, "1.0.0", "f" * 12, "2026-01-02").record(eid == ids[-1]))
    write_json(out / editions.LISTING, records)
    return out, ids[0], ids[1]


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = cli.main(["editions", "diff", *argv])
    said = capsys.readouterr()
    return status, said.out, said.err


def test_editions_diff_prints_as_text_what_its_json_gives(folder_of_two, capsys):
    out, old, new = folder_of_two
    status, plain, _ = _run(capsys, old, new, "--out", str(out))
    assert status == 0
    status, as_json, _ = _run(capsys, old, new, "--out", str(out), "--json")
    given = json.loads(as_json)
    assert status == 0 and given["old"] == old and given["new"] == new
    assert all(line in plain for line in given["summary"])
    for row in given["figures"]:
        assert row["figure"] in plain and (row["difference"] or "") in plain
    for row in given["claims"]:
        assert f"{row['claim']}: {row['old']} → {row['new']}. {row['why']}" in plain


def test_editions_diff_gives_the_comparison_the_page_shows(folder_of_two, capsys, diff):
    out, old, new = folder_of_two
    _, as_json, _ = _run(capsys, old, new, "--out", str(out), "--json")
    assert {k: v for k, v in json.loads(as_json).items() if k not in ("old", "new")} == json.loads(json.dumps(diff))


def _refused(capsys, *argv) -> str:
    status, printed, err = _run(capsys, *argv)
    assert status != 0 and not printed and "Traceback" not in err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err


def test_editions_diff_refuses_a_folder_that_is_not_a_site(tmp_path, capsys):
    err = _refused(capsys, "2024-00000001", "2023-00000002", "--out", str(tmp_path))
    assert "is not a multivector site" in err and editions.LISTING in err


def test_editions_diff_refuses_an_edition_the_folder_lacks(folder_of_two, capsys):
    out, old, new = folder_of_two
    err = _refused(capsys, old, "2024-deadbeef", "--out", str(out))
    assert "no edition '2024-deadbeef'" in err and old in err and new in err


@pytest.mark.parametrize("content", ["{not json", json.dumps({"figures": []}), json.dumps([1, 2])])
def test_editions_diff_refuses_facts_it_cannot_read(folder_of_two, capsys, content):
    out, old, new = folder_of_two
    path = editions.folder(out, new) / paths.EDITION_FILE
    path.write_text(content, encoding="utf-8")
    err = _refused(capsys, old, new, "--out", str(out))
    assert str(path) in err and "expected the facts file its build wrote" in err
    assert editions.read_facts(out, new) is None  # the Editions page says so rather than failing
