"""The edition stays faithful to the paper: its adjectives, every figure the paper states in the ledger, the ledger's
rules as its legend states them, one reference year per page, one figure numbering, captions true to their charts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from multivector import charts, data, params, paths, sections
from multivector.analysis import claims, compute, figures, statuses
from multivector.notebook import page

PAPER = paths.ROOT.parent.parent / "shared" / "source" / "fiia-bp429.txt"
if not PAPER.is_file():  # a checkout beside ../shared rather than in a worktree
    PAPER = paths.ROOT.parent / "shared" / "source" / "fiia-bp429.txt"
NOTEBOOKS = [paths.notebook(name) for name in sections.EXECUTED]
HAND_WRITTEN = sorted(paths.BOOK.glob("*.md")) + sorted(paths.NOTEBOOKS.glob("*.md"))


@pytest.fixture(scope="module")
def paper() -> str:
    if not PAPER.is_file():
        pytest.skip("the paper's text is not beside this checkout (../shared/source)")
    return PAPER.read_text(encoding="utf-8")


def prose() -> dict[str, str]:
    """Every text a reader sees that is written by hand: markdown cells, pages, the ledger's and the events' words."""
    texts = {}
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(nb_path, as_version=4)
        texts[nb_path.name] = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for path in HAND_WRITTEN:
        texts[path.name] = path.read_text(encoding="utf-8")
    for name in ("claims.csv", "events.csv"):
        texts[name] = (paths.DATA / name).read_text(encoding="utf-8")
    # Chart titles, subtitles and captions are string literals in these modules.
    for module in (charts, figures):
        texts[Path(module.__file__).name] = Path(module.__file__).read_text(encoding="utf-8")
    return texts


def test_the_state_and_its_people_are_kazakhstani_as_in_the_paper(paper):
    # The paper may use the ethnic adjective in some phrase; only those phrases are allowed.
    allowed = {m.group(1).lower() for m in re.finditer(r"\bKazakh\s+(\w+)", paper)}
    found = [
        f"{name}: {m.group(0)}"
        for name, text in prose().items()
        for m in re.finditer(r"\bKazakh\s+(\w+)", text)
        if m.group(1).lower() not in allowed
    ]
    assert not found, "the paper writes Kazakhstani here:\n" + "\n".join(found)


def paper_figures(paper: str) -> set[tuple[float, str]]:
    """Every figure the paper states as a number: percentages, counts of troops and days, Figure 1's values."""
    stated = {(float(v), "percent") for v in re.findall(r"(\d+(?:\.\d+)?)\s?%", paper)}
    stated |= {(float(v.replace(",", "")), "troops") for v in re.findall(r"(\d[\d,]*) troops", paper)}
    stated |= {(float(v), "days") for v in re.findall(r"(\d+) days", paper)}
    figure = paper[paper.index("Figure 1. ") : paper.rindex("Figure 1. ")]
    stated |= {(float(v), "bn USD") for v in re.findall(r"^\s*(\d+\.\d\d)\s*$", figure, flags=re.M)}
    return stated


def test_every_figure_the_paper_states_is_a_ledger_row(paper, ds):
    ledger = {(float(r.value), r.unit) for r in ds["claims"].itertuples() if r.value == r.value}
    stated = paper_figures(paper)
    # Five shares in the text, troops, days, and Figure 1's ten shares and twelve values: the parser found them all.
    assert len(stated) >= 29
    missing = sorted(stated - ledger)
    assert not missing, f"figures the paper states that the claims ledger lacks: {missing}"


def test_figure_1s_others_are_checked_against_the_data_not_copied(ds):
    table = ds["claims"]
    ids = list(table.loc[table["check"].fillna("").str.startswith("figure_others"), "id"])
    others = claims.evaluate(ds, 2024, ids=ids).set_index("id")
    assert len(others) == 4 and (others["status"] == statuses.REPRODUCED).all()
    # A year whose totals differ gives a different remainder: the check computes it.
    later = claims.evaluate(ds, 2025, ids=ids).set_index("id").loc[others.index, "computed"]
    assert (later.round(2) != others["computed"].round(2)).all()


