"""The figures of "Political limits": the January 2022 protests, inflation, the CSTO, dependence on Russian imports."""

from __future__ import annotations

from multivector.analysis import prices, trade
from multivector.analysis.lineage import Figure, Traced
from multivector.analysis.narrative import dated, days, pct
from multivector.analysis.sections.shared import claim_figure, event, inflation_figures, resolve
from multivector.data.dataset import Dataset


def figures(ds: Dataset, p: dict) -> dict[str, Figure]:
    year = p["year"]
    protests, when = event(ds, "january_protests")
    return resolve(
        {
            "inflation_protest_month": lambda: pct(prices.inflation_in(ds, protests["start"].strftime("%Y-%m"))),
            "protest_month": lambda: dated(
                protests["when"],
                Traced.of(protests["start"].year, "the date of the January protests in events.csv", when),
                protests["date"],
                protests["precision"],
            ),
            **inflation_figures(ds, year),
            "csto_days": claim_figure(ds, "csto_days", days),
            "ru_import_share": lambda: pct(trade.share(ds, year, "imports", "RU")),
        }
    )
