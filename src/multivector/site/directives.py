"""The directives of the pages that describe the book and its build: parameters, data sources, what changed, editions."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList

from multivector.params import CONTRACT
from multivector.site import handoff
from multivector.site.appendix import data_sources_html, editions_markdown, what_changed_markdown
from multivector.site.wording import Wording
from multivector.translation.interface import APPENDIX_WORDS

# Each directive's name in the pages. The last three read the build's handoff as Sphinx reads their page, so the build
# has Sphinx read their pages again whenever the handoff changes (engine.incremental).
PARAMETERS, DATA_SOURCES, WHAT_CHANGED, EDITIONS = (
    "multivector-parameters",
    "multivector-data-sources",
    "multivector-what-changed",
    "multivector-editions",
)
READ_THE_HANDOFF = (DATA_SOURCES, WHAT_CHANGED, EDITIONS)


def words_of(directive: Directive) -> Wording:
    """The words of the book being built, in its language (interface.po's, and a translated book's data.po and
    figures.po)."""
    return Wording.of_sphinx(directive.state.document.settings.env.app.config)


def parameter_text(p, wording: Wording) -> str:
    """What the parameters' list says of parameter `p` after its name, in the language of `wording`."""
    said = wording.say(APPENDIX_WORDS["bounded" if p.minimum is not None else "parameter"])
    return " " + said.format(
        type=p.type.__name__,
        default=repr(p.default),
        minimum=p.minimum,
        maximum=p.maximum,
        help=wording.say(p.help),
    )


class ParametersDirective(Directive):
    """Lists the parameter contract, so the documentation cannot drift from the code."""

    def run(self):
        words = words_of(self)
        items = nodes.bullet_list()
        for p in CONTRACT:
            para = nodes.paragraph()
            para += nodes.literal(text=p.name)
            para += nodes.Text(parameter_text(p, words))
            items += nodes.list_item("", para)
        return [items]


class DataSourcesDirective(Directive):
    """The sources appendix: every file of the data package the build used, with its provenance and checksum."""

    def run(self):
        given = handoff.as_built(self.state.document.settings.env.app)["data"]
        return [
            nodes.raw(
                "",
                data_sources_html(given["descriptor"], given["version"], given["fingerprint"], words_of(self)),
                format="html",
            )
        ]


class EditionsDirective(Directive):
    """The Editions page: every edition published before this one and this one, with what changed between each two."""

    def run(self):
        given = handoff.as_built(self.state.document.settings.env.app)
        container = nodes.container(classes=["mv-editions"])
        this = {"edition": given["edition"], "facts": given["facts"]}
        text = editions_markdown(given["earlier"], this, words_of(self))
        self.state.nested_parse(StringList(text.splitlines()), self.content_offset, container)
        return container.children


class WhatChangedDirective(Directive):
    """The what-changed appendix: this edition against the one the build replaced, as tables."""

    def run(self):
        changes = handoff.as_built(self.state.document.settings.env.app)["changes"]
        container = nodes.container(classes=["mv-what-changed"])
        self.state.nested_parse(
            StringList(what_changed_markdown(changes, words_of(self)).splitlines()),
            self.content_offset,
            container,
            match_titles=True,
        )
        return container.children
