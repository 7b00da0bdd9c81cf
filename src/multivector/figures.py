"""The figures each section's prose quotes, computed and formatted: one function per section.

Each function takes the Dataset and the validated parameters and returns {glue name: text}.
"""
from __future__ import annotations

from . import claims, compute
from .data import Dataset
from .narrative import bn, change_pct, num, pct


def multi_vectorism(ds: Dataset, p: dict) -> dict[str, str]:
    year = p["year"]
    first, last = ds.years[0], ds.years[-1]
    conc = compute.concentration(ds).set_index(["year", "flow"])
    lead_imp = compute.largest_partner(ds, year, "imports")
    lead_exp = compute.largest_partner(ds, year, "exports")
    # Figure 1's "Others" (all but its top named partners) and the rest-of-world series (all but every partner the
    # data name) are two different remainders; the page says why they differ.
    fig1 = compute.top_partners(ds, year, p["top_partners"]).set_index(["flow", "partner"])
    rest = compute.partner_values(ds).query("year == @year").set_index(["flow", "partner"])
    named = ds.partner_names()
    return {
        "imports_total": bn(compute.total(ds, year, "imports")),
        "exports_total": bn(compute.total(ds, year, "exports")),
        "russia_import_share": pct(compute.share(ds, year, "imports", "RU")),
        "russia_export_share": pct(compute.share(ds, year, "exports", "RU")),
        "china_import_share": pct(compute.share(ds, year, "imports", "CN")),
        "china_export_share": pct(compute.share(ds, year, "exports", "CN")),
        "eu_import_share": pct(compute.share(ds, year, "imports", "EU27")),
        "eu_export_share": pct(compute.share(ds, year, "exports", "EU27")),
        "russia_imports": bn(compute.value(ds, year, "imports", "RU")),
        "lead_import_partner": lead_imp["name"],
        "lead_export_partner": lead_exp["name"],
        "top_partners": num(p["top_partners"]),
        "first_year": str(first),
        "last_year": str(last),
        "effective_import_partners": num(conc.loc[(year, "imports"), "effective_partners"], 1),
        "effective_export_partners": num(conc.loc[(year, "exports"), "effective_partners"], 1),
        "figure_others_imports": pct(fig1.loc[("imports", compute.REST_OF_WORLD), "share_pct"]),
        "figure_others_exports": pct(fig1.loc[("exports", compute.REST_OF_WORLD), "share_pct"]),
        "rest_imports": pct(rest.loc[("imports", compute.REST_OF_WORLD), "share_pct"]),
        "rest_exports": pct(rest.loc[("exports", compute.REST_OF_WORLD), "share_pct"]),
        "named_partner_count": num(len(named)),
        "named_partners": ", ".join(named.values()),
    }


# --- helpers shared by the section functions ----------------------------------------------------

def _fmt(value: float | None, fmt) -> str:
    """Format a figure, or say plainly that the data do not have it (e.g. a baseline year outside the data)."""
    return "not available" if value is None or value != value else fmt(value)


def _turnover(ds: Dataset, year: int, partner: str = "RU") -> float | None:
    """Exports plus imports with one partner in a year, or None for a year the data do not cover."""
    t = compute.russia_trade(ds, partner).set_index("year")
    return float(t.loc[year, "turnover"]) if year in t.index else None


def _change(new: float | None, old: float | None) -> str:
    return "not computable" if new is None or old is None else change_pct(new, old)


def _whole_pct(v: float) -> str:
    # The paper states these shares as whole numbers; one decimal would suggest a precision it never had.
    return pct(v, 0)


def _verb(new: float | None, old: float | None, up: str = "rose", down: str = "fell", flat: str = "held steady") -> str:
    if new is None or old is None or new != new or old != old:
        return "moved"
    return up if new > old else down if new < old else flat


def _indicator(ind, key: str, role: str) -> float | None:
    v = ind.loc[(ind["indicator"] == key) & (ind["role"] == role), "value"]
    return None if v.empty or v.iloc[0] != v.iloc[0] else float(v.iloc[0])


def _turnover_figures(ds: Dataset, year: int, baseline: int) -> dict[str, str]:
    new, old = _turnover(ds, year), _turnover(ds, baseline)
    return {
        "baseline_year": str(baseline),
        "ru_turnover_baseline": _fmt(old, bn),
        "ru_turnover_year": _fmt(new, bn),
        "ru_turnover_change": _change(new, old),
        "ru_turnover_verb": _verb(new, old),
    }


