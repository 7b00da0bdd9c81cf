"""Every figure the book shows, computed from a validated Dataset."""
from __future__ import annotations

import pandas as pd

from .data import SEASON_STARTS, Dataset

REST_OF_WORLD = "ROW"
REST_OF_WORLD_NAME = "Rest of world"
FLOWS = ("imports", "exports")
DAYS_PER_YEAR = 365


def partner_values(ds: Dataset) -> pd.DataFrame:
    """Every year, flow and partner, rest of world derived as total minus the named partners.

    Columns: year, flow, partner, name, value_bn_usd, total_bn_usd, share_pct, status.
    """
    named = ds["trade_partners"]
    totals = ds["trade_totals"].rename(columns={"value_bn_usd": "total_bn_usd"})
    totals = totals[totals["year"].isin(named["year"].unique())]
    rest = named.groupby(["year", "flow"], as_index=False)["value_bn_usd"].sum()
    rest = rest.merge(totals[["year", "flow", "total_bn_usd"]], on=["year", "flow"])
    rest["value_bn_usd"] = (rest["total_bn_usd"] - rest["value_bn_usd"]).clip(lower=0).round(2)
    rest["partner"] = REST_OF_WORLD
    out = pd.concat([named, rest[["year", "flow", "partner", "value_bn_usd"]]], ignore_index=True)
    out = out.merge(totals[["year", "flow", "total_bn_usd", "status"]], on=["year", "flow"])
    names = ds.partner_names() | {REST_OF_WORLD: REST_OF_WORLD_NAME}
    out["name"] = out["partner"].map(names)
    out["share_pct"] = 100 * out["value_bn_usd"] / out["total_bn_usd"]
    cols = ["year", "flow", "partner", "name", "value_bn_usd", "total_bn_usd", "share_pct", "status"]
    return out[cols].sort_values(["year", "flow", "value_bn_usd"], ascending=[True, True, False], ignore_index=True)


def total(ds: Dataset, year: int, flow: str) -> float:
    t = ds["trade_totals"]
    return float(t.loc[(t["year"] == year) & (t["flow"] == flow), "value_bn_usd"].iloc[0])


def share(ds: Dataset, year: int, flow: str, partner: str) -> float:
    """A partner's share of a flow in a year, in per cent."""
    v = partner_values(ds)
    row = v[(v["year"] == year) & (v["flow"] == flow) & (v["partner"] == partner)]
    return float(row["share_pct"].iloc[0])


def value(ds: Dataset, year: int, flow: str, partner: str) -> float:
    v = partner_values(ds)
    return float(v.loc[(v["year"] == year) & (v["flow"] == flow) & (v["partner"] == partner), "value_bn_usd"].iloc[0])


def top_partners(ds: Dataset, year: int, top: int = 4) -> pd.DataFrame:
    """The paper's Figure 1: per flow, the `top` largest named partners and 'Others' for the rest."""
    v = partner_values(ds)
    v = v[v["year"] == year]
    rows = []
    for flow in FLOWS:
        f = v[(v["flow"] == flow) & (v["partner"] != REST_OF_WORLD)].nlargest(top, "value_bn_usd")
        tot = v.loc[v["flow"] == flow, "total_bn_usd"].iloc[0]
        others = round(tot - f["value_bn_usd"].sum(), 2)
        rows.append(f)
        rows.append(pd.DataFrame([{"year": year, "flow": flow, "partner": REST_OF_WORLD, "name": "Others",
                                   "value_bn_usd": others, "total_bn_usd": tot,
                                   "share_pct": 100 * others / tot, "status": f["status"].iloc[0]}]))
    return pd.concat(rows, ignore_index=True)


def largest_partner(ds: Dataset, year: int, flow: str) -> pd.Series:
    v = partner_values(ds)
    v = v[(v["year"] == year) & (v["flow"] == flow) & (v["partner"] != REST_OF_WORLD)]
    return v.loc[v["value_bn_usd"].idxmax()]


def concentration(ds: Dataset) -> pd.DataFrame:
    """Herfindahl-Hirschman index of partner shares and the effective number of partners.

    Rest of world counts as one partner, which overstates concentration: it is many countries.
    """
    v = partner_values(ds)
    v["s2"] = (v["share_pct"] / 100) ** 2
    out = v.groupby(["year", "flow"], as_index=False)["s2"].sum().rename(columns={"s2": "hhi"})
    out["effective_partners"] = 1 / out["hhi"]
    return out


def russia_trade(ds: Dataset, partner: str = "RU") -> pd.DataFrame:
    """Exports to, imports from, balance and turnover with one partner by year."""
    t = ds["trade_partners"]
    t = t[t["partner"] == partner].pivot(index="year", columns="flow", values="value_bn_usd").reset_index()
    t["balance"] = t["exports"] - t["imports"]
    t["turnover"] = t["exports"] + t["imports"]
    status = ds["trade_totals"].drop_duplicates("year").set_index("year")["status"]
    t["status"] = t["year"].map(status)
    return t[["year", "exports", "imports", "balance", "turnover", "status"]]


def turnover_since(ds: Dataset, since: int, until: int | None = None) -> tuple[pd.DataFrame, list[int]]:
    """Trade with Russia from `since` (to `until`, if given; rows renumbered from 0), and the rows where turnover
    fell on the year before.

    Tests the paper's "trade with Russia has grown every year since 2022".
    """
    rt = russia_trade(ds)
    rt = rt[(rt["year"] >= since) & (rt["year"] <= (until if until is not None else rt["year"].max()))]
    rt = rt.reset_index(drop=True)
    falls = [i for i in range(1, len(rt)) if rt.loc[i, "turnover"] < rt.loc[i - 1, "turnover"]]
    return rt, falls


