"""A figure that combines series is computed over months all of them cover, and says which months they are.

The case an analyst meets first: exports and imports hold all of 2026, crude oil only January to June. Crude's share
of exports must then be six months over the same six months, never six over twelve, and every figure about part of a
year names its months, in the prose, the chart, the claims ledger and the lineage.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import NEW_YEAR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multivector import charts, data, params, paths, sections
from multivector.analysis import claims, compute, figures
from multivector.analysis.lineage import Figure, Traced
from multivector.data.periods import ALL_MONTHS, MixedPeriods, Period
from multivector.data.recipes import run

UPSTREAM = Path(__file__).parent / "upstream"
OIL_VALUE = "bns_oil_exports_value"


def _monthly(path: Path) -> pd.DataFrame:
    t = pd.read_csv(path)
    t["year"], t["month"] = t["date"].str[:4].astype(int), t["date"].str[5:7].astype(int)
    return t


def _snapshot_path(folder: Path, name: str) -> Path:
    descriptor = json.loads((folder / paths.DATAPACKAGE).read_text(encoding="utf-8"))
    return folder / next(s["path"] for s in descriptor["snapshots"] if s["name"] == name)


def _sum(t: pd.DataFrame, period: Period) -> float:
    rows = t[(t["year"] == period.year) & t["month"].isin(period.months)]
    assert len(rows) == len(period.months)
    return rows["value"].sum() / 1e6


@pytest.fixture(scope="module")
def half_year(tmp_path_factory) -> Path:
    """data/ after newer exports, imports and panel files that hold all of 2026, while crude oil holds January-June."""
    folder = tmp_path_factory.mktemp("half_year") / "data"
    shutil.copytree(paths.DATA, folder)
    for name in ("exports", "imports", "panel"):
        run.update(str(UPSTREAM / f"{name}.csv"), folder, report=lambda line: None)
    return folder


def _expected_share(folder: Path, period: Period) -> float:
    oil = _monthly(_snapshot_path(folder, OIL_VALUE))
    exports = _monthly(UPSTREAM / "exports.csv")
    return 100 * _sum(oil, period) / _sum(exports, period)


def test_a_share_over_half_a_year_divides_by_the_exports_of_those_same_months(half_year):
    ds = data.load(half_year, year=NEW_YEAR)
    oil = _monthly(_snapshot_path(half_year, OIL_VALUE))
    months = frozenset(oil.loc[oil["year"] == NEW_YEAR, "month"])
    assert 0 < len(months) < 12, "the shipped crude-oil snapshot should hold part of the new year"
    period = Period(NEW_YEAR, months)
    share = compute.oil_share_of(ds, NEW_YEAR)
    assert float(share) == pytest.approx(_expected_share(half_year, period), abs=0.01)
    # Its lineage says the same months, for crude and for the exports it is divided by.
    assert all(period.said() in i.label for i in share.inputs), [i.label for i in share.inputs]

    p = params.validate({"year": NEW_YEAR})
    econ = figures.BY_SECTION["economic_limits"](ds, p)
    assert econ["oil_share_year"] == f"{float(share):.1f}\u00a0% ({period.said()})"
    assert econ["oil_year_label"] == period.said()
    assert period.said() in econ["exports_year"] and period.said() in econ["oil_value_year"]
    # The CPC estimate is the paper's share of crude times crude's share over the same months.
    cpc = float(compute.claimed(ds, "cpc_share_of_crude"))
    assert econ["cpc_share_of_exports"] == f"{cpc * float(share) / 100:.1f}\u00a0% ({period.said()})"
    # The caveat reads as a sentence, year by year, each share over its own months.
    note = econ["oil_partial_note"]
    assert f"{NEW_YEAR} covers {period.sentence().split(' covers ')[1]}" in note
    assert "2022 covers eleven months (September missing)" in note
    assert not re.search(r"\d, \d+ months", note) and "too low" not in note
    # The conclusions say the months too.
    assert figures.BY_SECTION["conclusions"](ds, p)["oil_share_year"] == econ["oil_share_year"]


def test_the_eleven_month_share_of_2022_is_over_the_same_eleven_months():
    ds = data.load()
    period = compute.period_of(ds, "oil_exports", 2022)
    assert period.missing == [9]
    exports = _monthly(_snapshot_path(paths.DATA, "bns_exports"))
    oil = _monthly(_snapshot_path(paths.DATA, OIL_VALUE))
    assert float(compute.oil_share_of(ds, 2022)) == pytest.approx(
        100 * _sum(oil, period) / _sum(exports, period), abs=0.01
    )
    row = compute.oil_share(ds).set_index("year").loc[2022]
    assert (
        row["period"] == "2022 without September"
        and row["exports_bn_usd"]
        < ds["trade_totals"].query("year == 2022 and flow == 'exports'")["value_bn_usd"].iloc[0]
    )


def test_the_chart_and_the_ledger_say_the_months_a_partial_share_covers(half_year):
    ds = data.load(half_year, year=NEW_YEAR)
    period = compute.period_of(ds, "oil_exports", NEW_YEAR)
    card = charts.oil_share(ds, NEW_YEAR)
    subtitle = " ".join(card.chart.to_dict()["title"]["subtitle"])
    assert period.sentence() in subtitle and "2022 covers eleven months (September missing)" in subtitle
    assert card.table.set_index("year").loc[NEW_YEAR, "exports_bn_usd"] == pytest.approx(
        _sum(_monthly(UPSTREAM / "exports.csv"), period), abs=0.01
    )
    ledger = claims.evaluate(ds, NEW_YEAR).set_index("id")
    # Tested on the edition's year, the ledger says the months and the share over them.
    note = ledger.loc["oil_share_of_exports", "note"]
    assert f"exports in {period.said()}: {compute.oil_share_of(ds, NEW_YEAR):.1f} %" in note


def test_quantities_over_different_months_are_never_combined():
    half = Traced(
        18.76, "crude oil exports January–June 2026", period=Period(2026, frozenset(range(1, 7))), quantity=True
    )
    year = Traced(80.73, "total exports 2026", period=Period(2026), quantity=True)
    for combine in (lambda: half / year, lambda: half.percent_of(year), lambda: half - year, lambda: year + half):
        with pytest.raises(MixedPeriods):
            combine()
    # The same months of two years compare (a growth rate); a ratio keeps the months it is about.
    before = Traced(40.0, "total exports 2025", period=Period(2025), quantity=True)
    assert float(year / before) == pytest.approx(80.73 / 40)
    assert (half / Traced(40.2, "x", period=half.period, quantity=True)).period == half.period


# --- the property: any shape of coverage --------------------------------------------------------------------------

YEARS = list(range(2020, 2026))


@st.composite
def coverage_shapes(draw) -> dict[int, frozenset[int] | None]:
    """For each year of the crude-oil series: all months, a run from January, months missing in the middle, or no row."""
    shapes = {}
    for year in YEARS:
        kind = draw(st.sampled_from(["full", "full", "from_january", "gaps", "missing"]))
        if kind == "full":
            shapes[year] = ALL_MONTHS
        elif kind == "from_january":
            shapes[year] = frozenset(range(1, draw(st.integers(1, 11)) + 1))
        elif kind == "gaps":
            months = draw(st.sets(st.integers(1, 12), min_size=1, max_size=11))
            shapes[year] = frozenset(months)
        else:
            shapes[year] = None
    # The paper's oil claim is tested on 2024: keep a row for it so the ledger has something to compare.
    shapes[2024] = shapes[2024] or ALL_MONTHS
    return shapes


def _write_oil(folder: Path, shapes: dict, ds: data.Dataset) -> None:
    """Crude-oil rows for the shapes, from the shipped values scaled to the months, with the same-months exports of
    the shipped monthly exports snapshot."""
    exports = _monthly(_snapshot_path(folder, "bns_exports"))
    shipped = ds["oil_exports"].set_index("year")
    rows = []
    for year, months in shapes.items():
        if months is None or year not in shipped.index:
            continue
        period = Period(year, months)
        rows.append(
            {
                "year": year,
                "value_bn_usd": round(shipped.loc[year, "value_bn_usd"] * len(months) / 12, 2),
                "volume_mt": round(shipped.loc[year, "volume_mt"] * len(months) / 12, 2),
                "months_covered": len(months),
                "months": period.text(),
                "exports_same_months_bn_usd": None if period.full else round(_sum(exports, period), 2),
                "note": "" if period.full else f"{period.said()} only",
            }
        )
    pd.DataFrame(rows).to_csv(folder / "oil_exports.csv", index=False, lineterminator="\n", float_format="%.2f")
    data.rehash(folder)


def _partial_oil_rows(lineage: dict | None, shapes: dict) -> set[Period]:
    """The partial periods of the crude-oil quantities a figure rests on, read from its lineage."""
    out = set()
    for i in (lineage or {}).get("inputs", []):
        if i.get("resource") == "oil_exports" and i.get("column") in ("value_bn_usd", "exports_same_months_bn_usd"):
            year = int(i["row"].split()[-1])
            period = Period(year, shapes[year])
            if period.partial:
                out.add(period)
    return out


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shapes=coverage_shapes(), year=st.sampled_from(YEARS))
def test_no_published_figure_divides_unlike_periods_and_every_partial_one_names_its_months(
    tmp_path_factory, ds, shapes, year
):
    folder = tmp_path_factory.mktemp("shape") / "data"
    shutil.copytree(paths.DATA, folder)
    _write_oil(folder, shapes, ds)
    shaped = data.load(folder, year=year)
    p = params.validate({"year": year})
    # Computing every figure of every section raises MixedPeriods if any combines unlike months.
    for section in sections.SECTIONS:
        for name, fig in figures.BY_SECTION[section](shaped, p).items():
            assert isinstance(fig, (Figure, str)), name
            for period in _partial_oil_rows(getattr(fig, "lineage", None), shapes):
                assert period.said() in fig or period.sentence() in fig, (section, name, str(fig), period)
    claims.evaluate(shaped, year)
    table = compute.oil_share(shaped)
    for r in table.itertuples():
        period = Period(int(r.year), shapes[int(r.year)])
        assert r.period == period.said()
        expected = r.exports_same_months_bn_usd if period.partial else None
        if expected is not None:
            assert r.exports_bn_usd == expected
