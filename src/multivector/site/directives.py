"""The directives of the pages that describe the book and its build: parameters, data sources, what changed, editions."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList

from multivector.params import CONTRACT
from multivector.site import handoff
from multivector.site.appendix import data_sources_html, editions_markdown, what_changed_markdown


class ParametersDirective(Directive):
    """Lists the parameter contract, so the documentation cannot drift from the code."""

    def run(self):
        items = nodes.bullet_list()
        for p in CONTRACT:
            para = nodes.paragraph()
            para += nodes.literal(text=p.name)
            para += nodes.Text(
                f" ({p.type.__name__}, default {p.default!r}"
                + (f", {p.minimum} to {p.maximum}" if p.minimum is not None else "")
                + f"): {p.help}"
            )
            items += nodes.list_item("", para)
        return [items]


class DataSourcesDirective(Directive):
    """The sources appendix: every file of the data package the build used, with its provenance and checksum."""

    def run(self):
        given = handoff.of(self.state.document.settings.env.app)["data"]
        return [
            nodes.raw("", data_sources_html(given["descriptor"], given["version"], given["fingerprint"]), format="html")
        ]


class EditionsDirective(Directive):
    """The Editions page: every edition published before this one and this one, with what changed between each two."""

    def run(self):
        given = handoff.of(self.state.document.settings.env.app)
        container = nodes.container(classes=["mv-editions"])
        text = editions_markdown(given["earlier"], {"edition": given["edition"], "facts": given["facts"]})
        self.state.nested_parse(StringList(text.splitlines()), self.content_offset, container)
        return container.children


class WhatChangedDirective(Directive):
    """The what-changed appendix: this edition against the one the build replaced, as tables."""

    def run(self):
        changes = handoff.of(self.state.document.settings.env.app)["changes"]
        container = nodes.container(classes=["mv-what-changed"])
        self.state.nested_parse(
            StringList(what_changed_markdown(changes).splitlines()), self.content_offset, container, match_titles=True
        )
        return container.children
