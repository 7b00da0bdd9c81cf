"""A page that reads some years of a time series depends on those years' rows only, and on where they are in the
file: the reads a page records (Dataset.used) and what the build keys its cached copy on (Dataset.digests)."""

from __future__ import annotations

from conftest import edit_csv

from multivector import data
from multivector.analysis import prices
from multivector.data import coverage

SERIES = "cpi_yoy"


def _digest(folder, read: str) -> str | None:
    return data.load(folder).digests().get(read)


def _first_month(folder, year: str) -> tuple[str, str]:
    table = data.load(folder)[SERIES]
    row = table[table["month"].str.startswith(f"{year}-")].iloc[0]
    return row["month"], f"{row['index_prev_year_100']:.1f}"


def test_a_years_figures_record_that_years_rows_and_not_the_whole_series(ds):
    probe = data.Dataset(ds.folder, ds._descriptor, ds._tables)
    prices.year_inflation(probe, 2021)
    coverage.cover(probe, "trade_totals", 2021)
    assert probe.used == {data.part(SERIES, "2021"), data.part("trade_totals", "2021")}


def test_a_years_rows_are_worth_the_same_after_an_edit_to_another_year_and_not_after_one_to_theirs(data_copy):
    before = {y: _digest(data_copy, data.part(SERIES, y)) for y in ("2020", "2021")}
    month, value = _first_month(data_copy, "2020")
    edit_csv(data_copy, f"{SERIES}.csv", lambda t: t.replace(f"\n{month},{value}\n", f"\n{month},{value}1\n"))
    assert _digest(data_copy, data.part(SERIES, "2021")) == before["2021"]
    assert _digest(data_copy, data.part(SERIES, "2020")) != before["2020"]
    assert _digest(data_copy, SERIES) != data.load().digests()[SERIES]


def test_a_row_added_before_a_years_rows_moves_their_lines_and_changes_what_they_are_worth(data_copy):
    # A page says on which line of the file a figure's cell is: rows that moved make it say another line.
    first = data.load(data_copy)[SERIES]["month"].iloc[0]
    before = _digest(data_copy, data.part(SERIES, "2021"))
    year, month = int(first[:4]), int(first[5:])
    earlier = f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    edit_csv(data_copy, f"{SERIES}.csv", lambda t: t.replace(f"\n{first},", f"\n{earlier},100.0\n{first},", 1))
    assert _digest(data_copy, data.part(SERIES, "2021")) != before


def test_a_year_the_data_lack_has_no_digest_until_its_rows_arrive(ds):
    later = int(ds[SERIES]["month"].str[:4].max()) + 1
    assert data.part(SERIES, str(later)) not in ds.digests()
    probe = data.Dataset(ds.folder, ds._descriptor, ds._tables)
    assert not coverage.cover(probe, SERIES, later).covered
    assert probe.used == {data.part(SERIES, str(later))}


def test_a_reader_is_told_which_years_of_a_series_a_page_read_and_which_sections_rows():
    said = data.describe_reads(["claims", "events@summary", "cpi_yoy@2024", "cpi_yoy@2019"])
    assert said == "claims, cpi_yoy (rows for 2019, 2024), events (rows of summary)"


def test_what_the_reads_are_worth_is_the_same_each_time_asked_and_each_caller_gets_its_own_copy(ds):
    probe = data.Dataset(ds.folder, ds._descriptor, ds._tables)
    first = probe.digests()
    first[SERIES] = "changed by a caller"
    assert probe.digests() == ds.digests() and probe.digests()[SERIES] != "changed by a caller"
