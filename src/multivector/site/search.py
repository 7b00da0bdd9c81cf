"""Sphinx's search: its page read from a folder on disk (file://) lists results by title alone, without the summary it
would fetch from each page, a fetch a browser refuses there (and logs as an error); served, nothing changes. And its
index is the same whether Sphinx re-read every page or only the changed ones."""

from __future__ import annotations

from pathlib import Path

from sphinx.search import js_index

SEARCH_PAGE = "search"
# The search index's words, in the text and in the titles of pages.
TERMS = ("terms", "titleterms")
# Sphinx 7's searchtools.js reads the option for each result it lists, after the page is parsed.
TITLES_ALONE_FROM_DISK = 'if (location.protocol === "file:") DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;'


def titles_alone_from_disk(app, pagename, templatename, context, doctree):
    """The search page: no summaries when it is opened from disk (after documentation_options.js, priority 200)."""
    if app.builder.format == "html" and pagename == SEARCH_PAGE:
        app.add_js_file(None, body=TITLES_ALONE_FROM_DISK, priority=500)


def drop_emptied_terms(app, exception):
    """A run that reuses Sphinx's environment (engine.incremental) prunes the re-read pages from the search index it
    read back, and keeps each word no page holds any more with an empty list of pages: drop those, which a fresh run
    never lists, so that both runs write the same index."""
    if exception is not None or app.builder.format != "html":
        return
    index = Path(app.outdir) / app.builder.searchindex_filename
    if not index.is_file():
        return
    found = js_index.loads(index.read_text(encoding="utf-8"))
    kept = {key: {w: docs for w, docs in found[key].items() if docs != []} for key in TERMS if key in found}
    if any(len(kept[key]) != len(found[key]) for key in kept):
        index.write_text(js_index.dumps(found | kept), encoding="utf-8")
