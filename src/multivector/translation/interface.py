"""The book's own words outside its pages, to translate in `interface.po`: the notes a translated page shows beside an
outdated or missing paragraph, and the title and table-of-contents captions the configuration gives."""

from __future__ import annotations

import string
from pathlib import Path

import yaml

from multivector.i18n.plurals import Plural
from multivector.params import CONTRACT

# What each parameter is for, as the parameters' list in the About page says it.
PARAMETER_HELP = tuple(p.help for p in CONTRACT)

OUTDATED_NOTE = "The translation of this passage was made for an earlier English text, so the English text is shown."
MISSING_NOTE = "This passage is not translated yet, so the English text is shown."
ENGLISH_LINK = "The passage on the English page"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}
SWITCH_LABEL = "Language"
NOTES = (OUTDATED_NOTE, MISSING_NOTE, ENGLISH_LINK)
# The words the book's Sphinx extension writes on every page (the switcher's label, the edition's label): a translated
# build hands their translations to Sphinx as the `multivector_words` setting (translation.stage, site.languages).
EDITION_WORDS = {"edition": "Edition", "year": "reference year", "built": "built", "version": "data package version"}
# What static/mv-editions.js says of a page's edition once it has read the listing; `{name}`s are filled in there.
EDITION_STATUS_WORDS = {
    "latest": "This is the latest edition.",
    "not_latest": "This is not the latest edition: see the notice above.",
    "archived": "This copy is an archive of edition {edition}: the site may have published newer editions since.",
    "older": "An older edition.",
    "reading": "You are reading edition {edition}. The latest edition is {latest} (reference year {year}, built "
    "{built}), whose figures may differ.",
    "link": "Read this page in the latest edition",
}
# The cite box and the fields of a citation that are sentences (site/cite_box.py, site/cite.py); `{name}` is a value
# filled in (escaped) when the box is made, and a translation keeps every one of them.
CITE_WORDS = {
    "heading": "Cite this section",
    "no_url": "The public address of this site is not set ({option} or {setting}), so these citations carry no URL. "
    "Within the site this section is at {page} in this edition and at {latest_page} in the latest.",
    "this": "This edition ({edition}): permanent, recommended",
    "about": "Edition {edition}, built {date} from data package version {version} (fingerprint {fingerprint}), "
    "published by {publisher}.",
    "no_access": "The formats carry no access date: your reference manager adds the day you read it.",
    "latest": "Latest edition: whatever edition is newest when it is read",
    "copy": "Copy {format}",
    "copied": "Copied",
    "download": "Download:",
    "show": "Show the citation as BibTeX, RIS and CSL-JSON",
    "address": "Permanent address: {url}",
    "edition_label": "Edition {edition}, data version {version}",
    "note": "Section of a data edition of {paper}; data fingerprint {fingerprint}.",
    "latest_note": "Section of a data edition of {paper}; the latest edition, which changes as new editions are "
    "published.",
}
# What a glued figure's lineage pop-up says around its data (site/static/mv-lineage.js, by these English keys).
LINEAGE_WORDS = (
    "Where {figure} comes from",
    "Formula:",
    "Parameter",
    "Inputs:",
    "line",
    "column",
    "Data package version",
    "Sources:",
    "data sources appendix",
    "download {file}",
    "origin: {title}",
    "Close",
    "show where this figure comes from",
)
# The appendices' own words around the data they list (site/appendix.py, site/directives.py, their templates).
APPENDIX_WORDS = {
    "package": "Data package {file}, version {version}, fingerprint {fingerprint}.",
    "licence": "licence: {licence}",
    "no_licence": "not stated by the source",
    "compiled": "How it was compiled: {how}",
    "not_recorded": "not recorded",
    "sources": "Sources:",
    "files": "files",
    "published": "published",
    "accessed": "accessed",
    "licence_key": "licence",
    "note": "note",
    "checks": "Cross-checks of the snapshots against printed figures:",
    "printed": "{what}: printed {printed} {unit} ({source});",
    "from_parts": "the snapshot gives {value} from the rounded parts, as the paper and the claims ledger compute it "
    "(unrounded {unrounded}): {verdict}",
    "gives": "the snapshot gives {value}: {verdict}",
    "agrees": "agrees",
    "differs": "differs",
    "columns": "Columns",
    "parameter": "({type}, default {default}): {help}",
    "bounded": "({type}, default {default}, {minimum} to {maximum}): {help}",
}
# A file's size in the data sources' entries.
BYTES = Plural("{count} byte", "{count} bytes")
# The PDFs' own words: the footer of every printed page (tools/pdf.py) and the links to them (site/cite_box.py).
PDF_WORDS = {
    "page": "page {page} of {pages}",
    "links": "Read or print it as a PDF (A4, with its citation, the charts and page numbers): {section} · {book}.",
    "section": "this section",
    "book": "the whole book",
}
# The what-changed and editions appendices' own words (site/appendix.py); what they list is the editions' facts.
CHANGE_WORDS = {
    "first": "This is the first edition built into this folder: there is no earlier edition to compare with.",
    "summary": "Summary",
    "figures": "Figures",
    "figure": "figure",
    "shown_in": "shown in",
    "previous": "previous",
    "now": "now",
    "difference": "difference",
    "claims": "Claims whose status changed",
    "claim": "claim",
    "why": "why",
    "parameters": "Parameters",
    "parameter": "parameter",
    "files": "Data files whose checksum changed",
    "file": "data file",
    "previous_sha": "previous sha256",
    "none": "(none)",
    "edition": "edition",
    "year": "reference year",
    "package": "data package",
    "fingerprint": "fingerprint",
    "built": "built",
    "this": "(this edition)",
    # English writes its ordinals by rule (1st, 2nd, 3rd, 4th); a translation gives the one form its sentence needs.
    "ordinal": "{number}th",
    "intro": "This edition is the {ordinal} published into its output folder. Each edition stays online at its own "
    "permanent address, `editions/<id>/` under the site's root; the root itself serves the latest edition. Editions "
    "published after this one are listed on the Editions page of the latest edition.",
    "from_to": "From {before} to {after}",
    "unread": "The facts of edition {edition} could not be read, so this comparison is missing.",
}
SITE_WORDS = (
    SWITCH_LABEL,
    *PDF_WORDS.values(),
    *EDITION_WORDS.values(),
    *EDITION_STATUS_WORDS.values(),
    *CITE_WORDS.values(),
    *LINEAGE_WORDS,
    *APPENDIX_WORDS.values(),
    *PARAMETER_HELP,
    *CHANGE_WORDS.values(),
)
# Each once (a word can be in two lists: "built", "reference year"), as a catalog holds it.
SITE_WORDS = tuple(dict.fromkeys(SITE_WORDS))
WORDS_SETTING = "multivector_words"
# Where a translated stage keeps that setting's words, beside its _config.yml rather than in it: 21 KB of YAML, which
# Jupyter Book parses twice in pure Python (0.2 s of each translated run).
WORDS_FILE = "_multivector_words.json"
# Where a translated build's catalogs are (translation.stage sets it): the appendices read the data's words
# (data.po) and the glued figures' (figures.po) from there.
CATALOGS_SETTING = "multivector_catalogs"
# The types a Table Schema gives a field (the data sources' columns list them), as the specification names them.
FIELD_TYPES = (
    "string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "year", "yearmonth",
    "duration", "geopoint", "geojson", "any",
)  # fmt: skip
# What a count in the edition's figures counts (analysis.narrative.num's `unit`): how the what-changed summary names
# the unit of its largest moves in counts.
COUNT_UNITS = ("count", "partners", "days", "times", "events", "troops")