def summary(ds: Dataset, p: dict) -> dict[str, str]:
    year = p["year"]
    return {
        "year_status": _status(ds, year),
        "lead_import_partner": compute.largest_partner(ds, year, "imports")["name"],
        "russia_import_share": pct(compute.share(ds, year, "imports", "RU")),
        "russia_export_share": pct(compute.share(ds, year, "exports", "RU")),
        "cpc_share": _fmt(compute.claim_value(ds, "cpc_share_of_crude"), _whole_pct),
        "russian_company_share": _fmt(compute.claim_value(ds, "russian_company_share"), _whole_pct),
        "rosatom_uranium_share": _fmt(compute.claim_value(ds, "rosatom_uranium_share"), _whole_pct),
        **_turnover_figures(ds, year, p["baseline_year"]),
    }


def conclusions(ds: Dataset, p: dict) -> dict[str, str]:
    year, baseline = p["year"], p["baseline_year"]
    ev = compute.events(ds).set_index("id")
    # The paper carries no date; its latest dated event stands in for the time of writing.
    start, latest = ev.loc["full_scale_invasion", "start"], ev["start"].max()
    months = (latest.year - start.year) * 12 + (latest.month - start.month)
    whole = round(months / 12)
    ind = compute.indicators(ds, year, baseline)
    imp_new, imp_old = _indicator(ind, "ru_import_share", "reference"), _indicator(ind, "ru_import_share", "baseline")
    oil_new, oil_old = _indicator(ind, "oil_share", "reference"), _indicator(ind, "oil_share", "baseline")
    inf_new, inf_old = _indicator(ind, "inflation", "reference"), _indicator(ind, "inflation", "baseline")
    if imp_new is not None and imp_old is not None and imp_new < imp_old:
        reading = "so purchases from other partners grew faster than those from Russia"
    elif imp_new is not None and imp_old is not None and imp_new > imp_old:
        reading = "so Russia gained ground on the country's other suppliers as well"
    else:
        reading = "so the data cannot say whether other suppliers gained ground"
    return {
        "war_span": f"{'nearly' if months < 12 * whole else 'more than'} {num(whole)} years",
        "cpc_share": _fmt(compute.claim_value(ds, "cpc_share_of_crude"), _whole_pct),
        "latest_event_when": ev["when"][ev["start"] == latest].iloc[0],
        **_turnover_figures(ds, year, baseline),
        "ru_import_share_baseline": _fmt(imp_old, pct),
        "ru_import_share_year": _fmt(imp_new, pct),
        "ru_import_share_verb": _verb(imp_new, imp_old),
        "ru_import_share_reading": reading,
        "oil_share_baseline": _fmt(oil_old, pct),
        "oil_share_year": _fmt(oil_new, pct),
        "inflation_baseline": _fmt(inf_old, pct),
        "inflation_year": _fmt(inf_new, pct),
        "inflation_verb": _verb(inf_new, inf_old),
    }


def _oil_when(row) -> str:
    """A year of the oil series, flagged when the source is missing months of it."""
    y = str(int(row.name))
    return y if not row["partial"] else f"{y} ({int(row['months_covered'])} months of crude exports only)"


def _month(month: str) -> str:
    from datetime import date

    y, m = month.split("-")
    return date(int(y), int(m), 1).strftime("%B %Y")


def _share(ds: Dataset, year: int, flow: str, partner: str) -> str:
    return pct(compute.share(ds, year, flow, partner))


def _russia_trade_path(ds: Dataset, year: int, since: int = 2022) -> tuple[str, str]:
    """Test 'trade with Russia has grown every year since 2022' up to the reference year, as the ledger does:
    (verdict, path)."""
    rt, falls = compute.turnover_since(ds, since, until=year)
    if len(rt) < 2:
        return "cannot test it", f"has fewer than two years of data from {since} to {year}"

    def at(i: int) -> str:
        r = rt.loc[i]
        return f"{bn(r['turnover'])} in {int(r['year'])}" + (" (preliminary)" if r["status"] == "preliminary" else "")

    if not falls:
        return "agree", f"rose every year, from {at(0)} to {at(len(rt) - 1)}"
    first = falls[0]
    rise = f"rose from {at(0)} to {at(first - 1)}, then " if first > 1 else ""
    return "agree only in part", rise + "fell to " + ", and to ".join(at(i) for i in falls)


