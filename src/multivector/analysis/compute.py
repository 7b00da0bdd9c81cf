"""Every figure the book shows, computed from a validated Dataset.

Over 300 lines because it is the one place every figure is computed; splitting it would split the cell lookup rule from its users.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector.analysis.lineage import Input, Traced
from multivector.data.coverage import EmptyCell, NotCovered, Unavailable, cover
from multivector.data.dataset import Dataset
from multivector.data.periods import MONTHS_IN_YEAR, Period
from multivector.data.validate import SEASON_STARTS

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


# How a reader names one cell of a table in a formula ("crude oil exports 2024"); other cells are named by file,
# column and row.
LABELS = {
    ("trade_totals", "value_bn_usd"): lambda r, ds: f"total {r['flow']} {r['year']}",
    ("trade_partners", "value_bn_usd"): lambda r, ds: (
        f"{r['flow']} {'from' if r['flow'] == 'imports' else 'to'} {ds.partner_names()[r['partner']]} {r['year']}"
    ),
    ("oil_exports", "value_bn_usd"): lambda r, ds: (
        f"crude oil exports {Period.parse(int(r['year']), r['months']).said()}"
    ),
    ("oil_exports", "months_covered"): lambda r, ds: f"months of crude oil exports recorded for {r['year']}",
    ("oil_exports", "exports_same_months_bn_usd"): lambda r, ds: (
        f"total exports {Period.parse(int(r['year']), r['months']).said()}"
    ),
    ("cpi_yoy", "index_prev_year_100"): lambda r, ds: f"consumer prices {r['month']} (a year earlier = 100)",
    ("claims", "value"): lambda r, ds: f"the paper's figure ({r['claim']})",
    ("claims", "period"): lambda r, ds: f"the period the paper gives for '{r['claim']}'",
    ("events", "date"): lambda r, ds: f"date of '{r['label']}'",
}


def source(ds: Dataset, resource: str, column: str, **key) -> Input:
    """The cell of `column` in the row of `resource` with these key values: where it is and what it holds.

    Raises coverage.NotCovered when no row has the key, coverage.EmptyCell when the cell is empty: the one way a
    figure learns that the data cannot give it.
    """
    # Claims and events belong to sections: reading one by id depends on that row's section only (Dataset.rows).
    t = ds.rows(resource, ids=[key["id"]]) if set(key) == {"id"} else ds[resource]
    # Compared as NumPy arrays: pandas' own comparisons cost a third of a page's run in this function alone.
    mask = np.ones(len(t), dtype=bool)
    for k, v in key.items():
        mask &= t[k].to_numpy(dtype=object) == v
    hits = np.flatnonzero(mask)
    if not len(hits):
        raise NotCovered(ds, resource, key)
    row = t.iloc[hits[0]].to_dict()
    i, value = t.index[hits[0]], row[column]
    path, line = ds.resource(resource)["path"], int(i) + 2  # line 1 is the header
    if pd.isna(value):
        raise EmptyCell(path, line, column)
    label = LABELS.get((resource, column), lambda r, d: f"{column} of {path}, {', '.join(map(str, key.values()))}")
    # As the CSV writes it: 80, not 80.0.
    said = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return Input(resource, path, ", ".join(f"{k} {v}" for k, v in key.items()), line, column, said, label(row, ds))


# The columns that hold a quantity over time (a value over a year or some of its months), as against a share, an
# index or a count: a figure combining two of them must cover the same months (lineage.Traced checks).
QUANTITIES = {
    ("trade_totals", "value_bn_usd"),
    ("trade_partners", "value_bn_usd"),
    ("oil_exports", "value_bn_usd"),
    ("oil_exports", "volume_mt"),
    ("oil_exports", "exports_same_months_bn_usd"),
}


def cell(ds: Dataset, resource: str, column: str, **key) -> Traced:
    """A number from the data, carrying where it came from and, for a quantity, the period it covers."""
    inp = source(ds, resource, column, **key)
    if (resource, column) in QUANTITIES:
        return Traced(float(inp.value), inp.label, (inp,), period=period_of(ds, resource, key["year"]), quantity=True)
    return Traced(float(inp.value), inp.label, (inp,))


def period_of(ds: Dataset, resource: str, year: int) -> Period:
    """The months of `year` a row of an annual series covers: the crude-oil rows say which; the trade tables hold
    whole years only."""
    if resource == "oil_exports":
        return Period.parse(year, source(ds, "oil_exports", "months", year=year).value)
    return Period(year)


def total(ds: Dataset, year: int, flow: str) -> Traced:
    return cell(ds, "trade_totals", "value_bn_usd", year=year, flow=flow)


def share(ds: Dataset, year: int, flow: str, partner: str) -> Traced:
    """A named partner's share of a flow in a year, in per cent."""
    return value(ds, year, flow, partner).percent_of(total(ds, year, flow))


