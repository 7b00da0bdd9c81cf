"""What a section notebook prints besides its prose and charts (claims tables, source lists, the run card, the sentences
around them), as parts glued in the output's metadata: rows as data, each value with its text in every language
(i18n.formatting) or its place in the data package (for data.po), so that the translated stage prints them again in
its language (translation.outputs) without parsing the English. The English words they print have their home here."""

from __future__ import annotations

import calendar
from importlib.metadata import version as _version

from multivector import data, paths, references
from multivector.i18n import formatting
from multivector.i18n.sentences import ENGLISH, Sentence, Word, each, value_data

CLAIMS, SOURCES, RUN_CARD, MARKDOWN = "claims", "sources", "run_card", "markdown"
# Where a claims table links each source: its entry on the book's references page (the same in every language).
REFERENCES_PAGE = "../book/references.html"
# The English words of the claims tables (their catalog context is CLAIMS).
TABLE_WORDS = {
    "claim_source": "Claim and source",
    "paper_data": "Paper and data",
    "status_head": "Status: what was compared",
    "claim": "Claim",
    "figures": "Figures",
    "status": "Status",
    "source": "Source:",
    "paper": "Paper:",
    "computed": "Computed:",
    "not_computed": "not computed",
}
# The sentences a page prints around its claims tables, and the ledger's headings' context.
QUOTES_ALSO = "This page also quotes figures the paper gives in other sections, tested in the claims ledger:"
QUOTES_ONLY = (
    "The paper states no figures in this section; this page quotes figures the paper gives in other sections, tested "
    "in the claims ledger:"
)
QUOTES_NONE = "This page quotes no figure from the paper."
SECTIONS = "sections"
STATUS = "claims/status"
# The run card's words (context RUN_CARD).
RUN_WORDS = {
    "card": "Run card.",
    "parameters": "Parameters:",
    "read": "Data package version {version}; this page read {read} (fingerprint {fingerprint}).",
    "built": "Built {date} with multivector {multivector}, altair {altair}.",
    "no_file": "no data file",
    "rows": "{name} (rows of {sections})",
    "years": "{name} (rows for {years})",
    "custom": "custom folder",
    "shipped": "data/ (shipped)",
}
# The source lists' words (context SOURCES); a source's own fields are translated under "sources/<key>/<field>".
SOURCE_WORDS = {"no_date": "n.d.", "url": "URL:"}
# Units of claims.csv whose figures i18n.formatting writes in every language (the others: counted nouns, or English).
UNIT_TEXTS = {
    "percent": lambda v, digits, lang: formatting.percent(v, digits, lang),
    "bn USD": lambda v, digits, lang: formatting.billions_usd(v, digits, lang),
    "year": lambda v, digits, lang: str(int(v)),
}


def metadata(kind: str, **parts) -> dict:
    """An output's metadata carrying its parts."""
    return {paths.METADATA_KEY: {paths.PRINTED: {"kind": kind, **parts}}}


def markdown(context: str, english: str, form: str = "{}") -> tuple[str, dict]:
    """A sentence printed as Markdown (`form` around its text: '## {}' for a heading), and its metadata."""
    return form.format(english), metadata(MARKDOWN, context=context, text=english, form=form)


def stated(value: float, unit: str) -> dict:
    """A claim's figure as the paper states it, in every language: '53 percent' in English as the ledger always
    printed it, the language's own format for a unit it writes, English (marked) for a unit it does not."""
    english = f"{value:g}\u00a0{unit}"
    digits = len(f"{value:g}".partition(".")[2])
    if unit in UNIT_TEXTS:
        return value_data(each(english, UNIT_TEXTS[unit], value, digits))
    if formatting.countable(unit):
        return value_data(each(english, formatting.counted, value, unit, digits=digits))
    return {ENGLISH: english}


def said(note) -> dict:
    """A note as data: a sentence with its template and values; any other text, as English."""
    return value_data(note) if isinstance(note, Sentence) else {ENGLISH: str(note)}


def claim_rows(frame, refs: dict[str, str]) -> list[dict]:
    """The rows of a claims table as data; `refs` holds the source keys that have a reference (the table's parts give
    each reference's text once, beside the rows)."""
    rows = []
    for r in frame.itertuples():
        has_source = r.source_key in refs
        later = getattr(r, "later", "")
        rows.append(
            {
                "id": r.id,
                "claim": value_data(Word("claims", "claim", r.id, r.claim)),
                "period": value_data(Word("claims", "period", r.id, str(r.period))),
                "stated": None if r.value != r.value else stated(r.value, r.unit),
                "computed": None
                if r.computed is None or r.computed != r.computed
                else value_data(each(f"{r.computed:,.2f}", formatting.number, r.computed, 2)),
                "source": r.source_key if has_source else None,
                "status": r.status,
                "note": said(r.note),
                "later": said(later) if later else None,
            }
        )
    return rows


def source_entries(keys: list[str]) -> list[dict]:
    """A source list's entries as data, with each entry's date in every language when it has one."""
    out = []
    for entry in references.entries(keys):
        fields = entry["fields"]
        year, month = fields.get("year", ""), fields.get("month", "")
        months = {name: i for i, name in enumerate(calendar.month_name) if name}
        date = None
        if year.isdigit():
            english = f"{month} {year}" if month else year
            date = each(english, formatting.month_year, int(year), months[month]) if month in months else year
        out.append(entry | {"date": value_data(date) if date else None})
    return out


def run_card_parts(ds: data.Dataset, values: dict, built: str, read: list[str]) -> dict:
    """The run card's parts: the parameters (the data folder as a word), what the page read, when and with what."""
    shown = {k: str(v) for k, v in values.items() if k != "data_dir"}
    reads, whole = {}, set()
    for name in read:
        resource, _, section = name.partition(data.PART)
        reads.setdefault(resource, set()).add(section)
        whole |= set() if section else {resource}
    return {
        "parameters": list(shown.items()),
        "data_dir": "custom" if values.get("data_dir") else "shipped",
        "version": ds.version,
        # As data.describe_reads says them: a resource read whole is named alone, one read in part with its sections.
        "reads": [[name, [] if name in whole else sorted(sections)] for name, sections in sorted(reads.items())],
        "fingerprint": ds.fingerprint_of(read),
        "built": value_data(each(built, formatting.moment, built, "day")),
        "versions": {"multivector": _version("multivector"), "altair": _version("altair")},
    }
