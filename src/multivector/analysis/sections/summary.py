"""The figures of the summary: the reference year's lead partners, Russia's shares, the claims it repeats."""

from __future__ import annotations

from multivector.analysis import figure_sentences, trade
from multivector.analysis.cells import source
from multivector.analysis.lineage import Figure
from multivector.analysis.narrative import pct
from multivector.analysis.sections.shared import claim_figure, resolve, turnover_figures, year_param
from multivector.data.dataset import Dataset


def figures(ds: Dataset, p: dict) -> dict[str, Figure]:
    year = p["year"]
    return resolve(
        {
            "year_status": lambda: _status(ds, year),
            "lead_import_partner": lambda: Figure(figure_sentences.partner(trade.largest_partner(ds, year, "imports"))),
            "russia_import_share": lambda: pct(trade.share(ds, year, "imports", "RU")),
            "russia_export_share": lambda: pct(trade.share(ds, year, "exports", "RU")),
            "cpc_share": claim_figure(ds, "cpc_share_of_crude"),
            "russian_company_share": claim_figure(ds, "russian_company_share"),
            "rosatom_uranium_share": claim_figure(ds, "rosatom_uranium_share"),
            "baseline_year": year_param("baseline_year", p["baseline_year"]),
            **turnover_figures(ds, year, p["baseline_year"]),
        }
    )


def _status(ds: Dataset, year: int) -> str:
    """'final' or 'preliminary': how far the trade figures of a year can be trusted."""
    return source(ds, "trade_totals", "status", year=year, flow="exports").value
