"""The figures each section's prose quotes, computed and formatted: one function per section.

Each function takes the Dataset and the validated parameters and returns {glue name: text}. Every number's text
carries its lineage (lineage.Figure). A figure is written as a function of nothing (a thunk), so that one rule
(`_resolve`) turns a figure the data cannot give into the sentence saying so: "not available for 2026 (no
crude-oil data yet)".

Over 300 lines because it is one table of figures per section, seven sections long.
"""

from __future__ import annotations

from datetime import date

from multivector import sections
from multivector.analysis import claims, compute
from multivector.analysis.lineage import Figure, Traced, joined, param
from multivector.analysis.narrative import bn, change_pct, num, pct
from multivector.data import coverage
from multivector.data.coverage import Unavailable, maybe
from multivector.data.dataset import Dataset

# Each section's figures function, by the section's name: registered below, checked complete at import.
BY_SECTION: dict = {}


def _section(name: str):
    """Register the decorated function as the figures of section `name` (one of sections.SECTIONS)."""
    sections.get(name)

    def register(fn):
        BY_SECTION[name] = fn
        return fn

    return register


def of_page(name: str, ds: Dataset, p: dict) -> dict[str, Figure]:
    """The figures a page's prose quotes: its section's, or none for an appendix."""
    if name in sections.SECTIONS:
        return BY_SECTION[name](ds, p)
    if name in sections.APPENDICES:
        return {}
    raise ValueError(f"unknown page {name!r}; expected one of {', '.join(sections.PAGES)}")


def _resolve(figures: dict) -> dict[str, Figure]:
    """Compute each figure; one the data cannot give becomes the sentence that says so."""
    out = {}
    for name, figure in figures.items():
        try:
            value = figure() if callable(figure) else figure
        except Unavailable as gap:
            value = gap.sentence
        out[name] = value if isinstance(value, Figure) else Figure(value)
    return out


def _year(name: str, year: int) -> Figure:
    return Figure(str(year), param(name, year))


@_section("multi_vectorism")
def multi_vectorism(ds: Dataset, p: dict) -> dict[str, Figure]:
    year = p["year"]
    first, last = ds.years[0], ds.years[-1]
    share = compute.share
    return _resolve(
        {
            "imports_total": lambda: bn(compute.total(ds, year, "imports")),
            "exports_total": lambda: bn(compute.total(ds, year, "exports")),
            "russia_import_share": lambda: pct(share(ds, year, "imports", "RU")),
            "russia_export_share": lambda: pct(share(ds, year, "exports", "RU")),
            "china_import_share": lambda: pct(share(ds, year, "imports", "CN")),
            "china_export_share": lambda: pct(share(ds, year, "exports", "CN")),
            "eu_import_share": lambda: pct(share(ds, year, "imports", "EU27")),
            "eu_export_share": lambda: pct(share(ds, year, "exports", "EU27")),
            "russia_imports": lambda: bn(compute.value(ds, year, "imports", "RU")),
            "lead_import_partner": lambda: compute.largest_partner(ds, year, "imports")["name"],
            "lead_export_partner": lambda: compute.largest_partner(ds, year, "exports")["name"],
            "top_partners": lambda: num(param("top_partners", p["top_partners"])),
            "first_year": lambda: _data_year(ds, "trade_partners", first, "the first year with rows"),
            "last_year": lambda: _data_year(ds, "trade_partners", last, "the last year with rows"),
            "effective_import_partners": lambda: num(compute.effective_partners(ds, year, "imports"), 1),
            "effective_export_partners": lambda: num(compute.effective_partners(ds, year, "exports"), 1),
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
                    *[compute.source(ds, "partners", "name", partner=c) for c in ds.partner_names()],
                )
            ),
            "named_partners": ", ".join(ds.partner_names().values()),
        }
    )


def _remainder(ds: Dataset, year: int, flow: str, top: int | None = None) -> Traced:
    """The share of a flow left after the `top` largest named partners (Figure 1's "Others"), or after every named
    partner (rest of world) when `top` is None."""
    if top:
        figure = compute.top_partners(ds, year, top)
        named = figure.loc[figure["flow"] == flow, "partner"]
    else:
        named = ds.partner_names()
    partners = [c for c in named if c != compute.REST_OF_WORLD]
    total = compute.total(ds, year, flow)
    rest = total
    for code in partners:
        rest = rest - compute.value(ds, year, flow, code)
    return rest.percent_of(total)


# --- helpers shared by the section functions ----------------------------------------------------


