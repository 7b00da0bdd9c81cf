"""Trade by partner: totals, shares, turnover and concentration, with rest of world derived from the named partners."""

from __future__ import annotations

import pandas as pd

from multivector.analysis.cells import cell
from multivector.analysis.lineage import Traced
from multivector.data.dataset import Dataset

REST_OF_WORLD = "ROW"
REST_OF_WORLD_NAME = "Rest of world"
FLOWS = ("imports", "exports")


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


def top_partners(ds: Dataset, year: int, top: int) -> pd.DataFrame:
    """The paper's Figure 1: per flow, the `top` largest named partners (parameter top_partners) and 'Others'."""
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
