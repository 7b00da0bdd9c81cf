"""The "Cite this section" box of each section page, its citation files, head tags and links to its PDFs."""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from multivector import paths, sections
from multivector.site import cite, cite_language, handoff, parts
from multivector.site.address import edition_url
from multivector.site.publisher import publisher
from multivector.tools.pdf import BOOK, PDF_DIR
from multivector.translation.interface import PDF_WORDS, sentence

# Copies a format's text to the clipboard; where the page is not a secure context (no clipboard API),
# it opens the formats and selects the text so the reader can copy it by hand.
COPY_JS = """document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-mv-copy]");
  if (!button) return;
  var pre = document.getElementById(button.dataset.mvCopy);
  var reveal = function () { pre.closest("details").open = true; window.getSelection().selectAllChildren(pre); };
  if (!navigator.clipboard || !window.isSecureContext) return reveal();
  navigator.clipboard.writeText(pre.textContent).then(function () {
    button.dataset.label = button.dataset.label || button.textContent;
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = button.dataset.label; }, 1500);
  }, reveal);
});"""


def pdf_url(section: str, pathto, base: str, edition: str, lang: str = "") -> str:
    """The section's PDF (in the page's language: `lang`, '' for English): its permanent address when the site's
    address is known, else its address from the page."""
    path = f"{PDF_DIR}/{section}.pdf"
    return edition_url(f"{lang}/{path}" if lang else path, base, edition) or pathto(path, 1)


def pdf_links(section: str, pathto, words: dict | None = None) -> str:
    """Links to this section's PDF and the whole book's, which the build printed into the edition (see pdf.py), in
    the language of `words` (interface.po's, by their English)."""
    own, book = (pathto(f"{PDF_DIR}/{name}", 1) for name in (f"{section}.pdf", BOOK))
    say = lambda key, **values: parts.fill(sentence(words or {}, PDF_WORDS[key]), **values)  # noqa: E731
    return parts.render("pdf-links.html", own=own, book=book, say=say)


def copies(prefix: str, files: dict[str, str], links: dict[str, str]) -> list[dict]:
    """Per format: the id of its text on the page, its label, file name, download address and the text itself."""
    names = dict(zip(cite.FORMATS, files, strict=False))
    return [
        {"id": f"{prefix}-{fmt}", "label": label, "name": names[fmt], "link": links[fmt], "text": files[names[fmt]]}
        for fmt, (label, _) in cite.FORMATS.items()
    ]


def sayer(citation):
    """The box's words (interface.CITE_WORDS, by key) in the citation's language, as HTML: the sentence escaped, and
    each value filled in escaped unless it is HTML already."""

    def say(key: str, **values) -> Markup:
        return parts.fill(citation.sentence(key), **values)

    return say


def cite_block(
    citation,
    files: dict[str, str],
    links: dict[str, str],
    latest_files: dict[str, str] | None = None,
    latest_links: dict[str, str] | None = None,
    page: str = "",
) -> str:
    """The "Cite this section" box: this edition (its permanent address), then the latest edition (the site's root),
    each as a formatted reference, copy buttons, download links and the texts themselves."""
    latest, say = citation.latest(), sayer(citation)
    places = {"page": parts.code(page), "latest_page": parts.code(page.split("/", 2)[-1])}
    return parts.render(
        "cite-box.html",
        citation=citation,
        say=say,
        no_url=say("no_url", option=parts.code("--base-url"), setting=parts.code("html.baseurl"), **places),
        about=say(
            "about",
            edition=citation.edition,
            date=citation.date.isoformat(),
            version=citation.data_version,
            fingerprint=parts.code(citation.fingerprint),
            publisher=citation.publisher,
        ),
        # citeproc writes the reference as HTML, escaping the fields it was given.
        reference=Markup(citation.reference(html=True)),
        latest_reference=Markup(latest.reference(html=True)),
        copies=copies("mv-cite", files, links),
        latest_copies=copies("mv-cite-latest", latest_files, latest_links) if latest_files is not None else [],
    )


def write_cite_files(app, context, citation, suffix: str = "") -> tuple[dict[str, str], dict[str, str]]:
    """The citation's files in the site's _cite/ folder: {file name: text}, and {format: address from this page}."""
    folder = Path(app.outdir) / cite.CITE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    files = {name.replace(".", f"{suffix}.", 1) if suffix else name: body for name, body in citation.files().items()}
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8", newline="")
    links = {
        fmt: context["pathto"](f"{cite.CITE_DIR}/{name}", 1) for fmt, name in zip(cite.FORMATS, files, strict=False)
    }
    return files, links


def add_to_section_page(app, pagename, templatename, context, doctree):
    """On a section page: write its citation files into the site, show the cite block, describe the page in <head>."""
    section = sections.of_page(pagename)
    if section is None or app.builder.format != "html":
        return
    given = handoff.of(app)
    vintage = cite.DataVintage(version=given["data"]["version"], fingerprint=given["data"]["fingerprint"])
    citation = cite.for_section(
        section.slug,
        dataset=vintage,
        base=given.get("base_url", ""),
        edition=given["edition"]["id"],
        publisher=publisher(Path(app.srcdir) / paths.CONFIG.name),
    )
    citation = cite_language.of_page(app, citation, doctree, cite.check_base_url(given.get("base_url", "")))
    files, links = write_cite_files(app, context, citation)
    latest_files, latest_links = write_cite_files(app, context, citation.latest(), suffix="-latest")
    _, anchor = sections.heading(section.slug)
    page = cite_language.page(section.slug, anchor, citation)
    printed = given.get("pdf")
    pdfs = pdf_links(section.slug, context["pathto"], citation.words) if printed else ""
    # The PDFs at the top, where a reader who wants to print looks; the citation at the end.
    context["body"] = (
        pdfs + context.get("body", "") + cite_block(citation, files, links, latest_files, latest_links, page)
    )
    base = given.get("base_url", "")
    pdf = pdf_url(section.slug, context["pathto"], base, citation.edition, citation.language) if printed else ""
    context["metatags"] = context.get("metatags", "") + parts.render("meta-tags.html", tags=citation.metatags(pdf))
    # The button's "Copied" in the page's language, as a JavaScript string.
    app.add_js_file(None, body=COPY_JS.replace('"Copied"', json.dumps(citation.sentence("copied"), ensure_ascii=False)))