def _data_year(ds: Dataset, resource: str, year: int, which: str) -> Figure:
    y = compute.cell(ds, resource, "year", year=year)
    return Figure(str(year), Traced.of(year, f"{which} in {y.inputs[0].path}", y))


def _whole_pct(v: float) -> Figure:
    # The paper states these shares as whole numbers; one decimal would suggest a precision it never had.
    return pct(v, 0)


def _claimed(ds: Dataset, claim_id: str, fmt=_whole_pct):
    return lambda: fmt(compute.claimed(ds, claim_id))


def _verb(new, old, up: str = "rose", down: str = "fell", flat: str = "held steady") -> str:
    new, old = maybe(new), maybe(old)
    if new is None or old is None:
        return "moved"
    return up if new > old else down if new < old else flat


def _turnover_figures(ds: Dataset, year: int, baseline: int, partner: str = "RU", prefix: str = "ru") -> dict:
    new, old = (lambda: compute.turnover(ds, year, partner)), (lambda: compute.turnover(ds, baseline, partner))
    return {
        f"{prefix}_turnover_baseline": lambda: bn(old()),
        f"{prefix}_turnover_year": lambda: bn(new()),
        f"{prefix}_turnover_change": lambda: change_pct(new(), old()),
        f"{prefix}_turnover_verb": lambda: _verb(new, old),
    }


def _inflation_over(ds: Dataset, year: int) -> Figure:
    """A year's average inflation; a year the data cover only in part is labelled with its months."""
    c = coverage.cover(ds, "cpi_yoy", year)
    mean = pct(compute.year_inflation(ds, year))
    return Figure(f"{mean} ({c.period} only)", mean) if c.partial else mean


@_section("summary")
def summary(ds: Dataset, p: dict) -> dict[str, Figure]:
    year = p["year"]
    return _resolve(
        {
            "year_status": lambda: _status(ds, year),
            "lead_import_partner": lambda: compute.largest_partner(ds, year, "imports")["name"],
            "russia_import_share": lambda: pct(compute.share(ds, year, "imports", "RU")),
            "russia_export_share": lambda: pct(compute.share(ds, year, "exports", "RU")),
            "cpc_share": _claimed(ds, "cpc_share_of_crude"),
            "russian_company_share": _claimed(ds, "russian_company_share"),
            "rosatom_uranium_share": _claimed(ds, "rosatom_uranium_share"),
            "baseline_year": _year("baseline_year", p["baseline_year"]),
            **_turnover_figures(ds, year, p["baseline_year"]),
        }
    )


def _event(ds: Dataset, event_id: str) -> tuple:
    """An event's row (with its plotting date and wording) and the cell its date comes from."""
    ev = compute.events(ds, ids=[event_id]).set_index("id").loc[event_id]
    return ev, compute.source(ds, "events", "date", id=event_id)


def _war_span(ds: Dataset) -> Figure:
    ev = compute.events(ds).set_index("id")
    # The paper carries no date; its latest dated event stands in for the time of writing.
    latest_id = ev["start"].idxmax()
    (start, start_cell), (latest, latest_cell) = _event(ds, "full_scale_invasion"), _event(ds, latest_id)
    months = (latest["start"].year - start["start"].year) * 12 + (latest["start"].month - start["start"].month)
    whole = round(months / 12)
    text = f"{'nearly' if months < 12 * whole else 'more than'} {num(whole)} years"
    return Figure(
        text,
        Traced.of(
            whole,
            f"whole years from {start['when']} ({start['label']}) to {latest['when']} "
            f"({latest['label']}), the latest event in events.csv",
            start_cell,
            latest_cell,
        ),
    )


def _latest_event_when(ds: Dataset) -> Figure:
    ev = compute.events(ds).set_index("id")
    row, cell = _event(ds, ev["start"].idxmax())
    return Figure(row["when"], Traced.of(row["start"].year, "the date of the latest event in events.csv", cell))


