"""The reader's page in a real browser with JavaScript off: every chart is still there, as a described picture.

(axe-core and the charts' width are checked on the visits test_browser.py makes of every page at both widths.)"""

from __future__ import annotations

import pytest

from multivector.tools import audit

# Every test here drives Chromium over a built site: `make test-fast` leaves the file out.
pytestmark = pytest.mark.slow

SECTION_PREFIX = "notebooks/"


def _section_pages(site_root) -> list[str]:
    return [p for p in audit.reading_pages(site_root) if p.startswith(SECTION_PREFIX)]


def test_without_javascript_every_chart_is_a_described_picture(chromium, site_root, site_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    problems, seen = {}, 0
    for rel in _section_pages(site_root):
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


# Whether the browser draws a picture's content now, rather than skipping it as off screen (content-visibility).
DRAWN = "p => p.firstElementChild.checkVisibility({contentVisibilityAuto: true})"


def test_a_chart_picture_off_screen_keeps_the_height_it_is_drawn_at(chromium, site_root, site_url):
    """The page skips drawing pictures off screen; the box each keeps meanwhile must be as tall as the picture, or
    the page moves under the reader as they scroll to it (with JavaScript off, pictures are all a reader gets)."""
    context = chromium.new_context(java_script_enabled=False, viewport={"width": audit.REFLOW_WIDTH, "height": 700})
    page = context.new_page()
    problems, seen = [], 0
    for rel in _section_pages(site_root):
        page.goto(site_url + rel, wait_until="load")
        pictures = page.locator(".mv-chart-static").all()
        before = [p.bounding_box()["height"] for p in pictures]
        for picture, height in zip(pictures, before, strict=True):
            seen += 1
            picture.scroll_into_view_if_needed()
            for _ in range(100):  # Chromium draws it at its next frame (JavaScript is off: no page-side waiting)
                if picture.evaluate(DRAWN):
                    break
                page.wait_for_timeout(20)
            else:
                problems.append(f"{rel}: a picture scrolled into view was never drawn")
                continue
            drawn = picture.bounding_box()["height"]
            if abs(drawn - height) > 1:
                problems.append(f"{rel}: a picture held {height:.0f} px off screen and takes {drawn:.0f} px drawn")
    context.close()
    assert seen, "no section page shows a chart"
    assert not problems, "\n".join(problems)
