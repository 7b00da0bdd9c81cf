"""The figures each section's prose quotes, computed and formatted: one function per section.

Each function takes the Dataset and the validated parameters and returns {glue name: text}.
"""
from __future__ import annotations

from . import compute
from .data import Dataset
from .narrative import bn, num, pct


def _claim(ds: Dataset, claim_id: str, fmt=pct) -> str:
    value = compute.claim_value(ds, claim_id)
    return "not stated" if value is None else fmt(value)


def multi_vectorism(ds: Dataset, p: dict) -> dict[str, str]:
    year = p["year"]
    first, last = ds.years[0], ds.years[-1]
    conc = compute.concentration(ds).set_index(["year", "flow"])
    lead_imp = compute.largest_partner(ds, year, "imports")
    lead_exp = compute.largest_partner(ds, year, "exports")
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
    }


# --- summary, introduction, conclusions ---------------------------------------------------------

def _sic_fmt(value: float | None, fmt) -> str:
    """Format a figure, or say plainly that the data do not have it (e.g. a baseline year outside the data)."""
    return "not available" if value is None or value != value else fmt(value)


def _sic_turnover(ds: Dataset, year: int) -> float | None:
    rt = compute.russia_trade(ds).set_index("year")
    return float(rt.loc[year, "turnover"]) if year in rt.index else None


def _sic_verb(new: float | None, old: float | None, up: str = "rose", down: str = "fell", flat: str = "held steady") -> str:
    if new is None or old is None or new != new or old != old:
        return "moved"
    return up if new > old else down if new < old else flat


def _sic_indicator(ind, key: str, role: str) -> float | None:
    v = ind.loc[(ind["indicator"] == key) & (ind["role"] == role), "value"]
    return None if v.empty or v.iloc[0] != v.iloc[0] else float(v.iloc[0])


def _sic_turnover_figures(ds: Dataset, year: int, baseline: int) -> dict[str, str]:
    new, old = _sic_turnover(ds, year), _sic_turnover(ds, baseline)
    return {
        "baseline_year": str(baseline),
        "ru_turnover_baseline": _sic_fmt(old, bn),
        "ru_turnover_year": _sic_fmt(new, bn),
        "ru_turnover_change": change_pct(new, old) if new is not None and old is not None else "not computable",
        "ru_turnover_verb": _sic_verb(new, old),
    }


def summary(ds: Dataset, p: dict) -> dict[str, str]:
    year = p["year"]
    return {
        "lead_import_partner": compute.largest_partner(ds, year, "imports")["name"],
        "russia_import_share": pct(compute.share(ds, year, "imports", "RU")),
        "russia_export_share": pct(compute.share(ds, year, "exports", "RU")),
        "cpc_share": _sic_fmt(compute.claim_value(ds, "cpc_share_of_crude"), lambda v: pct(v, 0)),
        "russian_company_share": _sic_fmt(compute.claim_value(ds, "russian_company_share"), lambda v: pct(v, 0)),
        "rosatom_uranium_share": _sic_fmt(compute.claim_value(ds, "rosatom_uranium_share"), lambda v: pct(v, 0)),
        **_sic_turnover_figures(ds, year, p["baseline_year"]),
    }


def introduction(ds: Dataset, p: dict) -> dict[str, str]:
    year = p["year"]
    ev = compute.events(ds)
    shown = ev[ev["section"] == "introduction"]
    return {
        "csto_troops": _sic_fmt(compute.claim_value(ds, "csto_troops"), num),
        "csto_days": _sic_fmt(compute.claim_value(ds, "csto_days"), num),
        "intro_event_count": num(len(shown)),
        **_sic_turnover_figures(ds, year, p["baseline_year"]),
    }


def conclusions(ds: Dataset, p: dict) -> dict[str, str]:
    year, baseline = p["year"], p["baseline_year"]
    ev = compute.events(ds).set_index("id")
    # The paper carries no date; its latest dated event stands in for the time of writing.
    start, latest = ev.loc["full_scale_invasion", "start"], ev["start"].max()
    months = (latest.year - start.year) * 12 + (latest.month - start.month)
    whole = round(months / 12)
    ind = compute.indicators(ds, year, baseline)
    imp_new, imp_old = _sic_indicator(ind, "ru_import_share", "reference"), _sic_indicator(ind, "ru_import_share", "baseline")
    oil_new, oil_old = _sic_indicator(ind, "oil_share", "reference"), _sic_indicator(ind, "oil_share", "baseline")
    inf_new, inf_old = _sic_indicator(ind, "inflation", "reference"), _sic_indicator(ind, "inflation", "baseline")
    if imp_new is not None and imp_old is not None and imp_new < imp_old:
        reading = "so purchases from other partners grew faster than those from Russia"
    elif imp_new is not None and imp_old is not None and imp_new > imp_old:
        reading = "so Russia gained ground on the country's other suppliers as well"
    else:
        reading = "so the data cannot say whether other suppliers gained ground"
    return {
        "war_span": f"{'nearly' if months < 12 * whole else 'more than'} {num(whole)} years",
        "latest_event_when": ev["when"][ev["start"] == latest].iloc[0],
        **_sic_turnover_figures(ds, year, baseline),
        "ru_import_share_baseline": _sic_fmt(imp_old, pct),
        "ru_import_share_year": _sic_fmt(imp_new, pct),
        "ru_import_share_verb": _sic_verb(imp_new, imp_old),
        "ru_import_share_reading": reading,
        "oil_share_baseline": _sic_fmt(oil_old, pct),
        "oil_share_year": _sic_fmt(oil_new, pct),
        "inflation_baseline": _sic_fmt(inf_old, pct),
        "inflation_year": _sic_fmt(inf_new, pct),
        "inflation_verb": _sic_verb(inf_new, inf_old),
    }

# Appended rather than merged into the import line above, because this file is written by several hands at once.
from .narrative import change_pct  # noqa: E402
