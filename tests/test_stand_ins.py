"""A new edition leaves Sphinx's pages as they were where they show only its id and fingerprint: Sphinx renders stand-ins
for them (site.handoff), and the site taken out of Sphinx's folder holds the edition's own values (engine.stand_ins)."""

from __future__ import annotations

import html
import json
import os
import urllib.parse
from xml.sax.saxutils import escape as xml_escape

import pytest
from markupsafe import escape

from multivector import paths
from multivector.engine import stand_ins
from multivector.site import handoff

GIVEN = {
    "edition": {"id": "2024-1a2b3c4d", "url": "editions/2024-1a2b3c4d/", "fingerprint": "0123456789ab", "year": 2024},
    "data": {"version": "1.0.0", "fingerprint": "0123456789ab", "descriptor": {"resources": []}},
    "facts": {},
}


def _stage(folder, given=GIVEN):
    folder.mkdir()
    (folder / paths.HANDOFF).write_text(json.dumps(given), encoding="utf-8")
    return folder


def test_pages_render_stand_ins_for_the_editions_id_address_and_fingerprint_and_nothing_else():
    shown = handoff.for_pages(GIVEN)
    assert shown["edition"] == {
        "id": handoff.EDITION_ID,
        "url": f"editions/{handoff.EDITION_ID}/",
        "fingerprint": handoff.FINGERPRINT,
        "year": 2024,
    }
    assert shown["data"] == {**GIVEN["data"], "fingerprint": handoff.FINGERPRINT}
    assert shown["facts"] is GIVEN["facts"] and GIVEN["edition"]["id"] == "2024-1a2b3c4d"  # the given one untouched


@pytest.mark.parametrize("stand_in", [handoff.EDITION_ID, handoff.FINGERPRINT])
def test_no_escaping_a_page_uses_changes_a_stand_in(stand_in):
    # HTML text and attributes, JavaScript and JSON, URLs, XML (sitemaps).
    assert html.escape(stand_in) == str(escape(stand_in)) == xml_escape(stand_in) == stand_in
    assert json.dumps(stand_in) == f'"{stand_in}"' and urllib.parse.quote(stand_in) == stand_in


def test_the_site_taken_out_holds_the_editions_values_and_sphinxs_folder_keeps_its_stand_ins(tmp_path):
    built = tmp_path / "sphinx" / "html"
    (built / "notebooks").mkdir(parents=True)
    page = f'<a href="../editions/{handoff.EDITION_ID}/">Edition {handoff.EDITION_ID}</a> {handoff.FINGERPRINT}'
    (built / "notebooks" / "summary.html").write_text(page, encoding="utf-8")
    (built / "logo.png").write_bytes(b"\x89PNG\x00 no stand-in")
    os.utime(built / "logo.png", (1000, 1000))
    fills = stand_ins.of_stage(_stage(tmp_path / "stage"))
    stand_ins.copy_filled(built, tmp_path / "site", fills)
    out = (tmp_path / "site" / "notebooks" / "summary.html").read_text(encoding="utf-8")
    assert out == '<a href="../editions/2024-1a2b3c4d/">Edition 2024-1a2b3c4d</a> 0123456789ab'
    assert (built / "notebooks" / "summary.html").read_text(encoding="utf-8") == page
    assert (tmp_path / "site" / "logo.png").read_bytes() == b"\x89PNG\x00 no stand-in"
    assert (tmp_path / "site" / "logo.png").stat().st_mtime == 1000


def test_a_site_sphinx_built_in_the_stage_itself_is_filled_in_place(tmp_path):
    stage = _stage(tmp_path / "stage")
    (stage / "_build" / "html").mkdir(parents=True)
    (stage / "_build" / "html" / "index.html").write_text(f"v={handoff.EDITION_ID}", encoding="utf-8")
    stand_ins.fill_in_place(stage / "_build" / "html", stand_ins.of_stage(stage))
    assert (stage / "_build" / "html" / "index.html").read_text(encoding="utf-8") == "v=2024-1a2b3c4d"
    assert [p.name for p in (stage / "_build" / "html").iterdir()] == ["index.html"]  # nothing left aside


def test_a_stage_without_the_builds_handoff_has_nothing_to_fill(tmp_path):
    (tmp_path / "stage").mkdir()
    assert stand_ins.of_stage(tmp_path / "stage") == {}
