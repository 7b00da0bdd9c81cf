"""What changed from one edition to another, read from their facts (engine.facts): the one comparison that the
what-changed page, the Editions page and `multivector editions diff` show.

One row per figure, however many sections quote it: its label, the sections, the old and the new text, and a
difference only where both are numbers in one unit (percentages differ in percentage points; a quantity such as bn
USD only over the same months). Years, labels and words are compared as text. Claims whose status changed carry the
reason, read from the ledger's fields (claim_reasons). Facts written by older editions, whose figures are plain text
and whose claims are bare statuses, compare as text.
"""

from __future__ import annotations

from jsonschema import Draft202012Validator

from multivector import sections
from multivector.analysis.labels import LABEL_OF
from multivector.analysis.lineage import BN_USD, PERCENT, WORDS, YEAR
from multivector.engine.claim_reasons import claim_rows
from multivector.i18n import SOURCE, TRANSLATED, formatting
from multivector.i18n.plurals import Plural, choose

# How a difference of each unit is said; any other unit (a count's: "days", "partners") is said as itself.
DIFFERENCE_UNIT = {PERCENT: "pp"}
# Units compared as text: a year moved is a different year, not a number of years.
AS_TEXT = (YEAR, WORDS)
# The largest moves the summary names, per unit.
LARGEST = 3
# The summary's sentences (interface.po translates them; `{name}`s are filled in), and the counts' words after a
# number, in every form a language's plural rule asks for (i18n.plurals).
SUMMARY = {
    "nothing": "Nothing changed: the data, parameters, figures and claim statuses equal the previous edition's.",
    "counts": "{figures} ({numbers} of them numbers, shown with their difference); {claims}.",
    "largest": "Largest moves in {unit}: {moves}.",
    "files": "Data files changed: {files}.",
    "no_files": "No data file changed.",
    "params": "Parameters changed: {params}.",
    "no_params": "No parameter changed.",
}
MOVE = "{figure} {difference}"
MOVED = "{parameter} {old} → {new}"
FIGURES_CHANGED = Plural("{count} figure changed", "{count} figures changed")
CLAIMS_CHANGED = Plural("{count} claim changed status", "{count} claims changed status")
MINUS = "\u2212"
# How a number of each unit is written, in every language (a count: as a number).
FORMATS = {PERCENT: (formatting.percent, formatting.signed_percent), BN_USD: (formatting.billions_usd,)}

# What a facts file must hold for a comparison to read it: the figures by section and the claims, as records
# (facts.summary) or, from older editions, as plain text and bare statuses.
_TEXT_OR_RECORD = {"anyOf": [{"type": "string"}, {"type": "object", "required": ["text"]}]}
_STATUS_OR_RECORD = {"anyOf": [{"type": "string"}, {"type": "object", "required": ["status"]}]}
FACTS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["params", "data", "figures", "claims"],
    "properties": {
        "params": {"type": "object"},
        "data": {"type": "object", "required": ["resources"], "properties": {"resources": {"type": "object"}}},
        "figures": {
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": _TEXT_OR_RECORD},
        },
        "claims": {"type": "object", "additionalProperties": _STATUS_OR_RECORD},
    },
}
_FACTS = Draft202012Validator(FACTS)


def problem(facts) -> str | None:
    """What keeps `facts` from being compared, in a few words; None if nothing."""
    error = next(iter(_FACTS.iter_errors(facts)), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.path) or "the top level"
    return f"at {where}: {error.message}"


def compare(old: dict | None, new: dict) -> dict:
    """`new` against `old` (None: there is no earlier edition), as plain data: the summary's sentences, then rows."""
    if old is None:
        return {"first": True, "summary": [], "figures": [], "claims": [], "resources": [], "params": []}
    figure_rows = [r for r in _figure_rows(old, new) if r["old"] != r["new"]]
    res_old, res_new = old["data"]["resources"], new["data"]["resources"]
    resources = [
        {"resource": k, "old": res_old.get(k), "new": res_new.get(k)}
        for k in [*res_new, *(k for k in res_old if k not in res_new)]
        if res_old.get(k) != res_new.get(k)
    ]
    p_old, p_new = old["params"], new["params"]
    params = [
        {"parameter": k, "old": p_old.get(k), "new": p_new.get(k)}
        for k in [*p_new, *(k for k in p_old if k not in p_new)]
        if p_old.get(k) != p_new.get(k)
    ]
    claims = claim_rows(old, new, [r["resource"] for r in resources], PLAIN)
    rows = {
        "figures": figure_rows,
        "claims": claims,
        "resources": resources,
        "params": params,
    }
    return {"first": False, "summary": summary(rows), **rows}


def _record(name: str, given) -> dict:
    """A figure's record; an older edition's plain text becomes words under the label the figure has now (its glue
    name if no figure of this version is quoted by that name)."""
    if isinstance(given, dict):
        return given
    return {"label": LABEL_OF.get(name, name), "text": given, "value": None, "unit": WORDS}


def _by_figure(facts: dict) -> dict[str, dict]:
    """{label: record, with the sections that show it}, one entry per figure in the order the sections quote them."""
    out: dict[str, dict] = {}
    for section, figures in facts["figures"].items():
        for name, given in figures.items():
            record = _record(name, given)
            entry = out.setdefault(record["label"], {**record, "sections": []})
            entry["sections"].append(sections.label(section))
    return out


