"""The figures the book shows are computed from the data, and the paper's claims are re-tested against it."""

from __future__ import annotations

import pandas as pd
import pytest

from multivector import data, params, paths
from multivector.analysis import claims, compute, figures, oil, statuses


def test_figure_1_shares_match_the_paper(ds):
    # The paper's Figure 1 prints these shares; they must come out of the CSV, not be typed anywhere.
    assert round(compute.share(ds, 2024, "imports", "RU"), 1) == 30.8
    assert round(compute.share(ds, 2024, "exports", "EU27"), 1) == 46.7


def test_rest_of_world_is_derived_as_total_minus_named_partners(ds):
    raw_partners = pd.read_csv(paths.DATA / "trade_partners.csv")
    raw_totals = pd.read_csv(paths.DATA / "trade_totals.csv")
    assert "ROW" not in set(raw_partners["partner"])
    v = compute.partner_values(ds)
    for (year, flow), group in v.groupby(["year", "flow"]):  # noqa: B007 - read by the query below
        total = raw_totals.query("year == @year and flow == @flow")["value_bn_usd"].iloc[0]
        assert group["value_bn_usd"].sum() == pytest.approx(total, abs=0.011)
        assert group["share_pct"].sum() == pytest.approx(100, abs=0.02)


def test_figure_1_others_equal_the_papers_others(ds):
    top = compute.top_partners(ds, 2024, 4).set_index(["flow", "name"])
    named = ds["trade_partners"].query("year == 2024")
    for flow in ("imports", "exports"):
        four = named[named["flow"] == flow].nlargest(4, "value_bn_usd")["value_bn_usd"].sum()
        assert top.loc[(flow, "Others"), "value_bn_usd"] == pytest.approx(
            compute.total(ds, 2024, flow) - four, abs=0.005
        )


def test_effective_partners_is_inverse_hhi(ds):
    c = compute.concentration(ds)
    v = compute.partner_values(ds).query("year == 2024 and flow == 'imports'")
    hhi = ((v["share_pct"] / 100) ** 2).sum()
    row = c.query("year == 2024 and flow == 'imports'").iloc[0]
    assert row["hhi"] == pytest.approx(hhi) and row["effective_partners"] == pytest.approx(1 / hhi)


def test_cpc_exposure_scales_with_share_and_days(ds):
    full = compute.cpc_exposure(ds, 2024, 100, compute.DAYS_PER_YEAR)
    assert full["at_risk_bn_usd"] == pytest.approx(full["oil_bn_usd"])
    half = compute.cpc_exposure(ds, 2024, 50, compute.DAYS_PER_YEAR / 2)
    assert half["at_risk_bn_usd"] == pytest.approx(full["oil_bn_usd"] / 4)


def test_2022_oil_is_flagged_as_eleven_months(ds):
    oil = compute.oil_share(ds).set_index("year")
    assert bool(oil.loc[2022, "partial"]) and int(oil.loc[2022, "months_covered"]) == 11
    assert not oil.drop(index=2022)["partial"].any()


def test_every_claim_has_a_status_and_every_testable_claim_is_tested(ds):
    ledger = claims.evaluate(ds, 2024)
    assert set(ledger["status"]) <= set(statuses.STATUSES)
    testable = ledger[ledger["check"].fillna("") != ""]
    assert (testable["status"] != claims.NOT_TESTABLE).all()
    assert claims.check_problems(ds) == []


