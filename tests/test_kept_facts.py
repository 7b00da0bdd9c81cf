"""The edition's facts kept between builds (engine.by_reads): each figure list and claim record is reused only while
what it read is worth the same, and a kept summary is always the one made afresh."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import edit_csv

from multivector import data, params, sections
from multivector.engine import by_reads, facts

BASE = {"site_code": "c", "libraries": "l", "bib": "b", "params": {"year": 2024}}


def counting(log: list, year: int):
    """A value made from the CPI rows of `year`, which notes each time it is made."""

    def make(ds: data.Dataset):
        log.append(year)
        return {"year": year, "values": tuple(ds.rows("cpi_yoy", year=year)["index_prev_year_100"])}

    return make


def ask(cache, worth, ds, log, base=BASE) -> dict:
    kept = by_reads.Kept(cache, "facts", base, worth)
    got = {y: kept.get(f"cpi:{y}", ds, counting(log, y)) for y in (2023, 2024)}
    kept.save()
    return got


def test_a_kept_value_is_made_once_and_read_back_as_it_was_made(tmp_path, ds):
    log = []
    first = ask(tmp_path, ds.digests(), ds, log)
    again = ask(tmp_path, ds.digests(), ds, log)
    assert log == [2023, 2024]
    assert first == again
    assert first[2024]["values"] == list(ds.rows("cpi_yoy", year=2024)["index_prev_year_100"])  # as JSON reads back


def test_only_the_values_that_read_something_now_worth_another_digest_are_made_again(tmp_path, ds):
    log = []
    ask(tmp_path, ds.digests(), ds, log)
    worth = {**ds.digests(), "cpi_yoy@2024": "another digest"}
    ask(tmp_path, worth, ds, log)
    assert log == [2023, 2024, 2024]
    # The value made for the old digest is kept too: going back to it makes nothing.
    ask(tmp_path, ds.digests(), ds, log)
    assert log == [2023, 2024, 2024]


def test_a_read_of_rows_the_data_lacked_is_made_again_when_they_appear(tmp_path, ds):
    log = []
    worth = {r: d for r, d in ds.digests().items() if r != "cpi_yoy@2024"}
    ask(tmp_path, worth, ds, log)
    ask(tmp_path, ds.digests(), ds, log)
    assert log == [2023, 2024, 2024]


@pytest.mark.parametrize("change", ["site_code", "libraries", "bib", "params"])
def test_every_value_is_made_again_when_what_it_depends_on_besides_the_data_changes(tmp_path, ds, change):
    log = []
    ask(tmp_path, ds.digests(), ds, log)
    ask(tmp_path, ds.digests(), ds, log, base={**BASE, change: {"year": 2025} if change == "params" else "other"})
    assert log == [2023, 2024, 2023, 2024]


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{not json",
        "[]",
        '{"base": {}, "values": {}}',
        '{"base": BASE, "values": {"cpi:2024": [{"reads": [], "value": 1999}]}}',
        '{"base": BASE, "values": {"cpi:2024": "1999"}}',
    ],
)
def test_a_damaged_file_of_kept_values_is_made_again_and_replaced(tmp_path, ds, damage):
    log = []
    first = ask(tmp_path, ds.digests(), ds, log)
    (kept,) = tmp_path.glob("facts-*.json")
    kept.write_text(damage.replace("BASE", json.dumps(BASE, sort_keys=True)), encoding="utf-8")
    assert ask(tmp_path, ds.digests(), ds, log) == first
    assert log == [2023, 2024, 2023, 2024]
    assert ask(tmp_path, ds.digests(), ds, log) == first
    assert log == [2023, 2024, 2023, 2024]


def test_kept_values_are_pruned_to_the_most_recent(tmp_path, ds):
    log = []
    for i in range(by_reads.KEEP + 3):
        ask(tmp_path, {**ds.digests(), "cpi_yoy@2024": str(i)}, ds, log)
    (kept,) = tmp_path.glob("facts-*.json")
    assert len(json.loads(kept.read_text(encoding="utf-8"))["values"]["cpi:2024"]) == by_reads.KEEP
    for i in range(by_reads.KEEP_FILES + 3):
        ask(tmp_path, ds.digests(), ds, log, base={**BASE, "bib": str(i)})
    assert len(list(tmp_path.glob("facts-*.json"))) == by_reads.KEEP_FILES


@dataclasses.dataclass
class Inputs:  # what kept_summary reads of an engine.cache.Inputs
    data: dict
    site_code: str = "c"
    libraries: str = "l"
    bib: str = "b"


def test_a_kept_summary_after_a_one_value_edit_is_the_summary_made_afresh_and_remakes_only_what_read_it(
    tmp_path, data_copy, monkeypatch
):
    values = params.validate(params.defaults())
    before = data.load(data_copy, year=values["year"])
    facts.kept_summary(tmp_path / "cache", Inputs(before.digests()), before, values)
    edit_csv(data_copy, "cpi_yoy.csv", lambda text: text.replace("\n2020-01,", "\n2020-01,1", 1))
    after = data.load(data_copy, year=values["year"])
    (kept_file,) = (tmp_path / "cache").glob(f"{facts.KEPT_PREFIX}-*.json")
    recorded = json.loads(kept_file.read_text(encoding="utf-8"))["values"]
    # A section read the edited row if it read 2020's rows or the whole series (a peak reads every month).
    readers = {s for s in sections.SECTIONS if {"cpi_yoy@2020", "cpi_yoy"} & set(recorded[f"figures:{s}"][0]["reads"])}
    made = []
    real = facts.section_figures
    monkeypatch.setattr(facts, "section_figures", lambda ds, v, s: made.append(s) or real(ds, v, s))
    kept = facts.kept_summary(tmp_path / "cache", Inputs(after.digests()), after, values)
    assert sorted(made) == sorted(readers)
    assert 0 < len(made) < len(sections.SECTIONS)
    monkeypatch.setattr(facts, "section_figures", real)
    assert kept == json.loads(json.dumps(facts.summary(after, values), ensure_ascii=False, default=str))
