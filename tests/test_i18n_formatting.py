"""Every figure in both languages from the same value: CLDR's Russian, and English exactly as the edition printed it."""

from __future__ import annotations

import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol
from hypothesis import given
from hypothesis import strategies as st

from multivector.analysis import narrative
from multivector.analysis.lineage import Traced
from multivector.data.periods import Period
from multivector.i18n import formatting
from multivector.i18n.formatting import UnknownLanguage

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(values, st.integers(min_value=0, max_value=3))
def test_english_figures_read_as_the_edition_always_printed_them(x, digits):
    assert formatting.number(x, digits) == f"{x:,.{digits}f}"
    assert formatting.percent(x, digits) == f"{x:,.{digits}f}\u00a0%"
    assert formatting.billions_usd(x, digits) == f"{x:,.{digits}f}\u00a0bn\u00a0USD"
    assert formatting.signed_percent(x, digits) == f"{x:+.{digits}f}\u00a0%"


@given(values, st.integers(min_value=0, max_value=3))
def test_a_russian_figure_is_the_english_value_with_cldr_separators(x, digits):
    english = formatting.number(x, digits)
    russian = formatting.number(x, digits, "ru")
    back = english.replace(",", "")
    assert russian.replace(get_group_symbol("ru"), "").replace(get_decimal_symbol("ru"), ".") == back


def test_russian_uses_decimal_comma_non_breaking_space_and_russian_units():
    assert formatting.number(12345.678, 1, "ru") == "12\u00a0345,7"
    assert formatting.percent(46.5, 1, "ru") == "46,5\u00a0%"
    assert formatting.billions_usd(1234.5678, 2, "ru") == "1\u00a0234,57\u00a0млрд\u00a0долл.\u00a0США"
    assert formatting.points(3.25, 1, "ru") == "3,2\u00a0п.\u00a0п."
    assert formatting.signed_percent(-3.25, 1, "ru").endswith("3,2\u00a0%")
    assert formatting.signed_percent(12.0, 1, "ru") == "+12,0\u00a0%"


def test_periods_are_said_in_russian_with_cldr_month_names():
    assert formatting.period(Period.parse(2026, "1-6"), "ru") == "январь–июнь 2026\u00a0г."
    assert formatting.period(Period.parse(2022, "1-8,10-12"), "ru") == "2022\u00a0г. без сентября"
    assert formatting.month_year(2024, 3, "ru") == "март 2024\u00a0г."
    assert formatting.period(Period(2024), "ru") == "2024"


@given(st.sampled_from(["1-12", "1-6", "1-8,10-12", "2-2", "1-3,5-5,9-12"]))
def test_english_periods_are_said_as_the_period_model_says_them(months):
    p = Period.parse(2024, months)
    assert formatting.period(p, "en") == p.said()


def test_a_glued_figure_carries_its_russian_text_from_the_same_value():
    share = Traced(46.54, "crude ÷ exports", period=Period.parse(2026, "1-6"))
    figure = narrative.pct(share)
    assert str(figure) == "46.5\u00a0% (January–June 2026)"
    assert figure.texts == {"ru": "46,5\u00a0% (январь–июнь 2026\u00a0г.)"}
    _, meta = figure._repr_mimebundle_()
    assert meta["multivector"]["texts"]["ru"] == figure.texts["ru"]


def test_an_unknown_language_is_refused_in_one_sentence():
    try:
        formatting.number(1, 0, "kk")
    except UnknownLanguage as refusal:
        assert "'kk' is not a language of the edition" in str(refusal)
    else:
        raise AssertionError("a language the edition lacks was formatted")


@pytest.mark.parametrize(
    ("n", "russian", "english"),
    [(1, "1 день", "1 day"), (2, "2 дня", "2 days"), (5, "5 дней", "5 days"), (21, "21 день", "21 days")],
)
def test_a_number_of_days_takes_the_nouns_form_its_number_asks_for_in_each_language(n, russian, english):
    assert formatting.counted(n, "days", "ru").replace("\u00a0", " ") == russian
    assert formatting.counted(n, "days", "en").replace("\u00a0", " ") == english


@pytest.mark.parametrize(
    ("n", "russian"),
    [(1, "1 военнослужащий"), (2, "2 военнослужащих"), (5, "5 военнослужащих"), (21, "21 военнослужащий")],
)
def test_a_count_of_troops_takes_the_nouns_form_its_number_asks_for_and_english_reads_as_before(n, russian):
    assert formatting.counted(n, "troops", "ru").replace("\u00a0", " ") == russian
    assert formatting.counted(2500, "troops", "en").replace("\u00a0", " ") == f"{2500:,} troops"
