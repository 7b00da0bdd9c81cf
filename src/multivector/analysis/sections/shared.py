"""What the sections' figures share: the rule that turns a figure into page text, and the figures several quote.

A figure is written as a function of nothing (a thunk), so that one rule (`resolve`) turns a figure the data cannot
give into the sentence saying so: "not available for 2026 (no crude-oil data yet)". Every number's text carries its
lineage (lineage.Figure).
"""

from __future__ import annotations

from datetime import date

from multivector.analysis import claims, prices, trade
from multivector.analysis.cells import cell, claimed, source
from multivector.analysis.events import events
from multivector.analysis.lineage import Figure, Traced, param
from multivector.analysis.narrative import bn, calendar_year, change_pct, dated, pct
from multivector.data import coverage
from multivector.data.coverage import Unavailable, maybe
from multivector.data.dataset import Dataset
from multivector.data.periods import Period


def resolve(figures: dict) -> dict[str, Figure]:
    """Compute each figure; one the data cannot give becomes the sentence that says so."""
    out = {}
    for name, figure in figures.items():
        try:
            value = figure() if callable(figure) else figure
        except Unavailable as gap:
            value = gap.sentence
        out[name] = value if isinstance(value, Figure) else Figure(value)
    return out


def year_param(name: str, year: int) -> Figure:
    """A year the edition's parameters set (the baseline year), as the prose states it."""
    return calendar_year(param(name, year))


def data_year(ds: Dataset, resource: str, year: int, which: str) -> Figure:
    """A year of a table (`which`: its first or last with rows), traced to the cell that holds it."""
    y = cell(ds, resource, "year", year=year)
    return calendar_year(Traced.of(year, f"{which} in {y.inputs[0].path}", y))


def _whole_pct(v: float) -> Figure:
    # The paper states these shares as whole numbers; one decimal would suggest a precision it never had.
    return pct(v, 0)


def claim_figure(ds: Dataset, claim_id: str, fmt=_whole_pct):
    """The paper's figure for a claim, to resolve: a whole percentage unless `fmt` formats it otherwise."""
    return lambda: fmt(claimed(ds, claim_id))


def verb(new, old, up: str = "rose", down: str = "fell", flat: str = "held steady") -> str:
    """The word for how a figure moved from `old` to `new`, each a thunk the data may not be able to give."""
    new, old = maybe(new), maybe(old)
    if new is None or old is None:
        return "moved"
    return up if new > old else down if new < old else flat


def turnover_figures(ds: Dataset, year: int, baseline: int, partner: str = "RU", prefix: str = "ru") -> dict:
    """Trade with a partner in the baseline and the reference year, the change between them and its verb."""
    new, old = (lambda: trade.turnover(ds, year, partner)), (lambda: trade.turnover(ds, baseline, partner))
    return {
        f"{prefix}_turnover_baseline": lambda: bn(old()),
        f"{prefix}_turnover_year": lambda: bn(new()),
        f"{prefix}_turnover_change": lambda: change_pct(new(), old()),
        f"{prefix}_turnover_verb": lambda: verb(new, old),
    }


def inflation_over(ds: Dataset, year: int) -> Figure:
    """A year's average inflation; a year the data cover only in part is labelled with its months."""
    c = coverage.cover(ds, "cpi_yoy", year)
    mean = pct(prices.year_inflation(ds, year))
    return Figure(f"{mean} ({c.period} only)", mean) if c.partial else mean


def event(ds: Dataset, event_id: str) -> tuple:
    """An event's row (with its plotting date and wording) and the cell its date comes from."""
    ev = events(ds, ids=[event_id]).set_index("id").loc[event_id]
    return ev, source(ds, "events", "date", id=event_id)


def _month(month: str) -> str:
    y, m = month.split("-")
    return date(int(y), int(m), 1).strftime("%B %Y")


def inflation_figures(ds: Dataset, year: int) -> dict:
    """The inflation the economic and political sections both quote: the paper's survey, autumn 2024 against 2019,
    the peak, the reference year and the latest month."""
    inf = prices.inflation(ds)
    peak, latest = prices.peak_inflation(ds)["month"], inf.iloc[-1]["month"]
    # The same months and pre-war year as the claims ledger's check of "inflation was high" (its row of claims.csv).
    months, against = claims.check_args(ds, "inflation_high")
    autumn = Period.parse_span(months)

    def month_of(month: str, which: str) -> Figure:
        reading = prices.inflation_in(ds, month)
        return dated(_month(month), Traced.of(reading, f"{which} in cpi_yoy.csv", reading), month, "month")

    return {
        "inflation_worry_share": claim_figure(ds, "inflation_worry_share"),
        "inflation_autumn_2024": lambda: pct(prices.mean_inflation(ds, autumn.month_keys(), autumn.said())),
        "inflation_2019": lambda: inflation_over(ds, int(against)),
        "inflation_peak": lambda: pct(prices.inflation_in(ds, peak)),
        "inflation_peak_month": lambda: month_of(peak, "the month with the highest inflation"),
        "inflation_year_mean": lambda: inflation_over(ds, year),
        "inflation_latest": lambda: pct(prices.inflation_in(ds, latest)),
        "inflation_latest_month": lambda: month_of(latest, "the latest month"),
    }
