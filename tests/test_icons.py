"""The icons the pages use are drawn from the theme's own Font Awesome paths, found in one pass."""

from __future__ import annotations

from multivector.site import icons
from multivector.site.theme import theme_static

SOURCE = (
    'var a={"circle-half-stroke":[512,512,[9680],"f042","M448 256c0"],bars:[448,512,[],"f0c9","M0 96C0"],'
    '"bars":[1,1,[],"ffff","later"],sun:[512,512,[],"f185","M361.5 1"]};'
)


def test_each_icon_takes_its_first_definition_quoted_or_not():
    found = icons.icon_paths({"circle-half-stroke", "bars", "sun"}, SOURCE)
    assert found == {
        "bars": (448, 512, "M0 96C0"),
        "circle-half-stroke": (512, 512, "M448 256c0"),
        "sun": (512, 512, "M361.5 1"),
    }


def test_an_icon_the_script_does_not_define_is_left_out_rather_than_drawn_wrong():
    assert icons.icon_paths({"no-such-icon", "sun"}, SOURCE) == {"sun": (512, 512, "M361.5 1")}


def test_the_icons_the_theme_shows_are_found_in_its_script():
    source = (theme_static() / "scripts" / "fontawesome.js").read_text(encoding="utf-8")
    found = icons.icon_paths({"bars", "magnifying-glass", "sun", "moon", "circle-half-stroke"}, source)
    assert set(found) == {"bars", "magnifying-glass", "sun", "moon", "circle-half-stroke"}
    assert all(w > 0 and h > 0 and path.startswith("M") for w, h, path in found.values())