@_section("conclusions")
def conclusions(ds: Dataset, p: dict) -> dict[str, Figure]:
    year, baseline = p["year"], p["baseline_year"]
    imp_new, imp_old = (
        (lambda: compute.share(ds, year, "imports", "RU")),
        (lambda: compute.share(ds, baseline, "imports", "RU")),
    )
    _oil_new, _oil_old = (lambda: compute.oil_share_of(ds, year)), (lambda: compute.oil_share_of(ds, baseline))
    inf_new, inf_old = (lambda: compute.year_inflation(ds, year)), (lambda: compute.year_inflation(ds, baseline))
    verb = _verb(imp_new, imp_old, "up", "down", "same")
    reading = {
        "down": "so purchases from other partners grew faster than those from Russia",
        "up": "so Russia gained ground on the country's other suppliers as well",
    }.get(verb, "so the data cannot say whether other suppliers gained ground")
    return _resolve(
        {
            "war_span": lambda: _war_span(ds),
            "cpc_share": _claimed(ds, "cpc_share_of_crude"),
            "latest_event_when": lambda: _latest_event_when(ds),
            "baseline_year": _year("baseline_year", baseline),
            **_turnover_figures(ds, year, baseline),
            "ru_import_share_baseline": lambda: pct(imp_old()),
            "ru_import_share_year": lambda: pct(imp_new()),
            "ru_import_share_verb": lambda: _verb(imp_new, imp_old),
            "ru_import_share_reading": reading,
            "oil_share_baseline": lambda: pct(compute.oil_share_of(ds, baseline)),
            "oil_share_year": lambda: pct(compute.oil_share_of(ds, year)),
            "inflation_baseline": lambda: _inflation_over(ds, baseline),
            "inflation_year": lambda: _inflation_over(ds, year),
            "inflation_verb": lambda: _verb(inf_new, inf_old),
        }
    )


def _oil_when(ds: Dataset, year: int) -> Figure:
    """A period of the oil series as a reader says it: '2024', 'January–June 2026', '2022 without September'."""
    months = compute.source(ds, "oil_exports", "months", year=year)
    text = compute.period_of(ds, "oil_exports", year).said()
    return Figure(text, Traced.of(year, "the year of the crude-oil row, with the months it records", months))


def _oil_partial_note(ds: Dataset, years: list[int]) -> Figure:
    """A sentence on the years whose crude-oil rows lack months, each with its share over those same months."""
    if not years:
        return Figure("Every year of the series covers all twelve months of crude exports.")
    parts = joined([_oil_part(ds, y) for y in years], sep="; ")
    return Figure(
        "Where the source lacks months of crude exports, the share compares crude with total exports over the same "
        f"months: {parts}.",
        parts,
    )


def _oil_part(ds: Dataset, year: int) -> Figure:
    share = pct(compute.oil_share_of(ds, year), period=False)
    return Figure(f"{compute.period_of(ds, 'oil_exports', year).sentence()}, a share of {share}", share)


def _month(month: str) -> str:
    y, m = month.split("-")
    return date(int(y), int(m), 1).strftime("%B %Y")


def _russia_trade_path(ds: Dataset, year: int, since: int = 2022) -> tuple[str, Figure]:
    """Test 'trade with Russia has grown every year since 2022' up to the reference year, as the ledger does:
    (verdict, path)."""
    rt, falls = compute.turnover_since(ds, since, until=year)
    if len(rt) < 2:
        return "cannot test it", Figure(
            f"has fewer than two years of data from {since} to {year}",
            Traced.of(len(rt), f"years of trade with Russia from {since} to {year}"),
        )
    turnovers = {i: compute.turnover(ds, int(rt.loc[i, "year"])) for i in rt.index}

    def at(i: int) -> str:
        r = rt.loc[i]
        return f"{bn(turnovers[i])} in {int(r['year'])}" + (" (preliminary)" if r["status"] == "preliminary" else "")

    if not falls:
        verdict, path = "agree", f"rose every year, from {at(0)} to {at(len(rt) - 1)}"
    else:
        first = falls[0]
        rise = f"rose from {at(0)} to {at(first - 1)}, then " if first > 1 else ""
        verdict, path = "agree only in part", rise + "fell to " + ", and to ".join(at(i) for i in falls)
    last = turnovers[len(rt) - 1]
    return verdict, Figure(
        path, Traced.of(last, f"turnover with Russia (exports + imports) each year from {since}", *turnovers.values())
    )


def _inflation_figures(ds: Dataset, year: int) -> dict:
    inf = compute.inflation(ds)
    peak, latest = compute.peak_inflation(ds)["month"], inf.iloc[-1]["month"]
    # The same months and pre-war year as the claims ledger's check of "inflation was high".
    autumn = [f"2024-{m:02d}" for m in (9, 10, 11)]

    def month_of(month: str, which: str) -> Figure:
        reading = compute.inflation_in(ds, month)
        return Figure(_month(month), Traced.of(reading, f"{which} in cpi_yoy.csv", reading))

    return {
        "inflation_worry_share": _claimed(ds, "inflation_worry_share"),
        "inflation_autumn_2024": lambda: pct(compute.mean_inflation(ds, autumn, "September to November 2024")),
        "inflation_2019": lambda: _inflation_over(ds, 2019),
        "inflation_peak": lambda: pct(compute.inflation_in(ds, peak)),
        "inflation_peak_month": lambda: month_of(peak, "the month with the highest inflation"),
        "inflation_year_mean": lambda: _inflation_over(ds, year),
        "inflation_latest": lambda: pct(compute.inflation_in(ds, latest)),
        "inflation_latest_month": lambda: month_of(latest, "the latest month"),
    }


