"""What each figure is called where a reader compares editions: one label per figure, with the glue names it is quoted by.

One table, not a label beside each formatter call: the same figure is quoted by several sections, sometimes under
different glue names (Russia's share of imports is `russia_import_share` in two sections, `ru_import_share` in two
more, `ru_import_share_year` in the conclusions), so a label written at each call would be written up to five times and
could drift. Here it is written once, and the what-changed comparison finds one figure behind the names. Labels name no
year: the reference year is a parameter, so the same label must fit every edition. A glue name a section adds without a
label here is refused when an edition's facts are written (`label_of`), and by the tests before that.
"""

from __future__ import annotations

FIGURES: dict[str, tuple[str, ...]] = {
    # Trade in the reference year
    "Total imports in the reference year": ("imports_total",),
    "Total exports in the reference year": ("exports_total",),
    "Status of the reference year's trade figures (final or preliminary)": ("year_status",),
    "Largest source of imports in the reference year": ("lead_import_partner",),
    "Largest destination of exports in the reference year": ("lead_export_partner",),
    "Russia's share of imports in the reference year": (
        "russia_import_share",
        "ru_import_share",
        "ru_import_share_year",
    ),
    "Russia's share of exports in the reference year": ("russia_export_share", "ru_export_share"),
    "China's share of imports in the reference year": ("china_import_share", "cn_import_share"),
    "China's share of exports in the reference year": ("china_export_share", "cn_export_share"),
    "The EU's share of imports in the reference year": ("eu_import_share",),
    "The EU's share of exports in the reference year": ("eu_export_share", "eu_export_share_year"),
    "Imports from Russia in the reference year": ("russia_imports", "ru_imports_year"),
    "Exports to Russia in the reference year": ("ru_exports_year",),
    "Trade balance with Russia in the reference year: deficit or surplus": ("ru_balance_word",),
    "Size of the trade balance with Russia in the reference year": ("ru_balance_abs",),
    "Effective number of import partners in the reference year": ("effective_import_partners",),
    "Effective number of export partners in the reference year": ("effective_export_partners",),
    "Share of imports outside the partners Figure 1 names": ("figure_others_imports",),
    "Share of exports outside the partners Figure 1 names": ("figure_others_exports",),
    "Share of imports from partners the data do not name (rest of world)": ("rest_imports",),
    "Share of exports to partners the data do not name (rest of world)": ("rest_exports",),
    "China's trade against Russia's in the reference year": ("cn_compared_to_ru",),
    # Against the baseline year
    "Baseline year": ("baseline_year",),
    "Trade with Russia (exports and imports) in the baseline year": ("ru_turnover_baseline",),
    "Trade with Russia (exports and imports) in the reference year": ("ru_turnover_year",),
    "Change in trade with Russia from the baseline year": ("ru_turnover_change",),
    "Direction of trade with Russia since the baseline year": ("ru_turnover_verb",),
    "Trade with China (exports and imports) in the baseline year": ("cn_turnover_baseline",),
    "Trade with China (exports and imports) in the reference year": ("cn_turnover_year",),
    "Change in trade with China from the baseline year": ("cn_turnover_change",),
    "Russia's share of imports in the baseline year": ("ru_import_share_baseline",),
    "Direction of Russia's share of imports since the baseline year": ("ru_import_share_verb",),
    "What the change in Russia's share of imports implies": ("ru_import_share_reading",),
    "Crude oil's share of exports in the baseline year": ("oil_share_baseline",),
    "Average inflation in the baseline year": ("inflation_baseline",),
    "Direction of inflation since the baseline year": ("inflation_verb",),
    # The data's reach
    "Partners Figure 1 names (parameter)": ("top_partners",),
    "First year of the trade series": ("first_year",),
    "Last year of the trade series": ("last_year",),
    "Number of partners the data name": ("named_partner_count",),
    "Partners the data name": ("named_partners",),
    "First year of the crude-oil series": ("oil_first_year",),
    "Last year of the crude-oil series": ("oil_last_year",),
    "Note on the years whose crude-oil figures lack months": ("oil_partial_note",),
    "Events on the introduction's timeline": ("intro_event_count",),
    # Crude oil and the CPC
    "Crude oil's share of export revenue, the paper's ceiling": ("oil_share_claim",),
    "Year of the paper's oil-share figure": ("oil_claim_year",),
    "Crude oil's share of exports in the year of the paper's figure": ("oil_share_claim_year",),
    "Crude oil exports in the year of the paper's figure": ("oil_value_claim_year",),
    "Total exports over the same months, in the year of the paper's oil figure": ("exports_claim_year",),
    "How the data's oil share compares with the paper's ceiling": ("oil_claim_agreement",),
    "The period the reference year's crude-oil figures cover (the year, or its months)": ("oil_year_label",),
    "Crude oil's share of exports in the reference year": ("oil_share_year",),
    "Crude oil exports in the reference year": ("oil_value_year",),
    "Total exports over the same months as the reference year's crude oil": ("exports_year",),
    "Highest yearly share of crude oil in exports": ("oil_share_max",),
    "When crude oil's share of exports was highest": ("oil_share_max_when",),
    "Lowest yearly share of crude oil in exports": ("oil_share_min",),
    "When crude oil's share of exports was lowest": ("oil_share_min_when",),
    "Share of crude oil exports that leaves through the CPC (the paper's figure)": ("cpc_share",),
    "Share of export revenue that crosses Russia through the CPC": ("cpc_share_of_exports",),
    "Year from which Transneft ran the CPC in practice (the paper's source)": ("transneft_year",),
    "Days of CPC disruption assumed (parameter)": ("cpc_days",),
    "Export revenue at risk from that CPC disruption": ("cpc_at_risk",),
    "Export revenue at risk from that CPC disruption, as a share of exports": ("cpc_at_risk_pct",),
    # Russia's weight
    "Whether the data agree that trade with Russia kept growing": ("ru_trade_verdict",),
    "Course of trade with Russia over the period the paper names": ("ru_trade_path",),
    "Growth of Russian direct investment, as a multiple (the paper's source)": ("russian_fdi_growth",),
    "Share of foreign companies in Kazakhstan that are Russian (the paper's source)": ("russian_company_share",),
    "Share of uranium reserves Rosatom holds through joint ventures (the paper's source)": ("rosatom_uranium_share",),
    "CSTO troops who entered Kazakhstan (the paper's figure)": ("csto_troops",),
    "Days the CSTO troops stayed (the paper's figure)": ("csto_days",),
    "How long the war in Ukraine had lasted by the paper's latest dated event": ("war_span",),
    "Date of the latest event the paper dates": ("latest_event_when",),
    # Prices
    "Share of survey respondents worried about inflation (the paper's source)": ("inflation_worry_share",),
    "Average inflation in the months the ledger tests before the survey": ("inflation_autumn_2024",),
    "Average inflation in the pre-war year the ledger compares with": ("inflation_2019",),
    "Highest monthly inflation in the series": ("inflation_peak",),
    "Month of the highest inflation": ("inflation_peak_month",),
    "Average inflation in the reference year": ("inflation_year_mean", "inflation_year"),
    "Latest monthly inflation": ("inflation_latest",),
    "Month of the latest inflation figure": ("inflation_latest_month",),
    "Inflation in the month of the January 2022 protests": ("inflation_protest_month",),
    "Month of the January 2022 protests": ("protest_month",),
}


def _by_name(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{glue name: label}; a glue name under two labels would make two figures of one, so it is refused at import."""
    out: dict[str, str] = {}
    for label, names in table.items():
        for name in names:
            if name in out:
                raise ImportError(f"labels: glue name {name!r} is listed under {out[name]!r} and {label!r}")
            out[name] = label
    return out


LABEL_OF = _by_name(FIGURES)


class UnlabelledFigure(LookupError):
    """A section quotes a figure that has no label here."""


def label_of(name: str, section: str) -> str:
    """The label of the figure a section glues as `name`."""
    try:
        return LABEL_OF[name]
    except KeyError:
        raise UnlabelledFigure(
            f"section {section!r} glues {name!r}, which has no label in multivector/analysis/labels.py; "
            "expected a line in FIGURES naming what the figure is for a reader"
        ) from None
