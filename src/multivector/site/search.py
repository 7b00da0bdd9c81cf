"""Sphinx's search page read from a folder on disk (file://): results listed by title alone, without the summary it
would fetch from each page, a fetch a browser refuses there (and logs as an error). Served, nothing changes."""

from __future__ import annotations

SEARCH_PAGE = "search"
# Sphinx 7's searchtools.js reads the option for each result it lists, after the page is parsed.
TITLES_ALONE_FROM_DISK = 'if (location.protocol === "file:") DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;'


def titles_alone_from_disk(app, pagename, templatename, context, doctree):
    """The search page: no summaries when it is opened from disk (after documentation_options.js, priority 200)."""
    if app.builder.format == "html" and pagename == SEARCH_PAGE:
        app.add_js_file(None, body=TITLES_ALONE_FROM_DISK, priority=500)
