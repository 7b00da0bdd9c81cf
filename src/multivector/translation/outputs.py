"""What a notebook printed besides its charts (claims tables, source lists, the run card, the sentences around them),
printed again in another language from the parts the kernel glued with it (notebook.printed), through the templates of
site/templates/parts/: the edition's words from `outputs.po` (a note's template under its check's context), the data's
words from `data.po` (translation.datawords), numbers and dates as the kernel formatted them in the language.

A text with no current translation stays English, marked `lang="en"`, and is reported; a source's title, authors and
publisher stay in their language, marked as such. No notebook runs again.
"""

from __future__ import annotations

from babel.lists import format_list
from babel.messages.catalog import Catalog
from markupsafe import Markup

from multivector import paths, sections, text
from multivector.analysis import claim_notes, figure_sentences
from multivector.analysis.statuses import STATUSES
from multivector.data import periods
from multivector.i18n import sentences as s
from multivector.notebook import printed
from multivector.site import parts
from multivector.translation import catalogs, datawords
from multivector.translation.blocks import LETTERS

HTML, MARKDOWN = "text/html", "text/markdown"
# Where a source's own field is translated, if it holds the edition's words (a note, how it was published).
SOURCE_FIELD = "sources/{key}/{field}"
# A source's fields the edition may have written in its own words (the others are the source's: title, journal...).
EDITION_FIELDS = ("howpublished", "note")
ENDS = (".", "?", "!")
NUMBERS = {"volume": "{}", "number": "({})", "pages": ":{}"}


class Say:
    """The words of one language: the edition's (`outputs.po`) and the data's (data.po); what stayed English, in `left`."""

    def __init__(self, lang: str, catalog: Catalog, words: datawords.Words):
        self.lang, self.catalog, self.words = lang, catalog, words
        self.left: list[tuple[str, str]] = []

    def text(self, context: str, english: str) -> str | None:
        """The current translation of `english` in `context`, or None (reported)."""
        found = catalogs.look_up(self.catalog, english, context)
        if found.status == catalogs.OK:
            return found.text
        self.left.append((context, english))
        return None

    def word(self, context: str, english: str) -> Markup:
        said = self.text(context, english)
        return parts.escape(said) if said is not None else english_text(english)

    def fill(self, context: str, english: str, **values) -> Markup:
        """The sentence `english` (context `context`) filled with `values` (HTML or text): its translation, or the
        English marked as such when it has no current one (or names other values than the English)."""
        said = self.text(context, english)
        if said is not None and s.fields(said) == s.fields(english):
            return parts.fill(said, **values)
        if said is not None:
            self.left.append((context, english))
        return Markup('<span lang="en">{}</span>').format(parts.fill(english, **values))

    def attribute(self, context: str, english: str) -> str:
        """For an attribute, where no element can mark a language."""
        return self.text(context, english) or english

    def value(self, data: dict) -> Markup:
        """A value of the parts (i18n.sentences.value_data) in this language."""
        if s.TEXTS in data:
            return parts.escape(data[s.TEXTS][self.lang])
        if s.SAME in data:
            return parts.escape(data[s.SAME])
        if s.WORD in data:
            found = self.words.found(*data[s.WORD], data[s.ENGLISH])
            if found.status == catalogs.OK:
                return parts.escape(found.text)
            return self.english_word(datawords.context(*data[s.WORD]), data[s.ENGLISH])
        if s.PARTNER in data:
            name = self.words.partner(data[s.PARTNER], data[s.ENGLISH])
            if name != data[s.ENGLISH]:
                return parts.escape(name)
            return self.english_word(datawords.context("partners", "name", data[s.PARTNER]), name)
        if s.LIST in data:
            return Markup(parts.escape(data["joiner"])).join(self.value(v) for v in data[s.LIST])
        if s.SENTENCE in data:
            return self.sentence(data)
        return english_text(data[s.ENGLISH])

    def english_word(self, where: str, english: str) -> Markup:
        """A data word with no current translation in data.po, reported under its place there."""
        self.left.append((f"{catalogs.DATA}.po: {where}", english))
        return english_text(english)

    def sentence(self, data: dict) -> Markup:
        """A sentence of the parts: its template's translation filled with its values in this language; all of it in
        English (as the kernel printed it, marked) when the template has no current translation."""
        sentence = data[s.SENTENCE]
        said = self.text(sentence["context"], sentence["template"])
        if said is not None and s.fields(said) == s.fields(sentence["template"]):
            return parts.fill(said, **{k: self.value(v) for k, v in sentence["values"].items()})
        if said is not None:
            self.left.append((sentence["context"], sentence["template"]))
        return english_text(s.english_of(data))


