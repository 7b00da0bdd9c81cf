"""The glued sentences made from data (the path of trade with Russia, the oil note, the war's span) are said on a
Russian page from their values and their template's translation, for any shape the data can give, never by matching
the English words."""

from __future__ import annotations

from conftest import ENGLISH_RUN

from multivector import params, paths
from multivector.analysis import figure_sentences, figures
from multivector.analysis.narrative import bn
from multivector.i18n import formatting
from multivector.i18n.sentences import fields
from multivector.translation import catalogs, datawords, outputs

PATH = "ru_trade_path"


def _say() -> outputs.Say:
    shipped = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.OUTPUTS), "ru")
    return outputs.Say("ru", shipped, datawords.Words.read(paths.ROOT, "ru"))


def _step(value: float, year: int, preliminary: bool = False):
    part = "step_preliminary" if preliminary else "step"
    return figure_sentences.say(PATH, part, value=figure_sentences.texts(bn(value)), year=year)


def test_every_glued_sentence_template_has_a_current_russian_translation_naming_the_same_values():
    catalog = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.OUTPUTS), "ru")
    for context, template in figure_sentences.every_template():
        found = catalogs.look_up(catalog, template, context)
        assert found.status == catalogs.OK, template
        assert fields(found.text) == fields(template), template


def test_a_path_that_rises_falls_twice_and_moves_after_the_year_is_said_in_russian_from_the_same_values():
    falls = figure_sentences.joined(PATH, "and_to", [_step(20.5, 2023), _step(19.25, 2024)])
    path = figure_sentences.say(PATH, "rose_then_fell", first=_step(18.0, 2021), peak=_step(22.75, 2022), falls=falls)
    path = figure_sentences.say(
        PATH, "later_higher_preliminary", path=path, year=2025, value=figure_sentences.texts(bn(21))
    )
    assert str(path).replace("\u00a0", " ") == (
        "rose from 18.00 bn USD in 2021 to 22.75 bn USD in 2022, then fell to 20.50 bn USD in 2023, and to 19.25 bn "
        "USD in 2024; in 2025, which the paper's own period still covers, the preliminary figure is higher, at 21.00 bn "
        "USD"
    )
    russian = outputs.plain_sentence(path.data(), _say())
    assert russian is not None and not ENGLISH_RUN.search(russian), russian
    for value in (18.0, 22.75, 20.5, 19.25, 21):
        assert formatting.billions_usd(value, 2, "ru") in russian


def test_the_bundled_datas_glued_sentences_read_in_russian_and_their_english_is_as_printed(ds):
    p = params.defaults()
    glued = figures.of_page("economic_limits", ds, p) | figures.of_page("conclusions", ds, p)
    say = _say()
    for name in ("ru_trade_path", "oil_partial_note", "war_span"):
        figure = glued[name]
        assert figure.sentence is not None, name
        russian = outputs.plain_sentence(figure.sentence, say)
        assert russian is not None and not ENGLISH_RUN.search(russian), (name, russian)
    assert not say.left


def test_a_glued_sentence_whose_template_has_no_translation_stays_english_whole():
    empty = outputs.Say("ru", catalogs.template([]), datawords.Words.read(paths.ROOT, "ru"))
    sentence = figure_sentences.say("war_span", "nearly", years=figure_sentences.years(4, "4 years"))
    assert outputs.plain_sentence(sentence.data(), empty) is None
    assert empty.left == [("figures/war_span", "nearly {years}")]


def test_the_largest_partner_is_named_in_russian_by_data_po_or_by_cldr_for_a_partner_new_to_the_data():
    say = _say()
    for code, english in (("CN", "China"), ("DE", "Germany")):
        sentence = figure_sentences.partner({"partner": code, "name": english})
        assert str(sentence) == english
        assert outputs.plain_sentence(sentence.data(), say) == datawords.Words.read(paths.ROOT, "ru").partner(
            code, english
        )
    assert (
        outputs.plain_sentence(figure_sentences.partner({"partner": "DE", "name": "Germany"}).data(), say) == "Германия"
    )
