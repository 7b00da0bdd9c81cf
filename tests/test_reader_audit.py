"""The reader's page in a real browser: axe-core finds no violation on any reading page at desktop or phone width,
every chart fills its column, and with JavaScript off every chart is still there, as a described picture."""

from __future__ import annotations

import pytest

from multivector import audit

SECTION_PREFIX = "notebooks/"


@pytest.mark.parametrize("width", audit.WIDTHS)
def test_axe_finds_no_violation_and_charts_fill_their_column_on_every_reading_page(
    chromium, site_root, site_url, width
):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = {}
    pages = audit.reading_pages(site_root)
    assert len(pages) >= 13, (
        f"only {pages} found: the table of contents lists index, 7 sections, appendices, about, references"
    )
    for rel in pages:
        page.goto(site_url + rel, wait_until="load")
        audit.settle(page)  # charts turned interactive, as a reader scrolling sees them
        found = audit.axe_violations(page)
        # Charts fit their column: each interactive drawing spans (nearly) the card's full width, and no more.
        for card_id, drawn, column in page.eval_on_selector_all(
            ".mv-chart",
            "cs => cs.map(c => [c.id, (c.querySelector('.mv-chart-live svg') || c).getBoundingClientRect().width, c.clientWidth])",
        ):
            if not 0.9 * column <= drawn <= column + 1:
                found.append(f"{card_id} is drawn {drawn:.0f} px wide in a {column} px column")
        if found:
            problems[rel] = found
    context.close()
    assert not problems, f"axe-core violations at {width} px:\n" + "\n".join(
        f"{rel}:\n  " + "\n  ".join(found) for rel, found in problems.items()
    )


def test_without_javascript_every_chart_is_a_described_picture(chromium, site_root, site_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    problems, seen = {}, 0
    for rel in [p for p in audit.reading_pages(site_root) if p.startswith(SECTION_PREFIX)]:
        page.goto(site_url + rel, wait_until="load")
        for card in page.locator(".mv-chart").all():
            seen += 1
            svg = card.locator("svg[role=img]")
            box = svg.bounding_box() if svg.count() == 1 else None
            title = svg.locator("title").text_content() if box else ""
            desc = svg.locator("desc").text_content() if box else ""
            marks = svg.locator("g.role-mark > *, path, rect").count() if box else 0
            if not box or box["width"] < 300 or box["height"] < 100:
                problems.setdefault(rel, []).append(f"{card.get_attribute('id')}: no visible picture ({box})")
            elif len(title.split()) < 2 or len(desc.split()) < 5 or marks < 3:
                problems.setdefault(rel, []).append(
                    f"{card.get_attribute('id')}: title {title!r}, desc {desc!r}, {marks} marks"
                )
    context.close()
    assert seen, "no section page shows a chart"
    assert not problems, "Charts missing without JavaScript:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())