def plain_sentence(data: dict, say: Say) -> str | None:
    """A glued sentence (i18n.sentences.Sentence's data) as plain text in the language, or None when any of it would
    stay English: a glued figure is text, which cannot mark a part of itself as English."""
    said = say.sentence({s.SENTENCE: data})
    return None if "<" in said else said.unescape()


def english_text(english: str) -> Markup:
    """Text left in English on a page in another language, marked so that a screen reader reads it as English."""
    return Markup('<span lang="en">{}</span>').format(english) if LETTERS.search(english) else parts.escape(english)


def claims_html(part: dict, say: Say) -> str:
    from docutils.nodes import make_id  # the anchor Sphinx gives a bibliography entry, as the English table links it

    w = {k: say.word(printed.CLAIMS, v) for k, v in printed.TABLE_WORDS.items()}
    labels = {k: say.attribute(printed.CLAIMS, v) for k, v in printed.TABLE_WORDS.items()}
    rows = []
    for r in part["rows"]:
        key = r["source"]
        rows.append(
            {
                "id": r["id"],
                "claim": say.value(r["claim"]),
                "period": say.value(r["period"]),
                "stated": say.value(r["stated"]) if r["stated"] else "—",
                "computed": say.value(r["computed"]) if r["computed"] else w["not_computed"],
                "source": key
                and {"href": f"{printed.REFERENCES_PAGE}#{make_id('ref-' + key)}", "text": part["sources"][key]},
                "status_class": r["status"].split()[0],
                "status": say.word(printed.STATUS, r["status"]),
                "note": say.value(r["note"]),
                "later": r["later"] and say.value(r["later"]),
            }
        )
    return parts.render("claims-table.html", w=w, labels=labels, rows=rows)


def sources_html(part: dict, say: Say) -> str:
    return parts.render("source-list.html", entries=[source_sentences(e, say) for e in part["entries"]])


def source_sentences(entry: dict, say: Say) -> list[Markup]:
    """A source as sentences in the order pybtex's plain style gives them: authors, title, where and when it was
    published, the edition's note, its address."""
    fields, key = entry["fields"], entry["key"]
    names = [english_text(n) for n in entry["authors"]]
    own = lambda name: field_text(key, name, fields[name], say) if name in fields else None  # noqa: E731
    kept = lambda name: english_text(fields[name]) if name in fields else None  # noqa: E731
    if entry["type"] == "article":
        # Volume, issue and pages as the plain style writes them: "96(4):975–993".
        numbers = "".join(form.format(fields[f]) for f, form in NUMBERS.items() if f in fields)
        where = [Markup(" ").join(filter(None, (kept("journal"), parts.escape(numbers) if numbers else None)))]
    elif entry["type"] == "techreport":
        report = " ".join(fields[a] for a in ("type", "number") if a in fields)
        where = [english_text(report) if report else None, kept("institution")]
    else:
        where = [own("howpublished")]
    date = say.value(entry["date"]) if entry["date"] else say.word(printed.SOURCES, printed.SOURCE_WORDS["no_date"])
    link = Markup("{} {}").format(
        say.word(printed.SOURCES, printed.SOURCE_WORDS["url"]), parts.link(entry["url"], entry["url"])
    )
    said = [
        listed(names, say.lang) if names else None,
        kept("title"),
        Markup(", ").join(p for p in [*where, date] if p),
        own("note"),
        link if entry["url"] else None,
    ]
    return [ended(p) for p in said if p]


def field_text(key: str, name: str, english: str, say: Say) -> Markup:
    """A source's field that may be the edition's words: its translation, or (untranslated, or translated as itself:
    the source's own words) the English marked as such."""
    said = say.text(SOURCE_FIELD.format(key=key, field=name), english)
    return english_text(english) if said is None or said == english else parts.escape(said)