def _inflation_figures(ds: Dataset, year: int) -> dict[str, str]:
    inf = compute.inflation(ds)
    peak = compute.peak_inflation(ds)
    latest = inf.iloc[-1]
    in_year = inf[inf["date"].dt.year == year]["inflation_pct"]
    # The same months and pre-war year as the claims ledger's check of "inflation was high".
    autumn = [f"2024-{m:02d}" for m in (9, 10, 11)]
    return {
        "inflation_worry_share": _fmt(compute.claim_value(ds, "inflation_worry_share"), _whole_pct),
        "inflation_autumn_2024": pct(compute.mean_inflation(ds, autumn)),
        "inflation_2019": pct(compute.mean_inflation(ds, [f"2019-{m:02d}" for m in range(1, 13)])),
        "inflation_peak": pct(peak["inflation_pct"]),
        "inflation_peak_month": _month(peak["month"]),
        "inflation_year_mean": _fmt(float(in_year.mean()) if len(in_year) else None, pct),
        "inflation_latest": pct(latest["inflation_pct"]),
        "inflation_latest_month": _month(latest["month"]),
    }


def economic_limits(ds: Dataset, p: dict) -> dict[str, str]:
    year, baseline, days = p["year"], p["baseline_year"], p["cpc_disruption_days"]
    oil = compute.oil_share(ds).set_index("year")
    claim_year = int(compute.claim(ds, "oil_share_of_exports")["period"])
    cpc = compute.claim_value(ds, "cpc_share_of_crude")
    exposure = compute.cpc_exposure(ds, year, cpc, days)
    hi, lo = oil.loc[oil["share_pct"].idxmax()], oil.loc[oil["share_pct"].idxmin()]
    partial = oil[oil["partial"]]
    rt = compute.russia_trade(ds).set_index("year")
    verdict, path = _russia_trade_path(ds, year)
    balance = float(rt.loc[year, "balance"])
    new, old = _turnover(ds, year, "RU"), _turnover(ds, baseline, "RU")
    return {
        "oil_share_claim": _fmt(compute.claim_value(ds, "oil_share_of_exports"), _whole_pct),
        "oil_claim_year": str(claim_year),
        "oil_share_claim_year": pct(oil.loc[claim_year, "share_pct"]),
        "oil_value_claim_year": bn(oil.loc[claim_year, "value_bn_usd"]),
        "exports_claim_year": bn(oil.loc[claim_year, "exports_bn_usd"]),
        "oil_year_label": _oil_when(oil.loc[year]),
        "oil_share_year": pct(oil.loc[year, "share_pct"]),
        "oil_value_year": bn(oil.loc[year, "value_bn_usd"]),
        "exports_year": bn(oil.loc[year, "exports_bn_usd"]),
        "oil_first_year": str(int(oil.index.min())),
        "oil_last_year": str(int(oil.index.max())),
        "oil_share_max": pct(hi["share_pct"]),
        "oil_share_max_when": _oil_when(hi),
        "oil_share_min": pct(lo["share_pct"]),
        "oil_share_min_when": _oil_when(lo),
        "oil_partial_year": ", ".join(str(int(y)) for y in partial.index) or "none",
        "oil_partial_months": ", ".join(num(m) for m in partial["months_covered"]) or "none",
        "oil_partial_share": ", ".join(pct(s) for s in partial["share_pct"]) or "none",
        "cpc_share": _fmt(cpc, _whole_pct),
        "cpc_share_of_exports": pct(cpc * oil.loc[year, "share_pct"] / 100),
        "transneft_year": _fmt(compute.claim_value(ds, "cpc_operated_by_transneft"), lambda v: str(int(v))),
        "eu_export_share_year": _share(ds, year, "exports", "EU27"),
        "cpc_days": num(days),
        "cpc_at_risk": bn(exposure["at_risk_bn_usd"]),
        "cpc_at_risk_pct": pct(exposure["at_risk_pct_exports"]),
        "ru_trade_verdict": verdict,
        "ru_trade_path": path,
        "baseline_year": str(baseline),
        "ru_turnover_year": _fmt(new, bn),
        "ru_turnover_baseline": _fmt(old, bn),
        "ru_turnover_change": _change(new, old),
        "ru_imports_year": bn(rt.loc[year, "imports"]),
        "ru_exports_year": bn(rt.loc[year, "exports"]),
        "ru_balance_word": "deficit" if balance < 0 else "surplus",
        "ru_balance_abs": bn(abs(balance)),
        "russian_fdi_growth": _fmt(compute.claim_value(ds, "russian_fdi_growth"), num),
        "russian_company_share": _fmt(compute.claim_value(ds, "russian_company_share"), _whole_pct),
        "rosatom_uranium_share": _fmt(compute.claim_value(ds, "rosatom_uranium_share"), _whole_pct),
        "oil_claim_agreement": _oil_agreement(ds),
        **_inflation_figures(ds, year),
    }


