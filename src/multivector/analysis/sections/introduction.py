"""The figures of the introduction: the CSTO deployment, the events its timeline draws, trade with Russia."""

from __future__ import annotations

from multivector import sections
from multivector.analysis.cells import source
from multivector.analysis.events import events
from multivector.analysis.lineage import Figure, Traced
from multivector.analysis.narrative import counted, days, num
from multivector.analysis.sections.shared import claim_figure, resolve, turnover_figures, year_param
from multivector.data.dataset import Dataset


def figures(ds: Dataset, p: dict) -> dict[str, Figure]:
    year = p["year"]
    # The events the section's timeline draws, counted in its prose.
    shown = events(ds, sections=sections.get("introduction").timeline.events_of)

    def count() -> Figure:
        cells = [source(ds, "events", "date", id=i) for i in shown["id"]]
        return num(
            Traced.of(len(shown), "the number of the introduction's events in events.csv", *cells), unit="events"
        )

    return resolve(
        {
            "csto_troops": claim_figure(ds, "csto_troops", lambda v: counted(v, "troops")),
            "csto_days": claim_figure(ds, "csto_days", days),
            "intro_event_count": count,
            "baseline_year": year_param("baseline_year", p["baseline_year"]),
            **turnover_figures(ds, year, p["baseline_year"]),
        }
    )