def _oil_share_of_exports_via_cpc(ds: Dataset, year: int) -> Figure:
    """The CPC's share of crude times crude's share of exports (over the months the crude row covers, named when
    they are part of the year): the share of export revenue that crosses Russia."""
    oil = compute.cell(ds, "oil_exports", "value_bn_usd", year=year)
    return pct(compute.claimed(ds, "cpc_share_of_crude") * (oil / compute.exports_over(ds, oil.period)))


@_section("economic_limits")
def economic_limits(ds: Dataset, p: dict) -> dict[str, Figure]:
    """Long, as the table of the section's figures is."""
    year, baseline, days = p["year"], p["baseline_year"], p["cpc_disruption_days"]
    oil = compute.oil_share(ds).set_index("year")
    claim_year = int(compute.claim(ds, "oil_share_of_exports")["period"])
    hi, lo = int(oil["share_pct"].idxmax()), int(oil["share_pct"].idxmin())
    partial = [int(y) for y in oil.index[oil["partial"]]]
    verdict, path = _russia_trade_path(ds, year)

    def exposure() -> dict:
        return compute.cpc_exposure(
            ds, year, compute.claimed(ds, "cpc_share_of_crude"), param("cpc_disruption_days", days)
        )

    def balance() -> Traced:
        return compute.value(ds, year, "exports", "RU") - compute.value(ds, year, "imports", "RU")

    return _resolve(
        {
            "oil_share_claim": _claimed(ds, "oil_share_of_exports"),
            "oil_claim_year": lambda: Figure(
                str(claim_year),
                Traced.of(
                    claim_year,
                    "the period of the claim in claims.csv",
                    compute.source(ds, "claims", "period", id="oil_share_of_exports"),
                ),
            ),
            "oil_share_claim_year": lambda: pct(compute.oil_share_of(ds, claim_year)),
            "oil_value_claim_year": lambda: bn(compute.cell(ds, "oil_exports", "value_bn_usd", year=claim_year)),
            "exports_claim_year": lambda: bn(
                compute.exports_over(ds, compute.period_of(ds, "oil_exports", claim_year))
            ),
            "oil_year_label": lambda: _oil_when(ds, year),
            "oil_share_year": lambda: pct(compute.oil_share_of(ds, year)),
            "oil_value_year": lambda: bn(compute.cell(ds, "oil_exports", "value_bn_usd", year=year)),
            "exports_year": lambda: bn(compute.exports_over(ds, compute.period_of(ds, "oil_exports", year))),
            "oil_first_year": lambda: _data_year(ds, "oil_exports", int(oil.index.min()), "the first year with rows"),
            "oil_last_year": lambda: _data_year(ds, "oil_exports", int(oil.index.max()), "the last year with rows"),
            "oil_share_max": lambda: pct(compute.oil_share_of(ds, hi)),
            "oil_share_max_when": lambda: _oil_when(ds, hi),
            "oil_share_min": lambda: pct(compute.oil_share_of(ds, lo)),
            "oil_share_min_when": lambda: _oil_when(ds, lo),
            "oil_partial_note": lambda: _oil_partial_note(ds, partial),
            "cpc_share": _claimed(ds, "cpc_share_of_crude"),
            "cpc_share_of_exports": lambda: _oil_share_of_exports_via_cpc(ds, year),
            "transneft_year": _claimed(ds, "cpc_operated_by_transneft", lambda v: Figure(str(int(v)), v)),
            "eu_export_share_year": lambda: pct(compute.share(ds, year, "exports", "EU27")),
            "cpc_days": lambda: num(param("cpc_disruption_days", days)),
            "cpc_at_risk": lambda: bn(exposure()["at_risk_bn_usd"]),
            "cpc_at_risk_pct": lambda: pct(exposure()["at_risk_pct_exports"]),
            "ru_trade_verdict": verdict,
            "ru_trade_path": path,
            "baseline_year": _year("baseline_year", baseline),
            **_turnover_figures(ds, year, baseline),
            "ru_imports_year": lambda: bn(compute.value(ds, year, "imports", "RU")),
            "ru_exports_year": lambda: bn(compute.value(ds, year, "exports", "RU")),
            "ru_balance_word": lambda: "deficit" if balance() < 0 else "surplus",
            "ru_balance_abs": lambda: bn(abs(balance())),
            "russian_fdi_growth": _claimed(ds, "russian_fdi_growth", num),
            "russian_company_share": _claimed(ds, "russian_company_share"),
            "rosatom_uranium_share": _claimed(ds, "rosatom_uranium_share"),
            "oil_claim_agreement": lambda: _oil_agreement(ds),
            **_inflation_figures(ds, year),
        }
    )


