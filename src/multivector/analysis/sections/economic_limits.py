"""The figures of "Economic limits": crude oil's share of exports, the CPC, trade with Russia, inflation."""

from __future__ import annotations

from multivector.analysis import claims, oil, trade
from multivector.analysis.cells import cell, claim, claim_value, claimed, period_of, source
from multivector.analysis.lineage import Figure, Traced, joined, param
from multivector.analysis.narrative import bn, calendar_year, num, pct
from multivector.analysis.narrative import days as days_of
from multivector.analysis.sections.shared import (
    claim_figure,
    data_year,
    inflation_figures,
    resolve,
    turnover_figures,
    year_param,
)
from multivector.data.dataset import Dataset


def figures(ds: Dataset, p: dict) -> dict[str, Figure]:
    """The section's figures: a table, one row for each glue name its prose quotes."""
    year, baseline, days = p["year"], p["baseline_year"], p["cpc_disruption_days"]
    shares = oil.oil_share(ds).set_index("year")
    claim_year = int(claim(ds, "oil_share_of_exports")["period"])
    hi, lo = int(shares["share_pct"].idxmax()), int(shares["share_pct"].idxmin())
    partial = [int(y) for y in shares.index[shares["partial"]]]
    verdict, path = _russia_trade_path(ds, year, int(claims.check_args(ds, "russia_trade_rising")[0]))

    def exposure() -> dict:
        return oil.cpc_exposure(ds, year, claimed(ds, "cpc_share_of_crude"), param("cpc_disruption_days", days))

    def balance() -> Traced:
        return trade.value(ds, year, "exports", "RU") - trade.value(ds, year, "imports", "RU")

    return resolve(
        {
            "oil_share_claim": claim_figure(ds, "oil_share_of_exports"),
            "oil_claim_year": lambda: calendar_year(
                Traced.of(
                    claim_year,
                    "the period of the claim in claims.csv",
                    source(ds, "claims", "period", id="oil_share_of_exports"),
                ),
            ),
            "oil_share_claim_year": lambda: pct(oil.oil_share_of(ds, claim_year)),
            "oil_value_claim_year": lambda: bn(cell(ds, "oil_exports", "value_bn_usd", year=claim_year)),
            "exports_claim_year": lambda: bn(oil.exports_over(ds, period_of(ds, "oil_exports", claim_year))),
            "oil_year_label": lambda: _oil_when(ds, year),
            "oil_share_year": lambda: pct(oil.oil_share_of(ds, year)),
            "oil_value_year": lambda: bn(cell(ds, "oil_exports", "value_bn_usd", year=year)),
            "exports_year": lambda: bn(oil.exports_over(ds, period_of(ds, "oil_exports", year))),
            "oil_first_year": lambda: data_year(ds, "oil_exports", int(shares.index.min()), "the first year with rows"),
            "oil_last_year": lambda: data_year(ds, "oil_exports", int(shares.index.max()), "the last year with rows"),
            "oil_share_max": lambda: pct(oil.oil_share_of(ds, hi)),
            "oil_share_max_when": lambda: _oil_when(ds, hi),
            "oil_share_min": lambda: pct(oil.oil_share_of(ds, lo)),
            "oil_share_min_when": lambda: _oil_when(ds, lo),
            "oil_partial_note": lambda: _oil_partial_note(ds, partial),
            "cpc_share": claim_figure(ds, "cpc_share_of_crude"),
            "cpc_share_of_exports": lambda: _oil_share_of_exports_via_cpc(ds, year),
            "transneft_year": claim_figure(ds, "cpc_operated_by_transneft", calendar_year),
            "eu_export_share_year": lambda: pct(trade.share(ds, year, "exports", "EU27")),
            "cpc_days": lambda: days_of(param("cpc_disruption_days", days)),
            "cpc_at_risk": lambda: bn(exposure()["at_risk_bn_usd"]),
            "cpc_at_risk_pct": lambda: pct(exposure()["at_risk_pct_exports"]),
            "ru_trade_verdict": verdict,
            "ru_trade_path": path,
            "baseline_year": year_param("baseline_year", baseline),
            **turnover_figures(ds, year, baseline),
            "ru_imports_year": lambda: bn(trade.value(ds, year, "imports", "RU")),
            "ru_exports_year": lambda: bn(trade.value(ds, year, "exports", "RU")),
            "ru_balance_word": lambda: "deficit" if balance() < 0 else "surplus",
            "ru_balance_abs": lambda: bn(abs(balance())),
            "russian_fdi_growth": claim_figure(ds, "russian_fdi_growth", lambda v: num(v, unit="times")),
            "russian_company_share": claim_figure(ds, "russian_company_share"),
            "rosatom_uranium_share": claim_figure(ds, "rosatom_uranium_share"),
            "oil_claim_agreement": lambda: _oil_agreement(ds),
            **inflation_figures(ds, year),
        }
    )


