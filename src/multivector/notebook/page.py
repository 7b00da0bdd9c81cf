"""What a section notebook calls: load and check the data once, glue figures, show charts, claims and sources."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from functools import cached_property
from importlib.metadata import version as _version
from pathlib import Path

import jinja2
from IPython.display import HTML, Markdown, display

from multivector import data, params, paths, references, sections, text
from multivector.analysis import claims as claims_mod
from multivector.analysis import compute, figures, statuses
from multivector.analysis.lineage import Figure, Traced, param
from multivector.analysis.narrative import glue, glue_many, num
from multivector.charts import Card, pictures
from multivector.charts.phrases import Phrase
from multivector.notebook import printed
from multivector.sections import Timeline

CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
# sphinxcontrib-bibtex's notes around a key: {see e.g.}key{p. 21}.
CITE_NOTE = re.compile(r"\{[^{}]*\}")


# How each figure of a section is made, as the setup cell shows it in JupyterLab (the site leaves that cell out).
FIGURE_TABLE = jinja2.Environment(autoescape=True).from_string(
    """<table class="mv-figures">
<caption>This section's figures: the text the prose shows, how it is computed, and the cells it rests on</caption>
<thead><tr><th>Name</th><th>Shown as</th><th>Formula</th><th>Cells</th></tr></thead>
<tbody>{% for name, shown, formula, cells in rows %}
<tr><td><code>{{ name }}</code></td><td>{{ shown }}</td><td>{{ formula }}</td><td>{% for c in cells %}{{ c }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td></tr>{% endfor %}
</tbody></table>"""
)


class FigureTable(dict):
    """A section's figures by glue name, shown in a notebook as a table: name, text, formula in words, cells."""

    def rows(self) -> list[tuple[str, str, str, list[str]]]:
        out = []
        for name, shown in self.items():
            lineage = getattr(shown, "lineage", None) or {}
            cells = [
                f"{i['path']}, line {i['line']}, {i['column']}: {i['value']}"
                if i.get("kind") == "input"
                else f"parameter {i['name']} = {i['value']}"
                for i in lineage.get("inputs", [])
            ]
            out.append((name, str(shown), lineage.get("formula", ""), cells))
        return out

    def _repr_html_(self) -> str:
        return FIGURE_TABLE.render(rows=self.rows())


class Page:
    """One section of the book, built for one set of parameters."""

    def __init__(self, section: str, **values):
        if section not in sections.PAGES:
            raise ValueError(f"unknown page {section!r}; expected one of {', '.join(sections.PAGES)}")
        self.section = section
        self.params = params.validate(values)
        self.year = self.params["year"]
        self.ds = data.load(self.params["data_dir"] or None, year=self.year)
        self._charted = 0  # charts shown so far
        glue("year", Figure(str(self.year), param("year", self.year)))

    def figures(self) -> FigureTable:
        """Compute and glue every figure this section's prose quotes; in JupyterLab, the table of them."""
        values = figures.of_page(self.section, self.ds, self.params)
        glue_many(values)
        return FigureTable(values)

    @property
    def timeline(self) -> Timeline:
        """This section's timeline, as the table of sections declares it."""
        found = sections.get(self.section).timeline
        if found is None:
            raise ValueError(f"section {self.section!r} has no timeline in multivector/sections.py")
        return found

    def chart(self, card: Card) -> None:
        """Glue a chart card under its name, for a `{glue:figure}` in the narrative."""
        from myst_nb import glue as _glue

        # A picture drawn before from the same spec is read from the folder the build names (charts.pictures.kept_in).
        kept = os.environ.get(paths.PICTURES_ENV)
        try:
            with pictures.kept_in(Path(kept)) if kept else contextlib.nullcontext():
                _ = card.html  # drawn here, so that a chart that cannot be drawn stops the page, named
            if not self._charted:
                self._draw_preview(card)
        except pictures.ChartRenderError as err:
            raise pictures.ChartRenderError(f"page {self.section}: {err}") from None
        self._charted += 1
        _glue(card.name, card, display=False)
        # The caption's words on the marks come from the chart function, next to the encoding they describe.
        key = Figure(str(card.key))
        if isinstance(card.key, Phrase):  # said again in another language from its template (charts.po)
            key.phrase = {"chart": card.name, **card.key.data()}
        glue(f"{card.name}_key", key)

    def _draw_preview(self, card: Card) -> None:
        """Draw the page's link preview (its first chart, as site.head.preview_image draws it from the spec on the
        page) into the folder the build names, if any: this kernel has started the drawing engine already, and
        Sphinx, finding the picture drawn, never starts it (a second of a rebuild whose chart changed). A notebook that
        glues another chart first leaves the drawing to Sphinx; a folder that cannot be written costs time only."""
        previews = os.environ.get(paths.PREVIEWS_ENV)
        if previews:
            with contextlib.suppress(OSError):
                pictures.png(card.name, json.loads(json.dumps(card.spec())), cache=Path(previews))

    @cached_property
    def ledger(self):
        """The whole claims ledger: for the appendix that shows it all."""
        return claims_mod.evaluate(self.ds, self.year)

    def claims(self) -> None:
        """Show the claims this page states: the section's own, then those it quotes from other sections."""
        mine = claims_mod.evaluate(self.ds, self.year, section=self.section)
        quoted = sorted(self.ds.fetched.get("claims", set()) - set(mine["id"]))
        if not mine.empty:
            show_claims(mine)
        if quoted:
            ledger = claims_mod.evaluate(self.ds, self.year, ids=quoted)
            show_markdown(printed.CLAIMS, printed.QUOTES_ALSO if not mine.empty else printed.QUOTES_ONLY)
            show_claims(ledger)
        if mine.empty and not quoted:
            show_markdown(printed.CLAIMS, printed.QUOTES_NONE)

    def cited_keys(self) -> list[str]:
        """Keys cited in this section's narrative, its claims, in first-use order."""
        nb = json.loads(paths.notebook(self.section).read_text(encoding="utf-8"))
        keys: list[str] = []
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                for group in CITE_ROLE.findall("".join(cell["source"])):
                    keys += [CITE_NOTE.sub("", k).strip() for k in group.split(",")]
        keys += list(self.ds.rows("claims", sections=[self.section])["source_key"])
        return list(dict.fromkeys(keys))

    def sources(self) -> None:
        """The section's list of sources, formatted from references.bib."""
        keys = self.cited_keys()
        entries = printed.source_entries(keys)
        display(Markdown(references.markdown_list(keys)), metadata=printed.metadata(printed.SOURCES, entries=entries))

    def run_card(self) -> None:
        """The page's last cell: how it was made, and (for the build's cache) every data resource it read."""
        card = run_card(self.ds, self.params)
        # Each read with its digest as this page read it: the build keys the cached copy on these, and stops if they
        # are not what it checked (the data changed while it ran).
        digests = self.ds.digests()
        read = {r: digests.get(r) for r in sorted(self.ds.used)}
        parts = printed.run_card_parts(self.ds, self.params, built_date(), data_reads(self.ds))
        ours = printed.metadata(printed.RUN_CARD, **parts)[paths.METADATA_KEY]
        display(HTML(card), metadata={paths.METADATA_KEY: {paths.RESOURCES: read, **ours}})

    def ledger_table(self) -> None:
        """The whole claims ledger, grouped by section, for the appendix."""
        for section in sections.TABLE:
            mine = self.ledger[self.ledger["section"] == section.slug]
            if not mine.empty:
                show_markdown(printed.SECTIONS, section.label, "## {}")
                show_claims(mine)

    def status_counts(self) -> dict[str, Figure]:
        """How many claims have each status, for the ledger's prose. claims_not counts every claim the data cannot
        test (they lack the figure, or the year); claims_not_year only those whose series lack the edition's year."""
        c = statuses
        groups = {
            "reproduced": (c.REPRODUCED,),
            "consistent": (c.CONSISTENT,),
            "differs": (c.DIFFERS,),
            "not": (c.NOT_TESTABLE, c.NOT_TESTABLE_YEAR),
            "not_year": (c.NOT_TESTABLE_YEAR,),
            "total": c.STATUSES,
        }

        def count(statuses: tuple[str, ...]) -> Figure:
            rows = self.ledger[self.ledger["status"].isin(statuses)]
            cells = [compute.source(self.ds, "claims", "claim", id=i) for i in rows["id"]]
            said = "any status" if statuses == c.STATUSES else "the status " + " or ".join(f"'{s}'" for s in statuses)
            return num(Traced.of(len(rows), f"the number of claims in claims.csv with {said} for {self.year}", *cells))

        # The legend's words for each status, glued beside the counts: the rule and what the reader is told are one text.
        meanings = {
            "reproduced": c.REPRODUCED,
            "consistent": c.CONSISTENT,
            "differs": c.DIFFERS,
            "not": c.NOT_TESTABLE,
            "not_year": c.NOT_TESTABLE_YEAR,
        }
        return {f"claims_{name}": count(statuses) for name, statuses in groups.items()} | {
            f"meaning_{name}": c.MEANINGS[status] for name, status in meanings.items()
        }


def show_claims(frame) -> None:
    """Print a claims table, with its rows as data for the translated stage."""
    refs = source_texts(frame)
    rows = printed.claim_rows(frame, refs)
    display(HTML(claims_table(frame)), metadata=printed.metadata(printed.CLAIMS, rows=rows, sources=refs))


def show_markdown(context: str, english: str, form: str = "{}") -> None:
    """Print a sentence of the book's own (or a heading: `form` '## {}'), with its words for the translated stage."""
    shown, metadata = printed.markdown(context, english, form)
    display(Markdown(shown), metadata=metadata)


def source_texts(frame) -> dict[str, str]:
    """Each source key of the claims' rows with its reference as plain text."""
    return references.texts(list(dict.fromkeys(k for k in frame["source_key"] if k == k and k)))


def claims_table(frame) -> str:
    """Claims as a three-column table (claim and source, figures, verdict) that stacks into cards on a phone."""
    from docutils.nodes import make_id  # the anchor Sphinx gives the entry (bibtex_cite_id "ref-{key}", normalised)

    e, w = text.html, printed.TABLE_WORDS
    refs = source_texts(frame)
    rows = []
    for r in frame.itertuples():
        stated = "" if r.value != r.value else f"{r.value:g}\u00a0{r.unit}"
        computed = "" if r.computed is None or r.computed != r.computed else f"{r.computed:,.2f}"
        source = (
            (
                f'<p class="mv-claim-source">{w["source"]} <a href="{printed.REFERENCES_PAGE}#{e(make_id("ref-" + r.source_key))}">'
                f"{e(refs[r.source_key])}</a></p>"
            )
            if r.source_key in refs
            else ""
        )
        figures = (
            f"<p>{w['paper']} {e(stated) or '—'} ({e(str(r.period))})</p>"
            f"<p>{w['computed']} {e(computed) or w['not_computed']}</p>"
        )
        rows.append(
            f'<tr id="claim-{e(r.id)}"><td data-label="{w["claim"]}"><p>{e(r.claim)}</p>{source}</td>'
            f'<td data-label="{w["figures"]}">{figures}</td>'
            f'<td data-label="{w["status"]}"><p class="mv-status-{e(r.status.split()[0])}">{e(r.status)}</p>'
            f"<p>{e(r.note)}</p>" + (f"<p>{e(r.later)}</p>" if getattr(r, "later", "") else "") + "</td></tr>"
        )
    head = f"<tr><th>{w['claim_source']}</th><th>{w['paper_data']}</th><th>{w['status_head']}</th></tr>"
    return f'<table class="mv-table mv-claims"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def built_date() -> str:
    """The day the page was built, as the build gives it to the notebooks (else today), ISO."""
    return os.environ.get(paths.BUILD_DATE_ENV) or dt.date.today().isoformat()


def data_reads(ds: data.Dataset) -> list[str]:
    # Only what the page read: a page reused from the build's cache must not show another edition's data.
    return sorted(n for n in ds.used if not n.startswith(data.DESCRIPTOR))


def run_card(ds: data.Dataset, values: dict) -> str:
    e = text.html
    built = built_date()
    shown = {k: v for k, v in values.items() if k != "data_dir"}
    words = printed.RUN_WORDS
    shown["data_dir"] = values.get("data_dir") and words["custom"] or words["shipped"]
    read = data_reads(ds)
    items = "; ".join(f"<code>{e(k)}={e(str(v))}</code>" for k, v in shown.items())
    said = data.describe_reads(read)
    fingerprint = f"<code>{e(ds.fingerprint_of(read))}</code>"
    versions = {"multivector": e(_version("multivector")), "altair": e(_version("altair"))}
    return (
        f'<div class="mv-run-card"><strong>{words["card"]}</strong> {words["parameters"]} {items}. '
        + words["read"].format(version=e(ds.version), read=e(said or words["no_file"]), fingerprint=fingerprint)
        + " "
        + words["built"].format(date=e(built), **versions)
        + "</div>"
    )