@_section("political_limits")
def political_limits(ds: Dataset, p: dict) -> dict[str, Figure]:
    year = p["year"]
    protests, when = _event(ds, "january_protests")
    return _resolve(
        {
            "inflation_protest_month": lambda: pct(compute.inflation_in(ds, protests["start"].strftime("%Y-%m"))),
            "protest_month": lambda: Figure(
                protests["when"],
                Traced.of(protests["start"].year, "the date of the January protests in events.csv", when),
            ),
            **_inflation_figures(ds, year),
            "csto_days": _claimed(ds, "csto_days", num),
            "ru_import_share": lambda: pct(compute.share(ds, year, "imports", "RU")),
        }
    )


@_section("geopolitical_limits")
def geopolitical_limits(ds: Dataset, p: dict) -> dict[str, Figure]:
    year, baseline = p["year"], p["baseline_year"]
    ru, cn = maybe(lambda: compute.turnover(ds, year, "RU")), maybe(lambda: compute.turnover(ds, year, "CN"))
    if ru is None or cn is None:
        compared = "not comparable with"
    else:
        compared = "larger than" if cn > ru else "smaller than" if cn < ru else "the same as"
    share = compute.share
    return _resolve(
        {
            "baseline_year": _year("baseline_year", baseline),
            "ru_import_share": lambda: pct(share(ds, year, "imports", "RU")),
            "ru_export_share": lambda: pct(share(ds, year, "exports", "RU")),
            "cn_import_share": lambda: pct(share(ds, year, "imports", "CN")),
            "cn_export_share": lambda: pct(share(ds, year, "exports", "CN")),
            # This section words no direction of change, so it glues no verbs.
            **{
                k: v
                for partner, prefix in (("RU", "ru"), ("CN", "cn"))
                for k, v in _turnover_figures(ds, year, baseline, partner, prefix).items()
                if not k.endswith("_verb")
            },
            "cn_compared_to_ru": compared,
            "cpc_share": _claimed(ds, "cpc_share_of_crude"),
            "russian_company_share": _claimed(ds, "russian_company_share"),
        }
    )


def _status(ds: Dataset, year: int) -> str:
    """'final' or 'preliminary': how far the trade figures of a year can be trusted."""
    return compute.source(ds, "trade_totals", "status", year=year, flow="exports").value


def _oil_agreement(ds: Dataset) -> str:
    """How the bundled oil share for the claim's year compares with the paper's 'up to' figure."""
    claimed = compute.claim_value(ds, "oil_share_of_exports")
    if claimed is None:
        return "the paper gives no figure to compare with"
    year = int(compute.claim(ds, "oil_share_of_exports")["period"])
    share = compute.oil_share_of(ds, year)
    # The ledger's rule, for the claim's own year rather than the edition's.
    if claims.up_to(share, claimed) == claims.DIFFERS:
        return "above the paper's ceiling"
    return (
        "which reaches the paper's ceiling once rounded"
        if claims.whole(share) == claimed
        else "below the paper's ceiling"
    )


@_section("introduction")
def introduction(ds: Dataset, p: dict) -> dict[str, Figure]:
    year = p["year"]
    # The events the section's timeline draws, counted in its prose.
    shown = compute.events(ds, sections=sections.get("introduction").timeline.events_of)

    def count() -> Figure:
        cells = [compute.source(ds, "events", "date", id=i) for i in shown["id"]]
        return num(Traced.of(len(shown), "the number of the introduction's events in events.csv", *cells))

    return _resolve(
        {
            "csto_troops": _claimed(ds, "csto_troops", lambda v: Figure(f"{num(v)} troops", v)),
            "csto_days": _claimed(ds, "csto_days", num),
            "intro_event_count": count,
            "baseline_year": _year("baseline_year", p["baseline_year"]),
            **_turnover_figures(ds, year, p["baseline_year"]),
        }
    )


_unregistered = [s for s in sections.SECTIONS if s not in BY_SECTION]
if _unregistered:
    raise ImportError(f"figures: no figures function registered for section(s) {', '.join(_unregistered)}")
