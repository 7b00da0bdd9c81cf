"""The figures of "Kazakhstan's multi-vectorism": totals, partners' shares, concentration and what is left over."""

from __future__ import annotations

from multivector.analysis import figure_sentences, trade
from multivector.analysis.cells import source
from multivector.analysis.lineage import Figure, Traced, param
from multivector.analysis.narrative import bn, num, pct
from multivector.analysis.sections.shared import data_year, resolve
from multivector.data.dataset import Dataset


def figures(ds: Dataset, p: dict) -> dict[str, Figure]:
    year = p["year"]
    first, last = ds.years[0], ds.years[-1]
    share = trade.share
    return resolve(
        {
            "imports_total": lambda: bn(trade.total(ds, year, "imports")),
            "exports_total": lambda: bn(trade.total(ds, year, "exports")),
            "russia_import_share": lambda: pct(share(ds, year, "imports", "RU")),
            "russia_export_share": lambda: pct(share(ds, year, "exports", "RU")),
            "china_import_share": lambda: pct(share(ds, year, "imports", "CN")),
            "china_export_share": lambda: pct(share(ds, year, "exports", "CN")),
            "eu_import_share": lambda: pct(share(ds, year, "imports", "EU27")),
            "eu_export_share": lambda: pct(share(ds, year, "exports", "EU27")),
            "russia_imports": lambda: bn(trade.value(ds, year, "imports", "RU")),
            "lead_import_partner": lambda: Figure(figure_sentences.partner(trade.largest_partner(ds, year, "imports"))),
            "lead_export_partner": lambda: Figure(figure_sentences.partner(trade.largest_partner(ds, year, "exports"))),
            "top_partners": lambda: num(param("top_partners", p["top_partners"]), unit="partners"),
            "first_year": lambda: data_year(ds, "trade_partners", first, "the first year with rows"),
            "last_year": lambda: data_year(ds, "trade_partners", last, "the last year with rows"),
            "effective_import_partners": lambda: num(trade.effective_partners(ds, year, "imports"), 1, unit="partners"),
            "effective_export_partners": lambda: num(trade.effective_partners(ds, year, "exports"), 1, unit="partners"),
            # Figure 1's "Others" (all but its top named partners) and the rest-of-world series (all but every partner
            # the data name) are two different remainders; the page says why they differ.
            "figure_others_imports": lambda: pct(_remainder(ds, year, "imports", p["top_partners"])),
            "figure_others_exports": lambda: pct(_remainder(ds, year, "exports", p["top_partners"])),
            "rest_imports": lambda: pct(_remainder(ds, year, "imports")),
            "rest_exports": lambda: pct(_remainder(ds, year, "exports")),
            "named_partner_count": lambda: num(
                Traced.of(
                    len(ds.partner_names()),
                    "the partners named in partners.csv",
                    *[source(ds, "partners", "name", partner=c) for c in ds.partner_names()],
                ),
                unit="partners",
            ),
            "named_partners": ", ".join(ds.partner_names().values()),
        }
    )


def _remainder(ds: Dataset, year: int, flow: str, top: int | None = None) -> Traced:
    """The share of a flow left after the `top` largest named partners (Figure 1's "Others"), or after every named
    partner (rest of world) when `top` is None."""
    if top:
        figure = trade.top_partners(ds, year, top)
        named = figure.loc[figure["flow"] == flow, "partner"]
    else:
        named = ds.partner_names()
    partners = [c for c in named if c != trade.REST_OF_WORLD]
    total = trade.total(ds, year, flow)
    rest = total
    for code in partners:
        rest = rest - trade.value(ds, year, flow, code)
    return rest.percent_of(total)
