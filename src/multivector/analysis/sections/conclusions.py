"""The figures of the conclusions: how long the war has lasted, and the reference year against the baseline year."""

from __future__ import annotations

from multivector.analysis import claims, figure_sentences, oil, prices, trade
from multivector.analysis.events import events, months_between
from multivector.analysis.lineage import Figure, Traced
from multivector.analysis.narrative import dated, num, pct
from multivector.analysis.sections.shared import (
    claim_figure,
    event,
    inflation_over,
    resolve,
    turnover_figures,
    verb,
    year_param,
)
from multivector.data.dataset import Dataset
from multivector.data.periods import MONTHS_IN_YEAR


def figures(ds: Dataset, p: dict) -> dict[str, Figure]:
    year, baseline = p["year"], p["baseline_year"]
    imp_new, imp_old = (
        (lambda: trade.share(ds, year, "imports", "RU")),
        (lambda: trade.share(ds, baseline, "imports", "RU")),
    )
    inf_new, inf_old = (lambda: prices.year_inflation(ds, year)), (lambda: prices.year_inflation(ds, baseline))
    moved = verb(imp_new, imp_old, "up", "down", "same")
    reading = {
        "down": "so purchases from other partners grew faster than those from Russia",
        "up": "so Russia gained ground on the country's other suppliers as well",
    }.get(moved, "so the data cannot say whether other suppliers gained ground")
    return resolve(
        {
            "war_span": lambda: _war_span(ds),
            "cpc_share": claim_figure(ds, "cpc_share_of_crude"),
            "latest_event_when": lambda: _latest_event_when(ds),
            "baseline_year": year_param("baseline_year", baseline),
            **turnover_figures(ds, year, baseline),
            "ru_import_share_baseline": lambda: pct(imp_old()),
            "ru_import_share_year": lambda: pct(imp_new()),
            "ru_import_share_verb": lambda: verb(imp_new, imp_old),
            "ru_import_share_reading": reading,
            "oil_share_baseline": lambda: pct(oil.oil_share_of(ds, baseline)),
            "oil_share_year": lambda: pct(oil.oil_share_of(ds, year)),
            "inflation_baseline": lambda: inflation_over(ds, baseline),
            "inflation_year": lambda: inflation_over(ds, year),
            "inflation_verb": lambda: verb(inf_new, inf_old),
        }
    )


def _war_span(ds: Dataset) -> Figure:
    ev = events(ds).set_index("id")
    # The paper carries no date; its latest dated event stands in for the time of writing.
    latest_id = ev["start"].idxmax()
    start_id = claims.check_args(ds, "war_years")[0]  # the event claims.csv's check counts the war from
    (start, start_cell), (latest, latest_cell) = event(ds, start_id), event(ds, latest_id)
    months = months_between(start["start"], latest["start"])
    whole = round(months / MONTHS_IN_YEAR)
    part = "nearly" if months < MONTHS_IN_YEAR * whole else "more"
    return Figure(
        figure_sentences.say("war_span", part, years=figure_sentences.years(whole, f"{num(whole)} years")),
        Traced.of(
            whole,
            f"whole years from {start['when']} ({start['label']}) to {latest['when']} "
            f"({latest['label']}), the latest event in events.csv",
            start_cell,
            latest_cell,
        ),
    )


def _latest_event_when(ds: Dataset) -> Figure:
    ev = events(ds).set_index("id")
    row, cell = event(ds, ev["start"].idxmax())
    traced = Traced.of(row["start"].year, "the date of the latest event in events.csv", cell)
    return dated(row["when"], traced, row["date"], row["precision"])
