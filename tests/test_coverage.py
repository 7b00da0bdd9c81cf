"""A year some series do not cover is built, not crashed on: what the data lack is said, and partial years say so."""

from __future__ import annotations

import calendar
import html
import re

import pytest
from conftest import NEW_YEAR, add_trade_year

from multivector import charts, cli, data, params, sections
from multivector.analysis import claims, compute, figures
from multivector.data import coverage

NOT_AVAILABLE = f"not available for {NEW_YEAR} (no crude-oil data yet)"


@pytest.fixture
def trade_only(data_copy) -> data.Dataset:
    add_trade_year(data_copy)
    return data.load(data_copy, year=NEW_YEAR)


def test_coverage_names_each_series_that_lacks_the_year_and_each_partial_year(trade_only):
    said = {c.resource: c for c in coverage.report(trade_only, NEW_YEAR)}
    assert said["trade_totals"].covered and said["trade_partners"].covered
    assert not said["oil_exports"].covered
    cpi_months = [m for m in trade_only["cpi_yoy"]["month"] if m.startswith(f"{NEW_YEAR}-")]
    assert said["cpi_yoy"].months == [int(m[5:]) for m in cpi_months]
    warnings = coverage.warnings(trade_only, NEW_YEAR)
    assert any(w.startswith("oil_exports.csv:") and str(NEW_YEAR) in w for w in warnings)
    if 0 < len(cpi_months) < 12:
        first, last = (calendar.month_name[int(m[5:])] for m in (cpi_months[0], cpi_months[-1]))
        assert any(w.startswith("cpi_yoy.csv:") and f"{NEW_YEAR} covers {first}\u2013{last}" in w for w in warnings)


def test_a_partial_oil_year_names_the_months_it_lacks_as_its_source_says():
    ds = data.load()
    partial = ds["oil_exports"].query("months_covered < 12")
    assert not partial.empty
    for row in partial.itertuples():
        said = coverage.cover(ds, "oil_exports", row.year).period
        lacking = row.note.split(" missing")[0]  # the recipe's own caveat: "September missing in the source; ..."
        assert said == f"{row.year} without {lacking}", (said, row.note)


def test_check_prints_the_gaps_as_warnings_with_file_and_year(data_copy, capsys):
    add_trade_year(data_copy)
    assert cli.main(["check", "--data", str(data_copy), "--set", f"year={NEW_YEAR}"]) == 0
    out = capsys.readouterr().out
    assert f"warning: oil_exports.csv: no rows for {NEW_YEAR}" in out


def test_every_figure_of_a_year_only_trade_covers_is_computed_or_said_to_be_missing(trade_only):
    p = params.validate({"year": NEW_YEAR})
    glued = {s: figures.BY_SECTION[s](trade_only, p) for s in sections.SECTIONS}
    bad = {
        f"{s}.{k}": v
        for s, figs in glued.items()
        for k, v in figs.items()
        if not v.strip() or re.search(r"\b(nan|NaN|None|inf)\b", v)
    }
    assert not bad, bad
    assert glued["economic_limits"]["oil_share_year"] == NOT_AVAILABLE
    assert glued["economic_limits"]["cpc_at_risk"] == NOT_AVAILABLE
    assert glued["conclusions"]["oil_share_year"] == NOT_AVAILABLE
    # The trade figures of the year are computed, with their lineage.
    assert glued["multi_vectorism"]["russia_import_share"].lineage["inputs"][0]["row"].startswith(f"year {NEW_YEAR}")


def test_a_claim_whose_series_lacks_the_year_is_not_testable_for_that_year(trade_only):
    ledger = claims.evaluate(trade_only, NEW_YEAR).set_index("id")
    assert ledger.loc["oil_share_of_exports", "status"] == claims.NOT_TESTABLE_YEAR
    assert "oil_exports.csv" in ledger.loc["oil_share_of_exports", "note"]


def test_charts_of_a_year_a_series_lacks_say_so_instead_of_failing(trade_only):
    share = compute.claim_value(trade_only, "cpc_share_of_crude")
    cpc = charts.cpc_explorer(trade_only, NEW_YEAR, share, params.defaults()["cpc_disruption_days"])
    assert NOT_AVAILABLE in cpc.description.lower() and cpc.table.notna().all().all()
    indicators = charts.indicators(trade_only, NEW_YEAR, 2021)
    subtitle = " ".join(indicators.chart.to_dict()["title"]["subtitle"])
    assert "crude-oil data" in subtitle and indicators.table["value"].notna().all()
    oil = " ".join(charts.oil_share(trade_only, NEW_YEAR).chart.to_dict()["title"]["subtitle"])
    assert f"No crude-oil data yet for {NEW_YEAR}" in oil


# The whole edition ------------------------------------------------------------------------------------


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_an_edition_for_a_year_only_the_trade_series_cover_builds_and_says_what_is_missing(new_year_edition):
    """conftest's edition for NEW_YEAR, from data whose trade series alone reach it."""
    trade_only_site, events = new_year_edition.out, new_year_edition.events
    assert f"warning: oil_exports.csv: no rows for {NEW_YEAR}" in events
    problems = {}
    for page in sorted(trade_only_site.rglob("*.html")):
        rel = page.relative_to(trade_only_site).as_posix()
        if rel.startswith("_"):
            continue
        raw = page.read_text(encoding="utf-8")
        text = visible_text(raw)
        # "None" is a word of the prose ("None of this is fixed"); as a whole value of an element it is Python's.
        found = re.findall(r"\b(?:nan|NaN|Traceback)\b", text) + re.findall(r"\bNaN\b", raw)
        found += re.findall(r">\s*None\s*<", raw) + re.findall(r'<span class="pasted-text">\s*</span>', raw)
        if found:
            problems[rel] = found
    assert not problems, problems
    read = {
        s: visible_text((trade_only_site / "notebooks" / f"{s}.html").read_text(encoding="utf-8"))
        for s in ("economic_limits", "political_limits", "conclusions", "claims_ledger")
    }
    assert NOT_AVAILABLE in read["economic_limits"] and NOT_AVAILABLE in read["conclusions"]
    assert f"What a CPC stoppage would put at risk ({NEW_YEAR})" in (
        trade_only_site / "notebooks" / "economic_limits.html"
    ).read_text(encoding="utf-8")
    assert claims.NOT_TESTABLE_YEAR in read["claims_ledger"]
    cpi = coverage.cover(data.load(new_year_edition.folder), "cpi_yoy", NEW_YEAR)
    if cpi.partial:
        assert f"({cpi.period} only)" in read["political_limits"]
