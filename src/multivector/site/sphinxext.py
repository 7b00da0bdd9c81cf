"""The book's Sphinx extension (named in _config.yml): its hooks, one module per concern, listed in `setup`."""

from __future__ import annotations

import nbformat

from multivector.site import (
    assets,
    bibliography,
    cite_box,
    compiled,
    directives,
    head,
    icons,
    languages,
    lineage_html,
    parts,
    root_page,
    search,
    sitemaps,
    switcher,
    theme,
    vega,
)


def warm_up() -> None:
    """What every run of Jupyter Book would do first, done once in the process that forks the runs (engine.bookrun)."""
    bibliography.warm_up()
    theme.warm_up()
    parts.warm_up()
    # MyST-NB reads each executed notebook with nbformat, which validates it with a schema it compiles on first use.
    nbformat.validate(nbformat.v4.new_notebook())


def setup(app):
    """Every hook of the book's own, in the order Sphinx runs those of one event and priority."""
    # The pages that describe the book and its build.
    app.add_directive(directives.PARAMETERS, directives.ParametersDirective)
    app.add_directive(directives.DATA_SOURCES, directives.DataSourcesDirective)
    app.add_directive(directives.WHAT_CHANGED, directives.WhatChangedDirective)
    app.add_directive(directives.EDITIONS, directives.EditionsDirective)
    # Settings.
    languages.add_setting(app)
    app.connect("config-inited", bibliography.look_up_plugins_once)
    app.connect("config-inited", theme.add_static_path)
    app.connect("config-inited", switcher.configure)
    app.connect("config-inited", languages.configure)
    app.connect("config-inited", sitemaps.sitemap_base)
    app.connect("config-inited", theme.configure)
    app.connect("config-inited", bibliography.anchor_by_key)
    app.connect("builder-inited", assets.forget_late_files)
    app.connect("builder-inited", compiled.keep)
    app.connect("write-started", switcher.stamp_edition)  # once the pages are read: see its docstring
    app.add_css_file("multivector.css")
    app.add_js_file(None, body=theme.MODE_JS, priority=1)
    app.add_css_file(icons.ICONS_CSS)
    # Each page, in this order: what a hook adds to the body or head comes after what the ones before it added.
    app.connect("doctree-resolved", bibliography.in_their_language)
    app.connect("html-page-context", vega.add_chart_scripts)
    app.connect("html-page-context", cite_box.add_to_section_page)
    app.connect("html-page-context", switcher.label_page)
    app.connect("html-page-context", languages.add_switcher)
    app.connect("html-page-context", search.titles_alone_from_disk)
    app.connect("html-page-context", lineage_html.add_sources)
    app.connect("html-page-context", head.describe_page)
    app.connect("html-page-context", assets.versions)
    app.connect("html-page-context", bibliography.list_item_roles)
    app.connect("html-page-context", assets.drop_thebe, priority=900)
    app.connect("html-page-context", assets.drop_unused, priority=950)
    app.connect("html-page-context", assets.defer_theme_scripts, priority=960)
    # Glued numbers carry their lineage.
    app.add_role_to_domain("glue", "text", lineage_html.LineageTextRole(), override=True)
    # Once the pages are written.
    app.connect("build-finished", root_page.write, priority=400)  # before sphinx-external-toc's bare redirect (500)
    app.connect("build-finished", vega.write_bundle)
    app.connect("build-finished", icons.write)
    app.connect("build-finished", assets.drop_theme_templates)
    app.connect("build-finished", sitemaps.write)
    app.connect("build-finished", search.drop_emptied_terms)
    app.connect("build-finished", sitemaps.list_every_page, priority=400)  # before sphinx-sitemap writes (500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