@pytest.mark.parametrize(
    "check, words",
    [
        ("partner_shares:imports:RU", ["row 2", "unknown check 'partner_shares'"]),
        ("partner_share:imports", ["row 2", "gives 1 argument(s); expected partner_share:flow:partner"]),
        ("partner_share:import:RU", ["row 2", "flow 'import'", "expected one of imports, exports"]),
        ("figure_others_share:imports:RU+XX", ["row 2", "named 'XX'", "joined by '+'"]),
    ],
)
def test_a_malformed_check_is_refused_by_row_and_column(data_copy, check, words):
    from conftest import edit_csv

    from multivector import data
    from multivector.engine import checks

    first = (data_copy / "claims.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[-1]
    edit_csv(data_copy, "claims.csv", lambda t: t.replace(f",{first}\n", f",{check}\n", 1))
    with pytest.raises(data.DataError) as info:
        checks.check(data_copy, {})
    message = str(info.value)
    assert "claims.csv" in message and "column 'check'" in message
    assert all(w in message for w in words), message


def test_figure_1_claims_are_reproduced_for_2024(ds):
    ledger = claims.evaluate(ds, 2024).set_index("id")
    figure1 = ledger[ledger["check"].fillna("").str.startswith(("partner_share", "flow_total"))]
    assert len(figure1) >= 10 and (figure1["status"] == statuses.REPRODUCED).all()


def test_since_2022_is_tested_up_to_the_reference_year_and_no_further(ds):
    rt = compute.russia_trade(ds).set_index("year")["turnover"]
    assert rt.loc[2022] < rt.loc[2023] < rt.loc[2024] and rt.loc[2025] < rt.loc[2024]  # the data's own facts
    held = claims.evaluate(ds, 2024).set_index("id").loc["russia_trade_rising"]
    assert held["status"] == statuses.CONSISTENT and "2025" not in held["note"]
    later = claims.evaluate(ds, 2025).set_index("id").loc["russia_trade_rising"]
    assert later["status"] == claims.DIFFERS and "fell in 2025" in later["note"]


def test_oil_share_claim_is_checked_against_data(ds):
    row = claims.evaluate(ds, 2024).set_index("id").loc["oil_share_of_exports"]
    oil = compute.oil_share(ds).set_index("year").loc[2024]
    assert row["computed"] == pytest.approx(100 * oil["value_bn_usd"] / oil["exports_bn_usd"])
    assert row["status"] in (statuses.REPRODUCED, statuses.CONSISTENT)


def test_inflation_claim_is_checked_against_data(ds):
    row = claims.evaluate(ds, 2024).set_index("id").loc["inflation_high"]
    assert row["status"] != claims.NOT_TESTABLE and row["computed"] > 0


def test_a_later_year_re_evaluates_the_papers_2024_figures(ds):
    ledger = claims.evaluate(ds, 2025).set_index("id")
    expected = round(compute.share(ds, 2025, "imports", "RU"), 1)
    assert round(ledger.loc["russia_import_share", "computed"], 1) == expected
    assert ledger.loc["russia_import_share", "status"] == (
        statuses.REPRODUCED if expected == ledger.loc["russia_import_share", "value"] else claims.DIFFERS
    )


@pytest.mark.parametrize(
    "value, status, words",
    [
        (52.5, statuses.CONSISTENT, "reaches"),
        (53.4, statuses.CONSISTENT, "reaches"),
        (48.0, statuses.CONSISTENT, "below"),
        (53.6, claims.DIFFERS, "above"),
    ],
)
def test_an_up_to_figure_is_never_reproduced_and_the_prose_words_the_same_verdict(
    ds, value, status, words, monkeypatch
):
    assert claims.up_to(value, 53) == status
    # The economic-limits prose words the same verdict for the claim's own year.
    from multivector.analysis.sections import economic_limits

    monkeypatch.setattr(oil, "oil_share_of", lambda d, y: value)
    assert words in economic_limits._oil_agreement(ds)


# --- the claims' periods have one home: their check's arguments in claims.csv -----------------------------------------


def _with_check(data_copy, claim_id: str, check: str) -> data.Dataset:
    table = pd.read_csv(data_copy / "claims.csv", dtype=str, keep_default_na=False)
    table.loc[table["id"] == claim_id, "check"] = check
    table.to_csv(data_copy / "claims.csv", index=False, lineterminator="\n")
    data.rehash(data_copy)
    return data.load(data_copy)


@pytest.mark.parametrize(
    "claim_id, check, said",
    [
        ("russia_trade_rising", "russia_trade_rising:20x2", "expected a year"),
        ("inflation_high", "inflation_high:2024-11..2024-09:2019", "run of months within one year"),
        ("inflation_high", "inflation_high:2024-09..2024-11", "gives 1 argument(s)"),
        ("war_years", "war_years:no_such_event", "events.csv"),
    ],
)
def test_a_claims_period_that_cannot_be_read_is_refused_naming_the_row(data_copy, claim_id, check, said):
    problems = claims.check_problems(_with_check(data_copy, claim_id, check))
    assert len(problems) == 1 and problems[0].startswith("claims.csv, row ") and said in problems[0], problems


def test_the_ledger_and_the_prose_test_a_claim_over_the_one_period_claims_csv_gives(data_copy):
    ds = _with_check(data_copy, "russia_trade_rising", "russia_trade_rising:2023")
    note = claims.evaluate(ds, 2024).set_index("id").loc["russia_trade_rising", "note"]
    path = figures.BY_SECTION["economic_limits"](ds, params.defaults())["ru_trade_path"]
    assert "2022:" not in note and "2023:" in note
    assert "in 2022" not in path and "in 2023" in path
    ds = _with_check(data_copy, "inflation_high", "inflation_high:2024-06..2024-08:2020")
    note = claims.evaluate(ds, 2024).set_index("id").loc["inflation_high", "note"]
    prose = figures.BY_SECTION["political_limits"](ds, params.defaults())
    assert "June–August 2024" in note and "in 2020" in note
    assert "June–August 2024" in prose["inflation_autumn_2024"].lineage["formula"]