def value(ds: Dataset, year: int, flow: str, partner: str) -> Traced:
    """A named partner's trade in a flow and year (rest of world is derived, in partner_values)."""
    return cell(ds, "trade_partners", "value_bn_usd", year=year, flow=flow, partner=partner)


def turnover(ds: Dataset, year: int, partner: str = "RU") -> Traced:
    """Exports plus imports with one partner in a year."""
    return value(ds, year, "exports", partner) + value(ds, year, "imports", partner)


def oil_share_of(ds: Dataset, year: int) -> Traced:
    """Crude oil's share of total exports over the months of `year` the crude-oil row covers, in per cent."""
    return cell(ds, "oil_exports", "value_bn_usd", year=year).percent_of(
        exports_over(ds, period_of(ds, "oil_exports", year))
    )


def exports_over(ds: Dataset, period: Period) -> Traced:
    """Total exports over a period: a full year's from trade_totals.csv, a part of a year's from the crude-oil row
    that covers those months (the only months the package sums exports over)."""
    if period.full:
        return total(ds, period.year, "exports")
    try:
        same = cell(ds, "oil_exports", "exports_same_months_bn_usd", year=period.year)
    except EmptyCell:
        same = None
    if same is None or same.period != period:
        raise Unavailable(f"the data give no total exports for {period.said()}")
    return same


def effective_partners(ds: Dataset, year: int, flow: str) -> Traced:
    """The effective number of partners of a flow in a year (see concentration), with the cells it rests on."""
    conc = concentration(ds)
    row = conc[(conc["year"] == year) & (conc["flow"] == flow)]
    names = ds["trade_partners"].query("year == @year and flow == @flow")["partner"]
    cells = [total(ds, year, flow)] + [value(ds, year, flow, p) for p in names]
    return Traced.of(
        float(row["effective_partners"].iloc[0]),
        f"1 ÷ sum of the squared shares of {flow} {year} (named partners and rest of world)",
        *cells,
    )


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
        rows.append(
            pd.DataFrame(
                [
                    {
                        "year": year,
                        "flow": flow,
                        "partner": REST_OF_WORLD,
                        "name": "Others",
                        "value_bn_usd": others,
                        "total_bn_usd": tot,
                        "share_pct": 100 * others / tot,
                        "status": f["status"].iloc[0],
                    }
                ]
            )
        )
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
    """Exports to, imports from, balance and turnover with one partner, for the years that have both flows."""
    t = ds["trade_partners"]
    t = t[t["partner"] == partner].pivot(index="year", columns="flow", values="value_bn_usd")
    # A year that lacks either flow with the partner has no turnover or balance: it is left out, not zero.
    t = t.reindex(columns=list(FLOWS)).dropna().reset_index()
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
    """Crude oil's share of total exports by year, each over the months its crude-oil row covers (`period`, as a
    reader says it), with the exports total's source; a year whose same-months total is missing is left out."""
    oil = ds["oil_exports"]
    tot = ds["trade_totals"]
    tot = tot[tot["flow"] == "exports"][["year", "value_bn_usd", "source", "status"]]
    out = oil.merge(tot.rename(columns={"value_bn_usd": "exports_bn_usd"}), on="year")
    periods = [Period.parse(int(y), m) for y, m in zip(out["year"], out["months"], strict=True)]
    out["partial"] = [not p.full for p in periods]
    out["period"] = [p.said() for p in periods]
    # A part of a year is compared with the exports of the same months, never with the year's.
    out["exports_bn_usd"] = out["exports_bn_usd"].where(~out["partial"], out["exports_same_months_bn_usd"])
    out = out.dropna(subset=["exports_bn_usd"]).reset_index(drop=True)
    out["share_pct"] = 100 * out["value_bn_usd"] / out["exports_bn_usd"]
    return out


def inflation(ds: Dataset) -> pd.DataFrame:
    """Monthly consumer price inflation, per cent against the same month a year earlier."""
    c = ds["cpi_yoy"]
    c["date"] = pd.to_datetime(c["month"] + "-01")
    c["inflation_pct"] = c["index_prev_year_100"] - 100
    return c[["month", "date", "inflation_pct"]]


def inflation_in(ds: Dataset, month: str) -> Traced:
    """Inflation in one month, per cent against the same month a year earlier."""
    return cell(ds, "cpi_yoy", "index_prev_year_100", month=month) - 100


def mean_inflation(ds: Dataset, months: list[str], period: str | None = None) -> Traced:
    """Average inflation over the given months (every one of them must be in the data)."""
    values = [inflation_in(ds, m) for m in months]
    period = period or f"{months[0]} to {months[-1]}"
    return Traced.of(
        sum(map(float, values)) / len(values),
        f"mean over {period} of (consumer prices − 100), {len(values)} months",
        *values,
    )