def political_limits(ds: Dataset, p: dict) -> dict[str, str]:
    year = p["year"]
    inf = compute.inflation(ds).set_index("month")
    protests = compute.events(ds, ids=["january_protests"]).set_index("id").loc["january_protests"]
    protest_month = protests["start"].strftime("%Y-%m")
    return {
        "inflation_protest_month": _fmt(float(inf.loc[protest_month, "inflation_pct"]) if protest_month in inf.index else None, pct),
        "protest_month": protests["when"],
        **_inflation_figures(ds, year),
        "csto_days": _fmt(compute.claim_value(ds, "csto_days"), num),
        "ru_import_share": _share(ds, year, "imports", "RU"),
    }


def geopolitical_limits(ds: Dataset, p: dict) -> dict[str, str]:
    year, baseline = p["year"], p["baseline_year"]
    ru, cn = _turnover(ds, year, "RU"), _turnover(ds, year, "CN")
    ru_old, cn_old = _turnover(ds, baseline, "RU"), _turnover(ds, baseline, "CN")
    if ru is None or cn is None:
        compared = "not comparable with"
    else:
        compared = "larger than" if cn > ru else "smaller than" if cn < ru else "the same as"
    return {
        "baseline_year": str(baseline),
        "ru_import_share": _share(ds, year, "imports", "RU"),
        "ru_export_share": _share(ds, year, "exports", "RU"),
        "cn_import_share": _share(ds, year, "imports", "CN"),
        "cn_export_share": _share(ds, year, "exports", "CN"),
        "ru_turnover_year": _fmt(ru, bn),
        "cn_turnover_year": _fmt(cn, bn),
        "ru_turnover_baseline": _fmt(ru_old, bn),
        "cn_turnover_baseline": _fmt(cn_old, bn),
        "ru_turnover_change": _change(ru, ru_old),
        "cn_turnover_change": _change(cn, cn_old),
        "cn_compared_to_ru": compared,
        "cpc_share": _fmt(compute.claim_value(ds, "cpc_share_of_crude"), _whole_pct),
        "russian_company_share": _fmt(compute.claim_value(ds, "russian_company_share"), _whole_pct),
    }


def _status(ds: Dataset, year: int) -> str:
    """'final' or 'preliminary': how far the trade figures of a year can be trusted."""
    t = ds["trade_totals"]
    return str(t.loc[t["year"] == year, "status"].iloc[0])


def _oil_agreement(ds: Dataset) -> str:
    """How the bundled oil share for the claim's year compares with the paper's 'up to' figure."""
    claimed = compute.claim_value(ds, "oil_share_of_exports")
    year = int(compute.claim(ds, "oil_share_of_exports")["period"])
    share = float(compute.oil_share(ds).set_index("year").loc[year, "share_pct"])
    if claimed is None:
        return "the paper gives no figure to compare with"
    # The ledger's rule, for the claim's own year rather than the edition's.
    if claims.up_to(share, claimed) == claims.DIFFERS:
        return "above the paper's ceiling"
    return "which reaches the paper's ceiling once rounded" if claims.whole(share) == claimed else "below the paper's ceiling"


def introduction(ds: Dataset, p: dict) -> dict[str, str]:
    year = p["year"]
    shown = compute.events(ds, sections=["introduction"])
    return {
        "csto_troops": _fmt(compute.claim_value(ds, "csto_troops"), lambda v: f"{num(v)} troops"),
        "csto_days": _fmt(compute.claim_value(ds, "csto_days"), num),
        "intro_event_count": num(len(shown)),
        **_turnover_figures(ds, year, p["baseline_year"]),
    }