def _oil_when(ds: Dataset, year: int) -> Figure:
    """A period of the oil series as a reader says it: '2024', 'January–June 2026', '2022 without September'."""
    months = source(ds, "oil_exports", "months", year=year)
    text = period_of(ds, "oil_exports", year).said()
    return Figure(text, Traced.of(year, "the year of the crude-oil row, with the months it records", months))


def _oil_partial_note(ds: Dataset, years: list[int]) -> Figure:
    """A sentence on the years whose crude-oil rows lack months, each with its share over those same months."""
    if not years:
        return Figure("Every year of the series covers all twelve months of crude exports.")
    parts = joined([_oil_part(ds, y) for y in years], sep="; ")
    return Figure(
        "Where the source lacks months of crude exports, the share compares crude with total exports over the same "
        f"months: {parts}.",
        parts,
    )


def _oil_part(ds: Dataset, year: int) -> Figure:
    share = pct(oil.oil_share_of(ds, year), period=False)
    return Figure(f"{period_of(ds, 'oil_exports', year).sentence()}, a share of {share}", share)


def _oil_share_of_exports_via_cpc(ds: Dataset, year: int) -> Figure:
    """The CPC's share of crude times crude's share of exports (over the months the crude row covers, named when
    they are part of the year): the share of export revenue that crosses Russia."""
    crude = cell(ds, "oil_exports", "value_bn_usd", year=year)
    return pct(claimed(ds, "cpc_share_of_crude") * (crude / oil.exports_over(ds, crude.period)))


def _oil_agreement(ds: Dataset) -> str:
    """How the bundled oil share for the claim's year compares with the paper's 'up to' figure."""
    paper = claim_value(ds, "oil_share_of_exports")
    if paper is None:
        return "the paper gives no figure to compare with"
    year = int(claim(ds, "oil_share_of_exports")["period"])
    share = oil.oil_share_of(ds, year)
    # The ledger's rule, for the claim's own year rather than the edition's.
    if claims.up_to(share, paper) == claims.DIFFERS:
        return "above the paper's ceiling"
    return (
        "which reaches the paper's ceiling once rounded"
        if claims.whole(share) == paper
        else "below the paper's ceiling"
    )


def _russia_trade_path(ds: Dataset, year: int, since: int) -> tuple[str, Figure]:
    """Test 'trade with Russia has grown every year since <since>' up to the reference year, as the ledger does, and
    say what the data show after it within the paper's own time (to its latest dated event): (verdict, path)."""
    rt, falls = trade.turnover_since(ds, since, until=year)
    if len(rt) < 2:
        return "cannot test it", Figure(
            f"has fewer than two years of data from {since} to {year}",
            Traced.of(len(rt), f"years of trade with Russia from {since} to {year}"),
        )
    turnovers = {i: trade.turnover(ds, int(rt.loc[i, "year"])) for i in rt.index}

    def at(i: int) -> str:
        r = rt.loc[i]
        return f"{bn(turnovers[i])} in {int(r['year'])}" + (" (preliminary)" if r["status"] == "preliminary" else "")

    if not falls:
        verdict, path = "agree", f"rose every year, from {at(0)} to {at(len(rt) - 1)}"
    else:
        first = falls[0]
        rise = f"rose from {at(0)} to {at(first - 1)}, then " if first > 1 else ""
        verdict, path = "agree only in part", rise + "fell to " + ", and to ".join(at(i) for i in falls)
    last = turnovers[len(rt) - 1]
    later = []
    after, _ = trade.turnover_since(ds, year, until=claims.written(ds))
    if len(after) > 1 and int(after["year"].iloc[0]) == year:
        for i in after.index[1:]:
            r = after.loc[i]
            value = trade.turnover(ds, int(r["year"]))
            later.append(value)
            word = "lower" if value < after.loc[i - 1, "turnover"] else "higher"
            status = "preliminary " if r["status"] == "preliminary" else ""
            path += (
                f"; in {int(r['year'])}, which the paper's own period still covers, the {status}figure is {word}, "
                f"at {bn(value)}"
            )
    return verdict, Figure(
        path,
        Traced.of(
            last, f"turnover with Russia (exports + imports) each year from {since}", *turnovers.values(), *later
        ),
    )