def year_inflation(ds: Dataset, year: int) -> Traced:
    """Average inflation over the months of a year the data have (a partial year says so: `year_period`)."""
    c = cover(ds, "cpi_yoy", year)
    if not c.covered:
        raise NotCovered(ds, "cpi_yoy", {"year": year})
    return mean_inflation(ds, [f"{year}-{m:02d}" for m in c.months], c.period)


def peak_inflation(ds: Dataset) -> pd.Series:
    c = inflation(ds)
    return c.loc[c["inflation_pct"].idxmax()]


def cpc_exposure(ds: Dataset, year: int, cpc_share_pct: float, days: float) -> dict:
    """Export revenue at risk if the CPC stops for `days`, assuming crude is shipped evenly through the year."""
    oil = cell(ds, "oil_exports", "value_bn_usd", year=year)
    months = cell(ds, "oil_exports", "months_covered", year=year)
    # Revenue and exports over the same months: the crude row's, whole or in part.
    exports = exports_over(ds, oil.period)
    at_risk = oil * cpc_share_pct / 100 * days / (months * DAYS_PER_YEAR / MONTHS_IN_YEAR)
    return {
        "oil_bn_usd": oil,
        "exports_bn_usd": exports,
        "at_risk_bn_usd": at_risk,
        "at_risk_pct_exports": at_risk.percent_of(exports),
    }


def claim(ds: Dataset, claim_id: str) -> pd.Series:
    """One row of the claims ledger (KeyError if the ledger has no such claim)."""
    return ds.rows("claims", ids=[claim_id]).set_index("id").loc[claim_id]


def claim_value(ds: Dataset, claim_id: str) -> Traced | None:
    """The paper's figure for a claim, or None where the paper states the claim without one."""
    try:
        return claimed(ds, claim_id)
    except EmptyCell:
        return None


def claimed(ds: Dataset, claim_id: str) -> Traced:
    """The paper's figure for a claim (coverage.EmptyCell where it has none)."""
    return cell(ds, "claims", "value", id=claim_id)


def events(ds: Dataset, sections=None, ids=None) -> pd.DataFrame:
    """Dated events with a plotting date (the first day of their year, season, month or day) and a label at their
    precision: all of them, or those of some sections, or those with some ids (see Dataset.rows)."""
    e = ds["events"] if sections is None and ids is None else ds.rows("events", sections=sections, ids=ids)
    e["start"] = pd.to_datetime([_first_day(d, p) for d, p in zip(e["date"], e["precision"], strict=False)])
    e["when"] = [_when(d, p) for d, p in zip(e["date"], e["precision"], strict=False)]
    return e.sort_values(["start", "id"], ignore_index=True)


def _first_day(date: str, precision: str) -> str:
    return {"year": f"{date}-01-01", "season": f"{date}-01", "month": f"{date}-01", "day": date}[precision]


def _when(date: str, precision: str) -> str:
    """The date as a reader says it, at the precision the source gives and no finer."""
    ts = pd.Timestamp(_first_day(date, precision))
    if precision == "season":
        return f"{SEASON_STARTS[ts.month]} {ts.year}"
    return {"year": f"{ts.year}", "month": ts.strftime("%B %Y"), "day": f"{ts.day} {ts.strftime('%B %Y')}"}[precision]


# The conclusions' key indicators: (key, label, unit, the figure for a year).
INDICATORS = (
    ("ru_import_share", "Russia's share of imports", "%", lambda ds, y: share(ds, y, "imports", "RU")),
    ("ru_export_share", "Russia's share of exports", "%", lambda ds, y: share(ds, y, "exports", "RU")),
    ("ru_turnover", "Trade with Russia", "bn USD", lambda ds, y: turnover(ds, y, "RU")),
    ("oil_share", "Crude oil's share of exports", "%", oil_share_of),
    (
        "import_partners",
        "Effective number of import partners",
        "partners",
        lambda ds, y: effective_partners(ds, y, "imports"),
    ),
    ("inflation", "Average consumer price inflation", "%", year_inflation),
)


def indicators(ds: Dataset, year: int, baseline: int = 2021) -> pd.DataFrame:
    """Key indicators for the reference year against a baseline year, for the conclusions' small multiples.

    A figure the data cannot give is NaN, with the sentence that says why in `missing`.
    """
    rows = []
    for key, label, unit, figure in INDICATORS:
        for y, role in ((baseline, "baseline"), (year, "reference")):
            try:
                val, missing = float(figure(ds, y)), ""
            except Unavailable as gap:
                val, missing = float("nan"), gap.sentence
            rows.append(
                {
                    "indicator": key,
                    "label": label,
                    "unit": unit,
                    "year": y,
                    "role": role,
                    "value": val,
                    "missing": missing,
                }
            )
    return pd.DataFrame(rows)
