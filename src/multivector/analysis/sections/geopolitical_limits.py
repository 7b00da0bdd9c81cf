"""The figures of "Geopolitical limits": Russia's and China's shares of trade and turnover, and the CPC."""

from __future__ import annotations

from multivector.analysis import trade
from multivector.analysis.lineage import Figure
from multivector.analysis.narrative import pct
from multivector.analysis.sections.shared import claim_figure, resolve, turnover_figures, year_param
from multivector.data.coverage import maybe
from multivector.data.dataset import Dataset


def figures(ds: Dataset, p: dict) -> dict[str, Figure]:
    year, baseline = p["year"], p["baseline_year"]
    ru, cn = maybe(lambda: trade.turnover(ds, year, "RU")), maybe(lambda: trade.turnover(ds, year, "CN"))
    if ru is None or cn is None:
        compared = "not comparable with"
    else:
        compared = "larger than" if cn > ru else "smaller than" if cn < ru else "the same as"
    share = trade.share
    return resolve(
        {
            "baseline_year": year_param("baseline_year", baseline),
            "ru_import_share": lambda: pct(share(ds, year, "imports", "RU")),
            "ru_export_share": lambda: pct(share(ds, year, "exports", "RU")),
            "cn_import_share": lambda: pct(share(ds, year, "imports", "CN")),
            "cn_export_share": lambda: pct(share(ds, year, "exports", "CN")),
            # This section words no direction of change, so it glues no verbs.
            **{
                k: v
                for partner, prefix in (("RU", "ru"), ("CN", "cn"))
                for k, v in turnover_figures(ds, year, baseline, partner, prefix).items()
                if not k.endswith("_verb")
            },
            "cn_compared_to_ru": compared,
            "cpc_share": claim_figure(ds, "cpc_share_of_crude"),
            "russian_company_share": claim_figure(ds, "russian_company_share"),
        }
    )
