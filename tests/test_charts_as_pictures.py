"""Charts drawn at build time: every card carries an SVG picture with its description, and a chart that cannot be
drawn, or whose drawing is too heavy to inline, stops the build with its name."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest

from multivector import charts, params, paths
from multivector.analysis import compute
from multivector.charts import pictures as static_charts
from multivector.notebook import page


def test_every_card_shows_its_chart_as_an_described_svg_before_any_script_runs(ds):
    card = charts.trade_by_partner(ds, 2024, params.defaults()["top_partners"])
    markup = card._repr_html_()
    picture = re.search(
        r'<div class="mv-chart-static" style="aspect-ratio: ([\d.]+) / ([\d.]+)">(<svg.*?</svg>)</div>', markup, re.S
    )
    assert picture, "the card has no build-time picture in a box of its proportions"
    svg = picture.group(3)
    assert f'data-mv-static="{picture.group(1)}x{picture.group(2)}"' in svg, (
        "the box's proportions are not the picture's"
    )
    assert 'role="img"' in svg and "<title" in svg and html.escape(card.description) in svg
    # The drawing holds Figure 1's own figures: a share label per partner and flow, computed from the data.
    for share in compute.top_partners(ds, 2024, 4)["share_pct"]:
        assert f"{share:.1f}\u00a0%" in svg or f"{share:.1f} %" in svg
    assert 'class="mv-spec"' in markup and "<script src" not in markup


def test_a_chart_vl_convert_cannot_draw_stops_with_its_name():
    with pytest.raises(static_charts.ChartRenderError, match="chart 'broken'"):
        static_charts.svg("broken", {"mark": "no-such-mark", "data": {"values": [{"a": 1}]}}, "a broken chart")


def test_a_chart_whose_svg_is_too_heavy_to_inline_stops_with_its_name_and_size():
    points = pd.DataFrame({"x": range(6000), "y": range(6000)})
    spec = {
        "data": {"values": points.to_dict("records")},
        "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
    }
    with pytest.raises(static_charts.ChartRenderError, match=r"chart 'dense': its SVG is \d+ KB, above the 300 KB"):
        static_charts.svg("dense", spec, "six thousand points")


def test_a_page_names_itself_when_one_of_its_charts_cannot_be_drawn(ds, monkeypatch):
    card = charts.oil_share(ds, 2024)

    def refuse(name, spec, description, **kw):
        raise static_charts.ChartRenderError(f"chart {name!r}: refused")

    monkeypatch.setattr(static_charts, "picture", refuse)
    with pytest.raises(static_charts.ChartRenderError, match="page economic_limits: chart 'oil_share'"):
        page.Page("economic_limits").chart(card)


def test_faceted_charts_are_laid_out_to_the_picture_width(ds):
    card = charts.partner_shares(ds, 2024)
    svg = static_charts.svg(card.name, card.spec(), card.description)
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    assert abs(width - static_charts.STATIC_WIDTH) <= 12, (
        f"drawn {width} px wide for a {static_charts.STATIC_WIDTH} px picture"
    )


def test_the_preview_image_is_a_png(ds):
    card = charts.oil_share(ds, 2024)
    assert static_charts.png(card.name, card.spec())[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_preview_is_drawn_once_per_spec_and_a_damaged_copy_is_drawn_again(ds, tmp_path, monkeypatch):
    card = charts.oil_share(ds, 2024)
    drawn = []
    real = static_charts._convert
    monkeypatch.setattr(static_charts, "_convert", lambda *a, **k: drawn.append(a[0]) or real(*a, **k))
    first = static_charts.png(card.name, card.spec(), cache=tmp_path)
    assert drawn and first == static_charts.png(card.name, card.spec())
    (kept,) = tmp_path.glob("*.png")
    drawn.clear()
    assert static_charts.png(card.name, card.spec(), cache=tmp_path) == first and not drawn
    kept.write_bytes(first[: len(first) // 2])  # cut short, as by a full disk
    assert static_charts.png(card.name, card.spec(), cache=tmp_path) == first and drawn
    assert kept.read_bytes() == first
    # Another spec (the data changed) is another picture, drawn and kept beside the first.
    other = charts.oil_share(ds, 2023)
    drawn.clear()
    assert static_charts.png(other.name, other.spec(), cache=tmp_path) != first and drawn
    assert len(list(tmp_path.glob("*.png"))) == 2


def test_within_kept_in_a_cards_picture_is_drawn_once_per_spec_and_a_damaged_copy_is_drawn_again(
    ds, tmp_path, monkeypatch
):
    card = charts.oil_share(ds, 2024)
    drawn = []
    real = static_charts._draw
    monkeypatch.setattr(static_charts, "_draw", lambda *a, **k: drawn.append(a[0]) or real(*a, **k))
    fresh = static_charts.picture(card.name, card.spec(), card.description)
    drawn.clear()
    with static_charts.kept_in(tmp_path):
        assert static_charts.picture(card.name, card.spec(), card.description) == fresh and drawn
        drawn.clear()
        assert static_charts.picture(card.name, card.spec(), card.description) == fresh and not drawn
        for kept in tmp_path.glob("*.svg"):
            kept.write_text(kept.read_text(encoding="utf-8")[:100], encoding="utf-8")  # cut short
        assert static_charts.picture(card.name, card.spec(), card.description) == fresh and drawn
    drawn.clear()
    static_charts.picture(card.name, card.spec(), card.description)
    assert drawn, "outside the block every picture is drawn"


def test_a_picture_folder_that_cannot_be_written_costs_time_never_the_picture(ds, tmp_path):
    card = charts.oil_share(ds, 2024)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    with static_charts.kept_in(blocked / "svg"):
        assert static_charts.picture(card.name, card.spec(), card.description) == static_charts.picture(
            card.name, card.spec(), card.description
        )


def test_a_notebook_run_by_the_build_reads_a_picture_drawn_before_from_the_same_spec(ds, monkeypatch, tmp_path):
    monkeypatch.setenv(paths.PICTURES_ENV, str(tmp_path))
    first = page.Page("economic_limits")
    drawn = charts.oil_share(ds, 2024)
    first.chart(drawn)
    assert list(tmp_path.glob("*.svg"))

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(static_charts, "_draw", no_drawing)
    again = charts.oil_share(ds, 2024)
    first.chart(again)  # read from the folder: the same picture
    assert again.html == drawn.html
    with pytest.raises(AssertionError, match="drawn again"):  # a new spec is drawn, never read from another's picture
        first.chart(charts.oil_share(ds, 2023))


def test_a_chart_page_declares_the_vega_lite_its_charts_are_written_for_and_the_bundle_is_made_for(ds):
    import json

    import altair

    from multivector.site import vega

    body = charts.oil_share(ds, params.defaults()["year"]).html
    declared = json.loads(vega.vega_debug_snippet(body).split("{}, ", 1)[1].removesuffix(");"))
    assert declared["vegalite_version"] == altair.VEGALITE_VERSION == static_charts.vegalite_written()


def test_a_notebook_run_by_the_build_draws_its_pages_link_preview_where_sphinx_reads_it(ds, monkeypatch, tmp_path):
    from multivector.site import head

    pictures, previews = tmp_path / "pictures", tmp_path / "previews"
    monkeypatch.setenv(paths.PICTURES_ENV, str(pictures))
    monkeypatch.setenv(paths.PREVIEWS_ENV, str(previews))
    shown = page.Page("economic_limits")
    first, second = charts.oil_share(ds, 2024), charts.russia_trade(ds, 2024)
    shown.chart(first)
    shown.chart(second)
    assert len(list(previews.glob("*.png"))) == 1  # the page's first chart only, as Sphinx picks it

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")

    # Sphinx reads the spec from the page's markup (head.SPEC) and finds the picture drawn, from that spec only.
    monkeypatch.setattr(static_charts, "_convert", no_drawing)
    on_page = json.loads(html.unescape(head.SPEC.search(first.html).group(1)))["spec"]
    assert static_charts.png("page", on_page, cache=previews).startswith(b"\x89PNG")
    second_on_page = json.loads(html.unescape(head.SPEC.search(second.html).group(1)))["spec"]
    with pytest.raises(AssertionError, match="drawn again"):
        static_charts.png("page", second_on_page, cache=previews)


def test_a_preview_folder_that_cannot_be_written_costs_the_notebook_nothing(ds, monkeypatch, tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(paths.PREVIEWS_ENV, str(blocked / "previews"))
    page.Page("economic_limits").chart(charts.oil_share(ds, 2024))


def test_the_first_chart_each_notebook_draws_is_the_first_its_page_shows():
    # So the preview a notebook draws (Page.chart) is the one Sphinx looks for (site.head): else Sphinx draws it.
    import nbformat

    from multivector import sections

    seen = 0
    for name in sections.EXECUTED:
        nb = nbformat.read(paths.notebook(name), as_version=4)
        drawn = [
            m for c in nb.cells if c.cell_type == "code" for m in re.findall(r"page\.chart\(charts\.(\w+)\(", c.source)
        ]
        shown = [
            m for c in nb.cells if c.cell_type == "markdown" for m in re.findall(r"\{glue:figure\}`?\s*(\w+)", c.source)
        ]
        if drawn:
            seen += 1
            assert shown and shown[0].startswith(drawn[0]), (name, drawn, shown)
    assert seen >= 6
