"""The themes' own words in another language (`theme.po`): the buttons, labels and placeholders pydata-sphinx-theme and
sphinx-book-theme write on every page ("Back to top", "Color mode", "Search this book..."), which their own Russian
catalogs leave empty.

The messages are the theme's template (pydata-sphinx-theme's `sphinx.pot`, read from the installed package, so a
theme upgrade brings its new words) and the words of the templates this edition puts in the themes' place
(`site/templates/*.html`, wherever they say `_("…")`). A translated stage gets them as a compiled `sphinx.mo` in its
own locale folder, which Sphinx reads before the themes' catalogs: a word with no current translation stays English.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from multivector.site.theme import TEMPLATES, theme_package
from multivector.translation import catalogs

# The stage's folder of compiled catalogs (Sphinx's `locale_dirs`) and the catalog Sphinx's templates read (`_()`).
LOCALE_DIR = "_locales"
SPHINX_DOMAIN = "sphinx"
# The search field's placeholder: Jupyter Book's setting for sphinx-book-theme, not a template's `_()`.
SEARCH_BAR = "Search this book..."
GETTEXT_CALL = re.compile(r"""_\(\s*(['"])(.+?)\1\s*\)""")


def theme_template() -> list[str]:
    """The words of pydata-sphinx-theme's catalog template, as the installed theme ships it."""
    pot = theme_package() / "locale" / "sphinx.pot"
    with pot.open("rb") as f:
        return [m.id for m in read_po(f) if m.id and isinstance(m.id, str)]


def own_template_words(folder: Path = TEMPLATES) -> list[str]:
    """The words our templates (which stand in for some of the themes') give to `_()`."""
    found = [
        m.group(2) for path in sorted(folder.glob("*.html")) for m in GETTEXT_CALL.finditer(path.read_text("utf-8"))
    ]
    return list(dict.fromkeys(found))


def messages() -> list[str]:
    return list(dict.fromkeys([*theme_template(), *own_template_words(), SEARCH_BAR]))


def compile_into(root: Path, lang: str, stage: Path) -> list[str]:
    """Write the current translations of theme.po into the stage's `sphinx.mo`; the words left in English."""
    source = catalogs.read(catalogs.po_file(root, lang, catalogs.THEME), lang)
    out, english = Catalog(locale=lang, domain=SPHINX_DOMAIN), []
    for msgid in messages():
        found = catalogs.look_up(source, msgid)
        if found.status == catalogs.OK:
            out.add(msgid, found.text)
        else:
            english.append(msgid)
    target = stage / LOCALE_DIR / lang / catalogs.MESSAGES / f"{SPHINX_DOMAIN}.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        write_mo(f, out)
    return english
