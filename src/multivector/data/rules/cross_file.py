"""The last rules, on the parsed tables: what no single file's schema can say (no cell a spreadsheet runs as a formula,
partners within their totals, dates that fit their precision, periods that agree with their month counts, the
partners the paper's figures need in the years asked for)."""

from __future__ import annotations

import re

import pandas as pd

from multivector.data.periods import SEASON_STARTS, Period, PeriodError
from multivector.errors import quoted

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Rounding to two decimals can make named partners exceed the total by a hair.
SUM_TOLERANCE = 0.011
# An event's date has the shape of its precision; a season is dated by its first month (periods.SEASON_STARTS).
DATE_SHAPES = {"year": r"\d{4}", "season": r"\d{4}-\d{2}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}"}
# The partners whose rows the paper's figures need in the reference year (shares, the largest partners, Russia's
# trade), in both flows. A reference or baseline year without them is refused by `check`; other years may lack them,
# and the charts then compare the years that have them.
PAPER_PARTNERS = ("RU", "CN", "EU27")


def cross_file_problems(
    descriptor: dict, tables: dict[str, pd.DataFrame], year: int | None, baseline_year: int | None
) -> list[str]:
    """Every problem across the package's tables, and with the reference (`year`) and baseline years asked for."""
    problems = _formula_cells(descriptor, tables) + _sum_problems(tables) + _date_problems(tables)
    problems += _period_problems(tables) + _status_problems(tables["trade_totals"])
    years = sorted(int(y) for y in tables["trade_partners"]["year"].unique())
    if year is not None and year not in years:
        problems.append(
            f"trade_partners.csv: no rows for the requested year {year}; expected one of the years the data has: "
            f"{', '.join(map(str, years))}"
        )
    elif year is not None:
        problems += _paper_partner_problems(tables["trade_partners"], year, descriptor, "reference year")
    if baseline_year is not None and baseline_year in years:
        problems += _paper_partner_problems(tables["trade_partners"], baseline_year, descriptor, "baseline year")
    return problems


def _formula_cells(descriptor: dict, tables: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    for resource in descriptor["resources"]:
        table = tables[resource["name"]]
        for f in resource["schema"]["fields"]:
            if f["type"] != "string" or f["name"] not in table:
                continue
            for i, value in table[f["name"]].items():
                if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                    problems.append(
                        f"{resource['path']}, row {i + 2}, column '{f['name']}': the value {quoted(value)} starts with "
                        f"{value[0]!r}, which spreadsheets run as a formula; expected plain text"
                    )
    return problems


def _status_problems(totals: pd.DataFrame) -> list[str]:
    """Only the latest year's totals may be preliminary: the statistics office revises the latest year once more, and
    a year with a later one beside it is final (how the trade_totals recipe marks them)."""
    if totals.empty:
        return []
    latest = int(totals["year"].max())
    return [
        f"trade_totals.csv, row {i + 2} ({r['year']} {r['flow']}), column 'status': preliminary, but {latest} is in the "
        f"table too; expected 'final' for every year before the latest ({latest})"
        for i, r in totals.iterrows()
        if r["status"] == "preliminary" and int(r["year"]) < latest
    ]


def _date_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    for i, r in tables["events"].iterrows():
        shape = DATE_SHAPES[r["precision"]]
        if not re.fullmatch(shape, r["date"]):
            problems.append(
                f"events.csv, row {i + 2}, column 'date': {quoted(r['date'])} does not fit the precision "
                f"'{r['precision']}'; expected the shape {shape.replace(chr(92) + 'd', 'N')}"
            )
        elif r["precision"] == "season" and int(r["date"][5:7]) not in SEASON_STARTS:
            problems.append(
                f"events.csv, row {i + 2}, column 'date': a season is dated by its first month; expected "
                f"one of {', '.join(f'{m:02d} ({n})' for m, n in SEASON_STARTS.items())}"
            )
    return problems


def _sum_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    partners = tables["trade_partners"].groupby(["year", "flow"], as_index=False)["value_bn_usd"].sum()
    merged = partners.merge(tables["trade_totals"], on=["year", "flow"], suffixes=("_named", "_total"))
    over = merged[merged["value_bn_usd_named"] > merged["value_bn_usd_total"] + SUM_TOLERANCE]
    # Every share divides by its total: a total of zero is a missing figure, not a fact.
    zero = tables["trade_totals"][tables["trade_totals"]["value_bn_usd"] <= 0]
    return [
        f"trade_totals.csv, year {r.year}, {r.flow}: the total is {r.value_bn_usd:g} bn USD; expected a positive total "
        "(shares are computed from it)"
        for r in zero.itertuples()
    ] + [
        f"trade_partners.csv, year {r.year}, {r.flow}: the named partners add up to {r.value_bn_usd_named:.2f} bn USD, "
        f"more than the total of {r.value_bn_usd_total:.2f} in trade_totals.csv; expected at most the total"
        for r in over.itertuples()
    ]


def _period_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Each crude-oil row says which months it covers, consistently; a part of a year may carry the exports of those
    months, a full year may not (its total is trade_totals.csv's, and two totals for one year could disagree)."""
    problems = []
    for i, r in tables["oil_exports"].iterrows():
        where = f"oil_exports.csv, row {i + 2}"
        try:
            period = Period.parse(int(r["year"]), r["months"])
        except PeriodError as exc:
            problems.append(f"{where}, column 'months': {exc}")
            continue
        if len(period.months) != r["months_covered"]:
            problems.append(
                f"{where}: months {quoted(r['months'])} name {len(period.months)} months but months_covered says "
                f"{r['months_covered']}; expected the same count"
            )
        if period.full and not pd.isna(r["exports_same_months_bn_usd"]):
            problems.append(
                f"{where}, column 'exports_same_months_bn_usd': given for a full year; expected it empty (the year's "
                "total exports are in trade_totals.csv)"
            )
    return problems


def _paper_partner_problems(partners: pd.DataFrame, year: int, descriptor: dict, role: str) -> list[str]:
    path = next(r["path"] for r in descriptor["resources"] if r["name"] == "trade_partners")
    have = set(
        zip(
            partners.loc[partners["year"] == year, "flow"],
            partners.loc[partners["year"] == year, "partner"],
            strict=False,
        )
    )
    return [
        f"{path}: year {year} has no {flow} row for partner {code}; the paper's figures need "
        f"{', '.join(PAPER_PARTNERS)} in both flows of the {role}; expected a row for each"
        for code in PAPER_PARTNERS
        for flow in ("exports", "imports")
        if (flow, code) not in have
    ]