def comparison_words() -> tuple:
    """What the what-changed and editions pages say around the editions' facts: the summary's sentences and counts
    (engine.comparison), the claims' reasons (engine.claim_reasons), the figures' labels (analysis.labels), the
    claims' statuses, the sections' names and the units of counts."""
    # Imported here: engine.comparison loads jsonschema, and every command imports this module for its words.
    from multivector import sections
    from multivector.analysis.labels import FIGURES
    from multivector.analysis.statuses import STATUSES
    from multivector.engine import claim_reasons, comparison

    plurals = (comparison.FIGURES_CHANGED, comparison.CLAIMS_CHANGED, BYTES)
    said = (*comparison.SUMMARY.values(), comparison.MOVE, comparison.MOVED, *claim_reasons.REASONS.values())
    return (*said, *plurals, *FIGURES, *STATUSES, *(s.label for s in sections.TABLE), *COUNT_UNITS, *FIELD_TYPES)


def config_words(root: Path) -> list[str]:
    """The book's title, the table of contents' captions and the numbering of charts and tables ("Chart %s"), as the
    configuration gives them."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part["caption"] for part in toc.get("parts", []) if part.get("caption")]
    return [config["title"], *captions, *numbering(config).values()]


def numbering(config: dict) -> dict:
    """How Sphinx numbers the book's figures, tables and listings (numfig_format), by kind."""
    return dict(config.get("sphinx", {}).get("config", {}).get("numfig_format") or {})


def messages(root: Path) -> list[str]:
    # Imported here for start-up time: charts.card_html loads pandas and vl-convert, and every command and the Sphinx
    # extension import this module for its words; only the catalogs' update and check list the chart frame's.
    from multivector.charts.card_html import FRAME_WORDS

    return list(dict.fromkeys([*config_words(root), *NOTES, *SITE_WORDS, *comparison_words(), *FRAME_WORDS]))


def sentence(words: dict, english: str) -> str:
    """`english`, one of the book's own sentences, as `words` (its translations, by their English) give it; English
    where they lack it or name other values than it does (it could not be filled in)."""
    given = words.get(english) or english
    return given if _fields(given) == _fields(english) else english


def _fields(text: str) -> set | None:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # an unbalanced brace
        return None
