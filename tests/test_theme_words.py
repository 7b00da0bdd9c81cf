"""The themes' own words (buttons, labels, the search field) in Russian on Russian pages, from theme.po, and the
templates that stand in for the themes' components differ from them only in giving their words to `_()`."""

from __future__ import annotations

import gettext
import inspect
import re
from importlib.resources import files

import pydata_sphinx_theme

from multivector import paths
from multivector.site import theme as site_theme
from multivector.site.theme import TEMPLATES
from multivector.translation import catalogs, theme

THEMES = {
    "toggle-primary-sidebar.html": ("sphinx_book_theme", "theme/sphinx_book_theme/components"),
    "toggle-secondary-sidebar.html": ("sphinx_book_theme", "theme/sphinx_book_theme/components"),
    "version-switcher.html": ("pydata_sphinx_theme", "theme/pydata_sphinx_theme/components"),
}


def test_the_messages_are_the_themes_template_our_templates_words_and_the_search_field():
    words = theme.messages()
    assert {"Back to top", "Color mode", "Toggle primary sidebar", "Choose version", theme.SEARCH_BAR} <= set(words)
    assert set(theme.theme_template()) <= set(words)


def test_every_theme_word_has_a_current_russian_translation():
    catalog = catalogs.read(catalogs.po_file(paths.ROOT, "ru", catalogs.THEME), "ru")
    stale = catalogs.stale_messages(catalog, theme.messages())
    assert stale == {catalogs.OUTDATED: [], catalogs.MISSING: []}


def test_our_stand_in_templates_are_the_themes_components_with_their_words_given_to_gettext():
    for name, (package, folder) in THEMES.items():
        ours = (TEMPLATES / name).read_text(encoding="utf-8")
        ours = re.sub(r"\A\{#-.*?-#\}\n", "", ours, flags=re.S)
        ours = theme.GETTEXT_CALL.sub(lambda m: m.group(2), ours.replace("{{ ", "").replace(" }}", ""))
        original = (files(package) / folder / name).read_text(encoding="utf-8")
        assert ours == original.replace("{{ ", "").replace(" }}", ""), name


def test_the_stage_gets_the_current_translations_as_sphinx_mo_and_the_rest_stay_english(tmp_path):
    root = tmp_path / "root"
    path = catalogs.po_file(root, "ru", catalogs.THEME)
    catalogs.update(root, "ru", catalogs.THEME, ["Back to top", "Color mode"])
    catalog = catalogs.read(path, "ru")
    catalog["Back to top"].string = "Наверх"
    catalogs.write(path, catalog)
    english = theme.compile_into(root, "ru", tmp_path / "stage")
    mo = tmp_path / "stage" / theme.LOCALE_DIR / "ru" / catalogs.MESSAGES / "sphinx.mo"
    with mo.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    assert compiled.gettext("Back to top") == "Наверх"
    assert compiled.gettext("Color mode") == "Color mode"
    assert "Color mode" in english and "Back to top" not in english


def test_the_sidebars_navigation_is_drawn_once_per_page_not_twice():
    # pydata-sphinx-theme renders each sidebar template a second time to see whether it is empty, except those whose
    # name ends as its skip list says; our stand-in for sphinx-book-theme's navigation is named to be skipped.
    source = inspect.getsource(pydata_sphinx_theme.update_and_remove_templates)
    skipped = re.findall(r'"([\w.-]+\.html)"', re.search(r"templates_skip_empty_check=\[([^\]]*)\]", source).group(1))
    ours = site_theme.OURS["sbt-sidebar-nav.html"]
    assert any(ours.endswith(name) for name in skipped), (ours, skipped)
    text = (TEMPLATES / ours).read_text(encoding="utf-8")
    assert re.sub(r"\{#.*?#\}", "", text, flags=re.S).strip() == '{% include "sbt-sidebar-nav.html" %}'