def listed(items: list[Markup], lang: str) -> Markup:
    """Names one after another as the language lists them (CLDR, through Babel: 'A, B и C')."""
    pattern = format_list([f"{{{i}}}" for i in range(len(items))], locale=lang)
    return parts.escape(pattern).format(*items)


def ended(sentence: Markup) -> Markup:
    return sentence if sentence.striptags().rstrip().endswith(ENDS) else sentence + "."


def run_card_html(part: dict, say: Say) -> str:
    words = {k: say.word(printed.RUN_CARD, v) for k, v in printed.RUN_WORDS.items()}
    fill = lambda key, **values: say.fill(printed.RUN_CARD, printed.RUN_WORDS[key], **values)  # noqa: E731
    reads = []
    for name, rows_of in part["reads"]:
        shown = parts.code(name)
        if rows_of:
            named = Markup(", ").join(parts.code(part) for part in rows_of)
            by_year = periods.by_year(rows_of)
            shown = fill("years", name=shown, years=named) if by_year else fill("rows", name=shown, sections=named)
        reads.append(shown)
    read = Markup(", ").join(reads) if reads else words["no_file"]
    return parts.render(
        "run-card.html",
        words=words,
        parameters=[*part["parameters"], ["data_dir", words[part["data_dir"]]]],
        read=fill(
            "read",
            version=part["version"],
            read=read,
            fingerprint=parts.code(part["fingerprint"]),
        ),
        built=fill("built", date=say.value(part["built"]), **part["versions"]),
    )


RENDER = {printed.CLAIMS: claims_html, printed.SOURCES: sources_html, printed.RUN_CARD: run_card_html}


def part_of(output: dict) -> dict | None:
    return ((output.get("metadata") or {}).get(paths.METADATA_KEY) or {}).get(paths.PRINTED)


def swap(output: dict, say: Say) -> bool:
    """Print an output again in `say`'s language from its parts; False if it has none."""
    part = part_of(output)
    if not part:
        return False
    if part["kind"] == printed.MARKDOWN:
        said = say.text(part["context"], part["text"])
        if said is not None:
            output["data"] = {MARKDOWN: part["form"].format(text.markdown(said))}
        elif part["form"] == "{}":
            output["data"] = {HTML: str(Markup("<p>{}</p>").format(english_text(part["text"])))}
    else:
        output["data"] = {HTML: RENDER[part["kind"]](part, say)}
    # Printed: the parts would only weigh down the translated notebook that the page offers for download.
    del output["metadata"][paths.METADATA_KEY][paths.PRINTED]
    return True


# The words every printed output and glued sentence can use, whether or not this build's pages used them (another
# year's notes, say).
STATIC = [
    *((printed.CLAIMS, w) for w in printed.TABLE_WORDS.values()),
    *((printed.CLAIMS, w) for w in (printed.QUOTES_ALSO, printed.QUOTES_ONLY, printed.QUOTES_NONE)),
    *claim_notes.every_template(),
    *figure_sentences.every_template(),
    *((printed.STATUS, w) for w in STATUSES),
    *((printed.RUN_CARD, w) for w in printed.RUN_WORDS.values()),
    *((printed.SOURCES, w) for w in printed.SOURCE_WORDS.values()),
    *((printed.SECTIONS, section.label) for section in sections.TABLE),
]


def messages(part: dict) -> list[tuple[str, str]]:
    """The words of one printed output a translator translates in `outputs.po`, each with its context."""
    if part["kind"] == printed.MARKDOWN:
        return [(part["context"], part["text"])]
    if part["kind"] == printed.CLAIMS:
        values = [v for r in part["rows"] for v in (r["note"], r["later"]) if v]
        return [t for v in values for t in s.templates(v)]
    if part["kind"] == printed.SOURCES:
        return [
            (SOURCE_FIELD.format(key=e["key"], field=f), e["fields"][f])
            for e in part["entries"]
            for f in EDITION_FIELDS
            if f in e["fields"]
        ]
    return []