def test_an_up_to_claim_is_never_reproduced_in_any_year(ds):
    table = ds["claims"]
    ceilings = list(table.loc[table["claim"].str.contains("up to"), "id"])
    assert ceilings
    for year in sorted(set(compute.oil_share(ds)["year"]) & set(ds.years)):
        ledger = claims.evaluate(ds, int(year), ids=ceilings)
        assert not (ledger["status"] == statuses.REPRODUCED).any(), year


def test_the_ledger_page_shows_the_rules_the_code_applies():
    nb = nbformat.read(paths.notebook("claims_ledger"), as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for status in statuses.STATUSES:
        assert f"{{glue:text}}`meaning_{status.split()[0]}`" in text, status
    assert '"up to"' in statuses.MEANINGS[statuses.CONSISTENT] and "up to" not in statuses.MEANINGS[statuses.REPRODUCED]


def test_a_page_lists_every_paper_figure_it_quotes_and_never_says_it_has_none(ds, monkeypatch):
    # Each page gets its own Dataset (its own record of reads) over tables validated once.
    monkeypatch.setattr(page.data, "load", lambda *a, **k: data.Dataset(ds.folder, ds._descriptor, ds._tables))
    for section in sections.SECTIONS:
        shown: list[str] = []
        monkeypatch.setattr(
            page, "display", lambda obj, shown=shown, **kw: shown.append(getattr(obj, "data", str(obj)))
        )
        p = page.Page(section, **params.defaults())
        p.figures()
        p.claims()
        listed = set(re.findall(r'id="claim-([a-z0-9_]+)"', "".join(shown)))
        quoted = p.ds.fetched.get("claims", set())
        assert quoted <= listed, f"{section} quotes {sorted(quoted - listed)} without listing them"
        if listed:
            assert not any("states no figures of its own" in s or "quotes no figure" in s for s in shown), section


@pytest.mark.parametrize("year", [2023, 2024])
def test_chart_takeaways_use_the_pages_reference_year(ds, year):
    p = params.defaults() | {"year": year}
    mv, econ = figures.BY_SECTION["multi_vectorism"](ds, p), figures.BY_SECTION["economic_limits"](ds, p)
    latest = max(ds.years)

    def subtitle(card):
        return " ".join(card.spec()["title"]["subtitle"])

    conc = subtitle(charts.concentration(ds, year))
    assert f"In {year}" in conc and mv["effective_import_partners"] in conc and mv["effective_export_partners"] in conc
    oil = subtitle(charts.oil_share(ds, year))
    assert f"{float(econ['oil_share_year'].split()[0]):.1f} % of export revenue in {year}" in oil
    for card in (charts.partner_shares(ds, year), charts.russia_trade(ds, year)):
        takeaway = re.split(r"\.(?:\s|$)", subtitle(card))[0]
        assert str(year) in takeaway and (year == latest or str(latest) not in takeaway), card.name


def test_latest_always_names_its_date():
    for name, text in prose().items():
        if not name.endswith((".ipynb", ".md")):
            continue
        for sentence in re.split(r"(?<=[.;])\s", text):
            if re.search(r"\blatest\b", sentence):
                assert re.search(r"\{glue:text\}`\w*(month|when)`|\b(19|20)\d\d\b", sentence), (
                    f"{name}: 'latest' without its date: {sentence[:160]}"
                )


def test_one_numbering_keeps_the_papers_figure_1_recognisable(paper):
    config = yaml.safe_load(paths.CONFIG.read_text())
    prefix = config["sphinx"]["config"]["numfig_format"]["figure"]
    assert not prefix.lower().startswith("fig"), "the edition's charts must not be numbered like the paper's figures"
    numbers = set(re.findall(r"Figure (\d+)", paper))
    for name, text in prose().items():
        assert not re.search(r"\bFig\.", text), name
        assert set(re.findall(r"Figure (\d+)", text)) <= numbers, f"{name} names a figure the paper does not have"


def caption_blocks(text: str) -> list[str]:
    return re.findall(r"```\{glue:figure\}.*?```", text, flags=re.S)


ENCODING_WORDS = r"\b(dash\w*|pale|grey|gray|blue|orange|colou?r\w*|solid)\b"


def test_captions_take_their_words_on_marks_from_the_chart():
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            for block in caption_blocks(cell.source):
                typed = re.sub(r"\{glue:text\}`[^`]*`", " ", block)
                assert not re.search(ENCODING_WORDS, typed, flags=re.I), f"{nb_path.name}: {block[:120]}"


def test_a_charts_key_describes_only_marks_its_spec_draws(ds):
    year = 2024
    cards = [
        charts.trade_by_partner(ds, year, params.defaults()["top_partners"]),
        charts.russia_trade(ds, year),
        charts.oil_share(ds, year),
        charts.inflation(ds, None),
        charts.indicators(ds, year, 2021),
    ]
    for card in cards:
        spec = json.dumps(card.spec())
        key = card.key.lower()
        assert key, card.name
        assert ("dash" in key) == ("strokeDash" in spec), card.name
        assert ("pale" not in key) or '"opacity"' in spec, card.name
        for word, colour in (("grey", "#BDBDBD"), ("blue", "#0072B2")):
            assert word not in key or colour in spec, (card.name, word)


def test_preliminary_years_named_in_a_key_are_the_datas_preliminary_years(ds):
    prelim = compute.russia_trade(ds).query("status == 'preliminary'")["year"]
    key = charts.russia_trade(ds, 2024).key
    assert all(str(y) in key for y in prelim) and (len(prelim) > 0) == ("preliminary" in key)


def test_events_the_paper_dates_keep_the_papers_precision(ds, paper):
    e = compute.events(ds)
    # A date the paper's own words give must appear in the paper as the edition says it; a finer date needs a source
    # other than the paper (the invasion's month, for instance, comes from the IFRI paper).
    said = e[e["source_key"] == "fiia_bp429"]
    assert len(said) >= 5
    for r in said.itertuples():
        assert r.when in paper, f"{r.id}: the paper does not say {r.when!r}"


def test_a_season_dated_by_a_month_that_starts_no_season_is_refused(tmp_path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    events.loc[events["id"] == "russian_mobilisation", "date"] = "2022-10"
    events.to_csv(folder / "events.csv", index=False)
    data.rehash(folder)
    with pytest.raises(data.DataError, match=r"events.csv, row \d+, column 'date': a season"):
        data.load(folder)


def test_no_page_credits_authors_the_paper_does_not_name(paper):
    bib = paths.BIBLIOGRAPHY.read_text(encoding="utf-8")
    entry = bib[bib.index("@techreport{fiia_bp429") :].split("\n}", 1)[0]
    assert "author      = {{" in entry  # an institution, not people: the paper's text names no author
    found = [name for name, text in prose().items() if re.search(r"\bthe authors?\b", text, flags=re.I)]
    assert not found, f"'the authors' where the paper names none: {found}"


def test_a_citation_of_a_footnoted_page_carries_the_page_the_paper_gives(paper):
    pages = set(re.findall(r"Grantseva and Abdrakhmanov 2025, (\d+)", paper))
    assert pages  # the paper's footnotes give pages for this source
    for name, text in prose().items():
        for cite in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]*grantseva2025[^`]*)`", text):
            page_note = re.search(r"grantseva2025\{p+\. (\d+)", cite)
            assert cite.startswith("{see e.g.}") or (page_note and page_note.group(1) in pages), f"{name}: {cite}"
