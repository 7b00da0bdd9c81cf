"""What each derived table now holds of the latest year its snapshots reach, and what it still waits for: one line per
table after an update ("trade_totals: 2026 exports complete (12 months); 2026 imports have 6 months (January–June
2026): 2026 enters the totals when imports reach 12"), in the words of the one period model (`data.periods`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from multivector.data.periods import MONTHS_IN_YEAR, Period
from multivector.data.recipes import cpi_yoy, oil_exports, published, trade_partners, trade_totals
from multivector.data.recipes.snapshot import Snapshots


@dataclass(frozen=True)
class Item:
    """What one series holds of a year (`months`), in words."""

    series: str
    year: int
    months: tuple[int, ...]
    said: str

    def record(self) -> dict:
        return {"series": self.series, "year": self.year, "months": list(self.months), "said": self.said}


@dataclass
class Pending:
    """One table's state: what is complete, what is pending, and what it waits for (empty when nothing)."""

    table: str
    complete: list[Item] = field(default_factory=list)
    pending: list[Item] = field(default_factory=list)
    waits_for: str = ""

    @property
    def line(self) -> str:
        said = "; ".join(i.said for i in self.complete + self.pending) or "no rows"
        return f"{self.table}: {said}" + (f": {self.waits_for}" if self.waits_for else "; nothing pending")

    def record(self) -> dict:
        return {
            "table": self.table,
            "complete": [i.record() for i in self.complete],
            "pending": [i.record() for i in self.pending],
            "waits_for": self.waits_for,
            "line": self.line,
        }


def _months(monthly: pd.DataFrame, year: int) -> Period:
    return Period(year, frozenset(int(m) for m in monthly.loc[monthly["year"] == year, "month"]))


def _have(what: str, period: Period, verb: str = "have") -> Item:
    """'2026 imports have 6 months (January–June 2026)', '2026 exports complete (12 months)'."""
    count = len(period.months)
    if period.full:
        said = f"{period.year} {what} complete ({MONTHS_IN_YEAR} months)"
    elif not count:
        said = f"{period.year} {what} {verb} no months yet"
    else:
        said = f"{period.year} {what} {verb} {count} month{'s' if count > 1 else ''} ({period.said()})"
    return Item(what, period.year, tuple(sorted(period.months)), said)


def _totals(snapshots: Snapshots, tables: dict) -> Pending:
    out = Pending(trade_totals.NAME)
    monthly = {flow: snapshots.monthly(name) for flow, name in trade_totals.FLOWS.items()}
    latest = max(int(m["year"].max()) for m in monthly.values())
    typed = published.figures(snapshots)
    short = []
    for flow, series in monthly.items():
        period = _months(series, latest)
        is_typed = ((typed["year"] == latest) & (typed["flow"] == flow)).any()
        if period.full:
            done = _have(flow, period)
            if is_typed:  # the upstream sum wins: say that the typed figure is no longer read
                done = Item(flow, latest, done.months, f"{done.said}, so the figure typed from a publication is unused")
            out.complete.append(done)
        elif is_typed:
            said = f"{latest} {flow} typed from a publication ({snapshots.path(published.NAME)})"
            out.complete.append(Item(flow, latest, tuple(sorted(period.months)), said))
        else:
            out.pending.append(_have(flow, period))
            short.append(flow)
    if short:
        out.waits_for = f"{latest} enters the totals when {' and '.join(short)} reach {MONTHS_IN_YEAR}"
    return out


def _oil(snapshots: Snapshots, tables: dict) -> Pending:
    out = Pending(oil_exports.NAME)
    value = snapshots.monthly("bns_oil_exports_value")
    period = _months(value, int(value["year"].max()))
    (out.complete if period.full else out.pending).append(_have("crude oil", period, "has"))
    if period.year not in set(tables[oil_exports.NAME]["year"]):
        out.waits_for = f"{period.year} enters the table when the totals have {period.year} exports"
    elif not period.full:
        out.waits_for = f"{period.year} is given over these months; the others enter as the source adds them"
    return out


def _prices(snapshots: Snapshots, tables: dict) -> Pending:
    out = Pending(cpi_yoy.NAME)
    monthly = snapshots.monthly("bns_cpi_yoy")
    period = _months(monthly, int(monthly["year"].max()))
    (out.complete if period.full else out.pending).append(_have("consumer prices", period))
    if not period.full:
        out.waits_for = "each month enters as the source adds it"
    return out


def _partners(snapshots: Snapshots, tables: dict) -> Pending:
    out = Pending(trade_partners.NAME)
    panel = int(snapshots.panel("gravity_panel").rows["year"].max())
    totals = tables[trade_totals.NAME]
    annual = int(totals.loc[totals["source"].isin(trade_totals.ANNUAL_SOURCES), "year"].max())
    whole = tuple(range(1, MONTHS_IN_YEAR + 1))
    if panel == annual:
        out.complete.append(
            Item("partners", panel, whole, f"{panel} complete (the panel's partner rows and the totals)")
        )
    elif panel > annual:
        out.pending.append(Item("partners", panel, whole, f"{panel} in the panel, not yet in the totals"))
        out.waits_for = f"{panel} enters when the totals have {panel}"
    else:
        out.pending.append(Item("partners", annual, (), f"{annual} in the totals, not yet in the panel"))
        out.waits_for = f"partner rows for {annual} enter when the panel has {annual}"
    return out


BY_TABLE = {
    trade_totals.NAME: _totals,
    trade_partners.NAME: _partners,
    oil_exports.NAME: _oil,
    cpi_yoy.NAME: _prices,
}


def tables_of(descriptor: dict, snapshot: str) -> list[str]:
    """The derived tables made from `snapshot`, in the descriptor's order."""
    return [r["name"] for r in descriptor["resources"] if snapshot in r.get("derived_from", [])]


def state(folder: Path, descriptor: dict, names: list[str]) -> list[Pending]:
    """Each of the tables `names` as the folder's snapshots and derived tables now stand."""
    snapshots = Snapshots(folder, descriptor)
    tables = {
        r["name"]: pd.read_csv(folder / r["path"], dtype={"source": str}, keep_default_na=False)
        for r in descriptor["resources"]
        if r["name"] in BY_TABLE
    }
    return [BY_TABLE[name](snapshots, tables) for name in names if name in BY_TABLE]
