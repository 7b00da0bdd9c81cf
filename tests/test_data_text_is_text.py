"""Data text is text: whatever a data package, the bibliography, the parameters or the command line hold reaches a page
as the characters it is, never as MyST, HTML or script, and links from data go only to http(s) or inside the site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from browser_support import (
    assert_no_injected_markup,
    content_pages,
    install_alert_trap,
    serve_site,
)
from conftest import edit_csv
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from multivector import data, paths, text
from multivector.engine import build
from multivector.site import appendix, cite

# The MyST syntax Jupyter Book 1 turns on by default, and then some: what a page's Markdown could be parsed with.
MYST = create_md_parser(
    MdParserConfig(
        enable_extensions={
            "amsmath",
            "attrs_inline",
            "colon_fence",
            "deflist",
            "dollarmath",
            "fieldlist",
            "html_admonition",
            "html_image",
            "linkify",
            "replacements",
            "smartquotes",
            "substitution",
            "tasklist",
        }  # fmt: skip
    ),
    RendererHTML,
)

# Payloads of each kind: MyST roles and directives that read files, math, emphasis, links, HTML and script.
MYST_PAYLOADS = (
    "{download}`../../../../../../../../etc/hostname`",
    "```{literalinclude} /etc/hostname\n```",
    "$x^2$ and **bold** _em_ ~~gone~~ [l](javascript:alert(1)) <https://example.org> www.example.org",
    "{{ substitution }} | a | table | (c) -- ... \\* &amp; &#60;",
    ":::{note}\nfenced\n:::",
    "1. a list\n# a heading",
)
HTML_PAYLOADS = ("<img src=x onerror=alert(1)>", "<script>alert(2)</script>", '"><svg onload=alert(3)>')


def rendered_text(markup: str) -> str:
    """What a reader sees of `markup` parsed as MyST: the text of its HTML, entities decoded."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(MYST.render(markup), "html.parser").get_text()


@given(st.text(max_size=60) | st.sampled_from(MYST_PAYLOADS + HTML_PAYLOADS))
def test_markdown_from_data_shows_its_characters_and_nothing_else(value):
    markup = text.markdown(value)
    tokens = [t for block in MYST.parse(markup) for t in [block, *(block.children or [])]]
    assert {t.type for t in tokens} <= {"paragraph_open", "paragraph_close", "inline", "text", "text_special"}, markup
    assert rendered_text(markup).strip() == text.plain(value).strip()


@given(st.text(max_size=40) | st.sampled_from(MYST_PAYLOADS + HTML_PAYLOADS))
def test_a_table_cell_from_data_stays_one_cell(value):
    html = MYST.render(f"| head | next |\n|---|---|\n| {text.markdown(value)} | {text.code(value)} |\n")
    assert html.count("<td") == 2, html
    assert "<a " not in html and "<script" not in html and "<img" not in html


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:x",
        "file:///etc/hostname",
        "//evil.example/x",
        "/etc/hostname",
        "../../../etc/hostname",
        "https:relative",
        "\\\\host\\share",
        "java\nscript:alert(1)",
    ],  # fmt: skip
)
def test_links_from_data_go_nowhere_but_http_or_inside_the_site(address):
    assert text.href(address) is None
    assert "<a " not in text.link(address, "the source")


@pytest.mark.parametrize("address", ["https://example.org/x?y=1", "http://example.org", "data/partners.csv", "a/../b"])
def test_http_and_site_relative_links_from_data_are_kept(address):
    assert text.href(address) == address
    assert text.link(address, "it") == f'<a href="{text.html(address)}">it</a>'


