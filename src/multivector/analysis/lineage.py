"""Where a figure comes from: numbers that carry the data cells and the arithmetic that made them.

A `Traced` number is a float that remembers its inputs (file, row, column, value) and the formula, in words, that
combined them. Lookups in `cells` create them from table cells; ordinary arithmetic on them builds the formula,
so the description of a figure is made by the same code that computes it and cannot drift from it. `narrative`'s
formatters hand the lineage on to the text they produce (`Figure`), and the glued text carries it into the page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from multivector import paths
from multivector.data.periods import Period, same
from multivector.i18n.sentences import Sentence


@dataclass(frozen=True)
class Input:
    """One value read from the data package: which file, which row (its key and line), which column."""

    resource: str
    path: str
    row: str
    line: int
    column: str
    value: str
    label: str


@dataclass(frozen=True)
class Param:
    """A parameter of the edition that entered a figure."""

    name: str
    value: str


# Operators bind as in arithmetic: a term of lower rank is bracketed inside one of higher rank.
_RANK = {"+": 1, "−": 1, "×": 2, "÷": 2}
_ATOM = 3


class Traced(float):
    """A float with the words of its formula, the inputs it was computed from, and the period it is about.

    `period` is the months the number covers (None where no period applies: a parameter, a count, a claim); a
    `quantity` is a value accumulated over its period (bn USD of exports), as against a share or an index. Combining
    two quantities over different months raises periods.MixedPeriods: six months of crude oil over twelve months of
    exports is never computed. A quantity over another is a ratio about their shared period.
    """

    words: str
    inputs: tuple
    rank: int
    period: Period | None
    quantity: bool

    def __new__(
        cls,
        value: float,
        words: str,
        inputs: tuple = (),
        rank: int = _ATOM,
        period: Period | None = None,
        quantity: bool = False,
    ):
        self = super().__new__(cls, value)
        self.words, self.inputs, self.rank = words, tuple(dict.fromkeys(inputs)), rank
        self.period, self.quantity = period, quantity
        return self

    def __reduce__(self):
        return (Traced, (float(self), self.words, self.inputs, self.rank, self.period, self.quantity))

    @classmethod
    def of(cls, value: float, words: str, *parts, period: Period | None = None) -> Traced:
        """A figure computed from `parts` by a rule that `words` names (a mean, a count, a sum), about `period`."""
        return cls(value, words, tuple(i for p in parts for i in _inputs(p)), period=period)

    def _op(self, other, sym: str, value: float, flip: bool = False) -> Traced:
        a, b = (other, self) if flip else (self, other)
        rank = _RANK[sym]
        # The right operand of − and ÷ needs brackets at equal rank too: a − (b − c).
        left = _term(a, rank, strict=False)
        right = _term(b, rank, strict=sym in "−÷")
        qa, qb = _quantity(a), _quantity(b)
        if qa and qb:
            period = same(a.period, b.period)
        else:
            # A ratio or a parameter taken with a quantity, or two ratios: about the one period they name, if one.
            named = {p for p in (_period(a), _period(b)) if p is not None}
            period = named.pop() if len(named) == 1 else None
        quantity = (qa and not qb) if sym == "÷" else (qa or qb)
        return Traced(value, f"{left} {sym} {right}", _inputs(a) + _inputs(b), rank, period, quantity)

    def __add__(self, o):
        return self._op(o, "+", float(self) + float(o))

    def __radd__(self, o):
        return self._op(o, "+", float(o) + float(self), flip=True)

    def __sub__(self, o):
        return self._op(o, "−", float(self) - float(o))

    def __rsub__(self, o):
        return self._op(o, "−", float(o) - float(self), flip=True)

    def __mul__(self, o):
        return self._op(o, "×", float(self) * float(o))

    def __rmul__(self, o):
        return self._op(o, "×", float(o) * float(self), flip=True)

    def __truediv__(self, o):
        return self._op(o, "÷", float(self) / float(o))

    def __rtruediv__(self, o):
        return self._op(o, "÷", float(o) / float(self), flip=True)

    def __abs__(self):
        return Traced(abs(float(self)), f"the size of ({self.words})", self.inputs, _ATOM, self.period, self.quantity)

    def __neg__(self):
        return Traced(-float(self), f"−({self.words})", self.inputs, _ATOM, self.period, self.quantity)

    def percent_of(self, whole) -> Traced:
        """self as a percentage of `whole`; the formula reads 'self ÷ whole', the unit says per cent."""
        t = self / whole
        return Traced(100 * float(t), t.words, t.inputs, t.rank, t.period, t.quantity)

    def named(self, words: str) -> Traced:
        """The same number under a shorter name, keeping its inputs (e.g. 'turnover with Russia 2024')."""
        return Traced(float(self), words, self.inputs, _ATOM, self.period, self.quantity)


def _period(x) -> Period | None:
    return x.period if isinstance(x, Traced) else None


def _quantity(x) -> bool:
    return isinstance(x, Traced) and x.quantity


def _inputs(x) -> tuple:
    return x.inputs if isinstance(x, Traced) else (x,) if isinstance(x, (Input, Param)) else ()


def _term(x, rank: int, strict: bool) -> str:
    if isinstance(x, Traced):
        return f"({x.words})" if x.rank < rank or (strict and x.rank == rank) else x.words
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def param(name: str, value: float) -> Traced:
    """A parameter of the edition as a term of a formula."""
    return Traced(float(value), f"{value:g} (parameter {name})", (Param(name, f"{value:g}"),))


# The units a figure's number is stated in (Measure.unit); a count names what it counts ("days", "partners").
PERCENT, BN_USD, YEAR, WORDS = "%", "bn USD", "year", "words"


@dataclass(frozen=True)
class Measure:
    """The number a figure's text states, rounded as the text rounds it (`digits` decimals), and its unit: what a
    comparison of two editions subtracts. A year is a measure too, though one compared as text."""

    value: float
    unit: str
    digits: int = 0

    @classmethod
    def of(cls, x: float, unit: str, digits: int = 0) -> Measure:
        return cls(round(float(x), digits), unit, digits)


class Figure(str):
    """Text for the prose, with the lineage of the number it states (None for words that state no number), that
    number as a Measure (None for words; `narrative`'s formatters set it) and, for a quantity about part of a year
    or a whole one (bn USD of exports), the months it covers (`months`).

    myst-nb reads text/plain back as a Python literal, so the repr stays a string literal: a bare repr would turn
    "2,500" into the tuple (2, 500) on the page.
    """

    lineage: dict | None
    lineage: dict | None
    measure: Measure | None
    months: tuple[int, ...] | None
    # The same figure in the edition's other languages ({"ru": "46,5 %"}), formatted from the same value
    # (i18n.formatting); the translated stage pastes it in place of the English text.
    texts: dict | None
    # A sentence made from values (i18n.sentences.Sentence), as data: its template and values in every language.
    sentence: dict | None
    # A chart's phrase (charts.phrases.Phrase) as data, with its chart's name: a chart key glued into a caption.
    phrase: dict | None = None

    def __new__(cls, text: str, source=None, measure: Measure | None = None, texts: dict | None = None):
        self = super().__new__(cls, text)
        self.lineage = describe(source) if isinstance(source, Traced) else getattr(source, "lineage", None)
        # Text that states another figure ("2,500 troops") states its number too.
        self.measure = measure or getattr(source, "measure", None)
        quantity = isinstance(source, Traced) and source.quantity and source.period is not None
        self.months = tuple(sorted(source.period.months)) if quantity else getattr(source, "months", None)
        self.texts = texts
        self.sentence = text.data() if isinstance(text, Sentence) else None
        return self

    def __repr__(self) -> str:
        return repr(str(self))

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The lineage rides along as the glued output's metadata; the Sphinx role reads it back (sphinxext); so do
        # the texts in other languages, which the translated stage reads (translation.notebooks).
        given = (
            (paths.LINEAGE, self.lineage),
            (paths.TEXTS, self.texts),
            (paths.SENTENCE, self.sentence),
            (paths.PHRASE, self.phrase),
        )
        ours = {k: v for k, v in given if v}
        return {"text/plain": repr(self)}, ({paths.METADATA_KEY: ours} if ours else {})


def describe(t: Traced) -> dict:
    """The lineage of a number as plain data: its formula in words and every input."""
    return {"formula": t.words, "inputs": [{"kind": type(i).__name__.lower(), **asdict(i)} for i in t.inputs]}


def joined(figures: list, sep: str = ", ", empty: str = "none") -> Figure:
    """Several figures in one phrase ("2022, 2023"): one lineage holding each figure's formula and inputs."""
    if not figures:
        return Figure(empty)
    traced = [f.lineage for f in figures if getattr(f, "lineage", None)]
    lineage = (
        {
            "formula": "; ".join(dict.fromkeys(t["formula"] for t in traced)),
            "inputs": [i for t in traced for i in t["inputs"]],
        }
        if traced
        else None
    )
    out = Figure(sep.join(figures))
    out.lineage = lineage
    return out