def oil_share(ds: Dataset) -> pd.DataFrame:
    """Crude oil's share of total exports by year, with the months each year covers and the total's source."""
    oil = ds["oil_exports"]
    tot = ds["trade_totals"]
    tot = tot[tot["flow"] == "exports"][["year", "value_bn_usd", "source", "status"]]
    out = oil.merge(tot.rename(columns={"value_bn_usd": "exports_bn_usd"}), on="year")
    out["share_pct"] = 100 * out["value_bn_usd"] / out["exports_bn_usd"]
    out["partial"] = out["months_covered"] < 12
    return out


def inflation(ds: Dataset) -> pd.DataFrame:
    """Monthly consumer price inflation, per cent against the same month a year earlier."""
    c = ds["cpi_yoy"]
    c["date"] = pd.to_datetime(c["month"] + "-01")
    c["inflation_pct"] = c["index_prev_year_100"] - 100
    return c[["month", "date", "inflation_pct"]]


def mean_inflation(ds: Dataset, months: list[str]) -> float:
    c = inflation(ds)
    return float(c.loc[c["month"].isin(months), "inflation_pct"].mean())


def peak_inflation(ds: Dataset) -> pd.Series:
    c = inflation(ds)
    return c.loc[c["inflation_pct"].idxmax()]


def cpc_exposure(ds: Dataset, year: int, cpc_share_pct: float, days: float) -> dict:
    """Export revenue at risk if the CPC stops for `days`, assuming crude is shipped evenly through the year."""
    row = oil_share(ds).set_index("year").loc[year]
    at_risk = row["value_bn_usd"] * cpc_share_pct / 100 * days / (row["months_covered"] * DAYS_PER_YEAR / 12)
    return {"oil_bn_usd": float(row["value_bn_usd"]), "exports_bn_usd": float(row["exports_bn_usd"]),
            "at_risk_bn_usd": float(at_risk), "at_risk_pct_exports": float(100 * at_risk / row["exports_bn_usd"])}


def claim(ds: Dataset, claim_id: str) -> pd.Series:
    """One row of the claims ledger (KeyError if the ledger has no such claim)."""
    return ds.rows("claims", ids=[claim_id]).set_index("id").loc[claim_id]


def claim_value(ds: Dataset, claim_id: str) -> float | None:
    v = claim(ds, claim_id)["value"]
    return None if pd.isna(v) else float(v)


def events(ds: Dataset, sections=None, ids=None) -> pd.DataFrame:
    """Dated events with a plotting date (the first day of their year, season, month or day) and a label at their
    precision: all of them, or those of some sections, or those with some ids (see Dataset.rows)."""
    e = ds["events"] if sections is None and ids is None else ds.rows("events", sections=sections, ids=ids)
    e["start"] = pd.to_datetime([_first_day(d, p) for d, p in zip(e["date"], e["precision"])])
    e["when"] = [_when(d, p) for d, p in zip(e["date"], e["precision"])]
    return e.sort_values(["start", "id"], ignore_index=True)


def _first_day(date: str, precision: str) -> str:
    return {"year": f"{date}-01-01", "season": f"{date}-01", "month": f"{date}-01", "day": date}[precision]


def _when(date: str, precision: str) -> str:
    """The date as a reader says it, at the precision the source gives and no finer."""
    ts = pd.Timestamp(_first_day(date, precision))
    if precision == "season":
        return f"{SEASON_STARTS[ts.month]} {ts.year}"
    return {"year": f"{ts.year}", "month": ts.strftime("%B %Y"), "day": f"{ts.day} {ts.strftime('%B %Y')}"}[precision]


def indicators(ds: Dataset, year: int, baseline: int = 2021) -> pd.DataFrame:
    """Key indicators for the reference year against a baseline year, for the conclusions' small multiples."""
    rt = russia_trade(ds).set_index("year")
    oil = oil_share(ds).set_index("year")
    conc = concentration(ds).set_index(["year", "flow"])
    inf = inflation(ds)
    inf["year"] = inf["date"].dt.year
    inf_year = inf.groupby("year")["inflation_pct"].mean()
    rows = []

    def add(key, label, unit, series_or_fn):
        for y, role in ((baseline, "baseline"), (year, "reference")):
            try:
                val = series_or_fn(y)
            except (KeyError, IndexError):  # a year the series does not cover
                val = float("nan")
            rows.append({"indicator": key, "label": label, "unit": unit, "year": y, "role": role, "value": float(val)})

    add("ru_import_share", "Russia's share of imports", "%", lambda y: share(ds, y, "imports", "RU"))
    add("ru_export_share", "Russia's share of exports", "%", lambda y: share(ds, y, "exports", "RU"))
    add("ru_turnover", "Trade with Russia", "bn USD", lambda y: rt.loc[y, "turnover"])
    add("oil_share", "Crude oil's share of exports", "%", lambda y: oil.loc[y, "share_pct"])
    add("import_partners", "Effective number of import partners", "partners",
        lambda y: conc.loc[(y, "imports"), "effective_partners"])
    add("inflation", "Average consumer price inflation", "%", lambda y: inf_year.loc[y])
    return pd.DataFrame(rows)