def test_a_javascript_source_is_shown_as_text_on_the_data_sources_page():
    descriptor = json.loads((paths.DATA / data.DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["resources"][0]["sources"] = [{"title": "Evil", "path": "javascript:alert(1)"}]
    page = appendix.data_sources_html(descriptor, "1.0.0", "f" * 12)
    assert 'href="javascript' not in page.lower()
    assert "javascript:alert(1)" in page


@pytest.mark.parametrize(
    "base", ['https://example.org/x"><script>alert(1)</script>/', "https://example.org/a b/", "https://exämple.org/"]
)
def test_a_base_url_that_could_carry_markup_is_refused_in_a_sentence(base):
    with pytest.raises(cite.BaseURLError) as refused:
        cite.check_base_url(base)
    said = str(refused.value)
    assert "percent-encode" in said and "Nothing was built" in said and "<script>" not in said[60:]


def test_the_what_changed_tables_show_data_text_literally():
    payload = MYST_PAYLOADS[0] + " " + HTML_PAYLOADS[0]
    diff = {
        "first": False,
        "summary": [payload],
        "params": [{"parameter": "year", "old": payload, "new": "2024"}],
        "resources": [{"resource": payload, "old": "sha256:" + payload, "new": "sha256:" + "a" * 64}],
        "figures": [
            {"figure": payload, "sections": [payload], "old": "1", "new": payload, "unit": "%", "difference": payload}
        ],
        "claims": [{"id": "x", "claim": payload, "old": payload, "new": "reproduced", "why": payload}],
    }
    markup = appendix.what_changed_markdown(diff)
    for line in markup.splitlines():
        assert "{download}" not in line and "<img" not in line, line
    assert payload in rendered_text(markup)


# A real build, the payloads in every text field a page shows --------------------------------------------------------

SECRET = "mv-secret-from-outside-the-data-folder"


def payload(field: str, secret: Path) -> str:
    """The text put in `field`: its name (to find it on the page), a role reading a file outside the data folder,
    HTML that runs script, and MyST emphasis, math and a javascript: link."""
    return (
        f"{field} {{download}}`{secret}` {{download}}`../../../../../../../../etc/hostname` "
        "<img src=x onerror=alert(1)> <script>alert(2)</script> *em* $x$ [l](javascript:alert(3))"
    )


@pytest.fixture(scope="module")
def hostile_site(built_site, tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """The default site's output folder, copied, with a second edition built from data whose every text field a page
    shows holds payloads; a file outside the data folder holds a secret no page may carry."""
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    folder, out = root / "data", root / "site"
    shutil.copytree(paths.DATA, folder)
    shutil.copytree(built_site, out, symlinks=True)
    said = {f: payload(f, secret) for f in ("partner", "event", "claim", "title", "description", "source")}
    csv = lambda s: '"' + s.replace('"', '""') + '"'  # noqa: E731
    edit_csv(folder, "partners.csv", lambda t: t.replace("RU,Russia,", f"RU,{csv(said['partner'])},"))
    edit_csv(folder, "events.csv", lambda t: t.replace("Russia annexes Crimea", csv(said["event"])))
    edit_csv(
        folder,
        "claims.csv",
        lambda t: t.replace(
            "Crude oil brought in up to this share of the country's export revenue", csv(said["claim"])
        ),
    )
    descriptor_path = folder / data.DESCRIPTOR
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    first = descriptor["resources"][0]
    first["title"], first["description"] = said["title"], said["description"]
    first["sources"] = [{"title": said["source"], "path": "javascript:alert(4)"}]
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    data.rehash(folder)
    build.build(data_dir=folder, out=out, report=build.Reporter(quiet=True), base_url="https://example.org/x/")
    return out, secret, said


def test_no_file_from_outside_the_data_folder_reaches_the_site(hostile_site):
    out, _secret, _said = hostile_site
    hostname = Path("/etc/hostname").read_bytes() if Path("/etc/hostname").exists() else b"\0no hostname file\0"
    for f in out.rglob("*"):
        if f.is_file() and not f.is_symlink():
            body = f.read_bytes()
            assert SECRET.encode() not in body, f
            assert f.name not in ("hostname", "secret.txt"), f
            assert "_downloads" not in f.parts or body != hostname, f


def test_payloads_show_literally_and_run_nothing_in_chromium(hostile_site, chromium):
    out, _secret, said = hostile_site
    shown: set[str] = set()
    with serve_site(out) as site_url:
        for rel in content_pages(out):
            page = chromium.new_page()
            install_alert_trap(page)
            page.goto(site_url + rel, wait_until="load")
            assert_no_injected_markup(page)
            assert page.evaluate("() => document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0, rel
            # All the text a reader can reach (closed <details>, a chart's own text included), scripts' not.
            body = page.evaluate(
                "() => { const b = document.body.cloneNode(true);"
                " b.querySelectorAll('script, style').forEach(s => s.remove()); return b.textContent; }"
            )
            assert SECRET not in body, rel
            shown |= {field for field, value in said.items() if text.plain(value) in body}
            page.close()
    # Every field shows somewhere, as the characters it holds.
    assert shown >= {"partner", "event", "claim", "title", "description", "source"}, sorted(shown)