def _figure_rows(old: dict, new: dict) -> list[dict]:
    before, after = _by_figure(old), _by_figure(new)
    rows = []
    for label in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(label), after.get(label)
        change, said = _difference(a, b) if a and b else (None, None)
        rows.append(
            {
                "figure": label,
                "sections": (b or a)["sections"],
                "old": a["text"] if a else None,
                "new": b["text"] if b else None,
                "unit": (b or a)["unit"],
                "change": change,
                "difference": said,
                # What a page in another language says for them: the decimals the difference keeps and each side's
                # text in the edition's other languages (facts written before they recorded those: None).
                "digits": _digits(a, b) if change is not None else None,
                "texts": {"old": _texts(a), "new": _texts(b)},
            }
        )
    return rows


def _texts(record: dict | None) -> dict | None:
    """A side's text in the edition's other languages: as its facts recorded it, or, from facts written before they
    recorded it, formatted from its number when the English formatting of that number is exactly its English text."""
    if not record or record.get("texts"):
        return (record or {}).get("texts")
    value, unit, digits = record.get("value"), record.get("unit"), record.get("digits") or 0
    if value is None or unit in AS_TEXT:
        return None
    for render in FORMATS.get(unit, (formatting.number,)):
        if render(value, digits) == record["text"]:
            return {lang: render(value, digits, lang=lang) for lang in TRANSLATED}
    return None


def _digits(a: dict, b: dict) -> int:
    return max(a.get("digits") or 0, b.get("digits") or 0)


def _difference(a: dict, b: dict) -> tuple[float | None, str | None]:
    """new − old with its unit ('+1.2 pp', '−0.84 bn USD'), when both are numbers of one unit that is not said as
    text, and, for quantities, over the same months; (None, None) otherwise."""
    unit = a.get("unit")
    if a.get("value") is None or b.get("value") is None or unit != b.get("unit") or unit in AS_TEXT:
        return None, None
    if a.get("months") != b.get("months"):
        return None, None
    digits = _digits(a, b)
    change = round(b["value"] - a["value"], digits)
    number = f"{abs(change):,.{digits}f}"
    sign = "+" if change > 0 else MINUS if change < 0 else "±"
    return change, f"{sign}{number} {DIFFERENCE_UNIT.get(unit, unit)}"


def summary(diff: dict, voice=None) -> list[str]:
    """The page's opening, read from the rows of `diff` (compare's): how many figures moved, the largest moves, the
    data files and parameters that changed; said by `voice` (PLAIN: English plain text, as `editions diff` prints
    it; site.wording gives a page's language)."""
    voice = voice or PLAIN
    figures, claims, resources, params = (diff[k] for k in ("figures", "claims", "resources", "params"))
    numbers = [r for r in figures if r["change"] is not None]
    if not (figures or claims or resources or params):
        return [voice.fill(SUMMARY["nothing"])]
    lines = [
        voice.fill(
            SUMMARY["counts"],
            figures=voice.count(FIGURES_CHANGED, len(figures)),
            numbers=voice.value(len(numbers)),
            claims=voice.count(CLAIMS_CHANGED, len(claims)),
        )
    ]
    for unit in dict.fromkeys(r["unit"] for r in numbers):
        moves = sorted((r for r in numbers if r["unit"] == unit), key=lambda r: -abs(r["change"]))[:LARGEST]
        moved = [
            voice.fill(MOVE, figure=voice.label(r["figure"]), difference=voice.difference(r))
            for r in moves
            if r["change"]
        ]
        if moved:
            lines.append(voice.fill(SUMMARY["largest"], unit=voice.unit(unit), moves=voice.join("; ", moved)))
    files = [voice.name(r["resource"]) for r in resources]
    lines.append(
        voice.fill(SUMMARY["files"], files=voice.join(", ", files)) if files else voice.fill(SUMMARY["no_files"])
    )
    said = [
        voice.fill(MOVED, parameter=voice.name(p["parameter"]), old=voice.value(p["old"]), new=voice.value(p["new"]))
        for p in params
    ]
    lines.append(
        voice.fill(SUMMARY["params"], params=voice.join(", ", said)) if said else voice.fill(SUMMARY["no_params"])
    )
    return lines


class Plain:
    """A comparison said in English as plain text: the facts' own words and numbers as the English edition wrote them."""

    lang = SOURCE

    def fill(self, template: str, **values) -> str:
        return template.format(**values)

    def count(self, message: Plural, n: int) -> str:
        return choose(message, n).format(count=n)

    def value(self, value) -> str:
        return "none" if value is None else str(value)

    def label(self, label: str) -> str:
        return label

    def name(self, name: str) -> str:
        return str(name)

    def unit(self, unit: str) -> str:
        return DIFFERENCE_UNIT.get(unit, unit)

    def difference(self, row: dict) -> str:
        return row["difference"]

    def join(self, separator: str, items: list[str]) -> str:
        return separator.join(items)

    def data(self, resource: str, column: str, key, english: str) -> str:
        return english

    def foreign(self, english: str) -> str:
        return english

    def sentence(self, text: str) -> str:
        """`text` as a sentence: a capital first letter, a full stop at the end unless it ends a sentence already."""
        text = text.strip()
        return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


PLAIN = Plain()
