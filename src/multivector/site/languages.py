"""Each page in the edition's languages: a switcher to the same page in the other language, hreflang alternates (at
permanent addresses, when the site's address is known), and the permanent address of a translated page (its
language's folder in the edition, `ru/`).

English is served at the site's root and each translation in a folder of its own (`ru/`), so a page's twin is found
by its name alone; a translated book is built with Sphinx's `language` set (translation.stage), which gives its pages
`<html lang>`, Sphinx's own words and the language's search index.
"""

from __future__ import annotations

import json
from pathlib import Path

from multivector.i18n import LANGUAGES, SOURCE
from multivector.site import handoff, parts
from multivector.site.address import edition_url
from multivector.site.sitemaps import PLACEHOLDER
from multivector.translation import catalogs
from multivector.translation.interface import (
    CATALOGS_SETTING,
    EDITION_STATUS_WORDS,
    EDITION_WORDS,
    LANGUAGE_NAMES,
    LINEAGE_WORDS,
    MISSING_NOTE,
    OUTDATED_NOTE,
    SWITCH_LABEL,
    WORDS_FILE,
    WORDS_SETTING,
    sentence,
)


def add_setting(app) -> None:
    """The `multivector_words` setting: the extension's own words in the book's language, by their English (a
    translated stage keeps them in its WORDS_FILE, read as the configuration is; English needs none); and
    `multivector_catalogs`, the folder of a translated book's catalogs (the appendices read the data's words there)."""
    app.add_config_value(WORDS_SETTING, {}, "html")
    app.add_config_value(CATALOGS_SETTING, "", "html")
    app.connect("config-inited", read_words)


def read_words(app, config) -> None:
    """The `multivector_words` of a translated stage, from its WORDS_FILE beside _config.yml (translation.stage)."""
    kept = Path(app.srcdir) / WORDS_FILE
    if kept.is_file():
        config[WORDS_SETTING] = json.loads(kept.read_text(encoding="utf-8"))


def say(app, english: str) -> str:
    """`english`, one of the words the extension writes on a page, in the book's language."""
    return getattr(app.config, WORDS_SETTING, {}).get(english, english)


def edition_status_words(app) -> dict[str, str]:
    """What mv-editions.js says of the page's edition (the latest line, an older edition's banner), in the book's
    language; English for a translation that names other values than the English does."""
    return {key: sentence({english: say(app, english)}, english) for key, english in EDITION_STATUS_WORDS.items()}


def edition_words(app) -> dict[str, str]:
    """The words of the edition's label at the top of every page (switcher.edition_label), in the book's language."""
    return {key: say(app, words) for key, words in EDITION_WORDS.items()}


def lineage_words(app) -> dict:
    """For a translated page's lineage pop-ups (static/mv-lineage.js): their words and the notes on a lineage left in
    English, by status; nothing on an English page, whose pop-ups say their English words."""
    if language_of(app) == SOURCE:
        return {}
    notes = {catalogs.OUTDATED: OUTDATED_NOTE, catalogs.MISSING: MISSING_NOTE}
    return {
        "words": {english: say(app, english) for english in LINEAGE_WORDS},
        "notes": {status: say(app, english) for status, english in notes.items()},
    }


def language_of(app) -> str:
    return app.config.language if app.config.language in LANGUAGES else SOURCE


def configure(app, config):
    """A translated page's permanent address is in its language's folder of the edition (canonical links, and the
    sitemap's addresses, under the placeholder host while the site's address is unknown: sitemaps.sitemap_base)."""
    lang = config.language if config.language in LANGUAGES else SOURCE
    if lang == SOURCE:
        return
    if config.html_baseurl:
        config.html_baseurl = f"{config.html_baseurl.rstrip('/')}/{lang}/"
    elif "site_url" in config and not config.site_url:
        config.site_url = edition_url(f"{lang}/", PLACEHOLDER, handoff.of(app)["edition"]["id"])


def in_edition(pagename: str, lang: str) -> str:
    """The path of `pagename` in `lang` inside its edition's folder: 'notebooks/summary.html', 'ru/notebooks/...'."""
    return f"{'' if lang == SOURCE else lang + '/'}{pagename}.html"


def address(pagename: str, lang: str, here: str) -> str:
    """The relative address of `pagename` in `lang`, from that page in `here`."""
    up = "../" * pagename.count("/")
    if here != SOURCE:
        up += "../"
    return up + in_edition(pagename, lang)


def add_switcher(app, pagename, templatename, context, doctree):
    """Every page: a link to its twin in each other language, and an hreflang alternate for every language."""
    if app.builder.format != "html" or "body" not in context:
        return
    here = language_of(app)
    versions = [{"lang": lang, "href": address(pagename, lang, here)} for lang in LANGUAGES]
    others = [{**v, "name": LANGUAGE_NAMES[v["lang"]]} for v in versions if v["lang"] != here]
    alternates = permanent_alternates(app, pagename)
    if alternates:
        context["metatags"] = context.get("metatags", "") + parts.render("hreflang.html", versions=alternates)
    label = say(app, SWITCH_LABEL)
    context["body"] = parts.render("language-switcher.html", label=label, others=others) + context["body"]


def permanent_alternates(app, pagename: str) -> list[dict]:
    """The page's permanent address in every language, for hreflang alternates; none while the site's public address
    is unknown, since search engines (and Lighthouse's hreflang audit) take only absolute addresses there: the
    switcher's links, with their hreflang, still join the twins."""
    given = handoff.of(app)
    base, edition = given.get("base_url") or "", given["edition"]["id"]
    hrefs = {lang: edition_url(in_edition(pagename, lang), base, edition) for lang in LANGUAGES}
    return [{"lang": lang, "href": href} for lang, href in hrefs.items() if href]
