"""The stage of a translated edition, made from the English stage after its notebooks ran: the same executed
notebooks, pages and build handoff, in another language, for Jupyter Book's second run (`OUT/<lang>/`).

What it found (per page: blocks translated, outdated, missing; figures left in English) is returned for the build to
warn about, and is what `multivector check` lists from the catalogs alone (catalogs.status).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from multivector import paths
from multivector.i18n.plurals import Plural
from multivector.translation import catalogs, datawords, interface, notebooks, outputs, theme
from multivector.translation.kept import Kept, catalogs_digest
from multivector.translation.translate import Page, markdown

STAGE_FILES = ("_config.yml", "_toc.yml")


@dataclass
class Found:
    """What a translated stage holds that is not (yet) translated."""

    stale: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    english_figures: dict[str, list[str]] = field(default_factory=dict)
    english_lineages: dict[str, int] = field(default_factory=dict)
    english_charts: dict[str, list[str]] = field(default_factory=dict)
    english_outputs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    english_theme: list[str] = field(default_factory=list)
    # The data package's texts the data sources appendix shows in English for want of a current translation.
    english_data: list[str] = field(default_factory=list)

    def warnings(self, lang: str) -> list[str]:
        out = []
        for name, stale in sorted(self.stale.items()):
            outdated = sum(s == catalogs.OUTDATED for s, _ in stale)
            missing = len(stale) - outdated
            out.append(
                f"{lang}/{name}: {outdated} passage(s) with an outdated translation and {missing} without one are "
                "shown in English with a note (multivector check lists them)"
            )
        for name, glued in sorted(self.english_figures.items()):
            out.append(f"{lang}/{name}: figures shown in English for want of a translation: {', '.join(glued)}")
        for name, count in sorted(self.english_lineages.items()):
            out.append(f"{lang}/{name}: {count} figure(s) whose lineage is shown in English with a note (lineage.po)")
        for name, texts in sorted(self.english_charts.items()):
            out.append(
                f"{lang}/{name}: {len(texts)} chart text(s) shown in English for want of a current translation "
                "(multivector check lists them)"
            )
        for name, texts in sorted(self.english_outputs.items()):
            out.append(
                f"{lang}/{name}: {len(texts)} text(s) of its claims tables, source lists, run card or glued "
                "sentences shown in English for want of a current translation (multivector check lists them)"
            )
        if self.english_data:
            out.append(
                f"{lang}/data_sources: {len(self.english_data)} text(s) of the data package shown in English for want "
                "of a current translation in data.po (multivector check lists them)"
            )
        if self.english_theme:
            out.append(
                f"{lang}/theme: {len(self.english_theme)} word(s) of the theme shown in English for want of a current "
                "translation (multivector check lists them)"
            )
        return out

    def add(self, name: str, record: dict) -> None:
        """What one page left in English (a record of translation.kept.FIELDS: a markdown page has only `stale`)."""
        if record.get("outputs"):
            self.english_outputs[name] = list(record["outputs"])
        if record.get("figures"):
            self.english_figures[name] = list(record["figures"])
        if record.get("lineages"):
            self.english_lineages[name] = record["lineages"]
        if record.get("charts"):
            self.english_charts[name] = list(record["charts"])
        if record.get("stale"):
            self.stale[name] = [tuple(pair) for pair in record["stale"]]


def make(english: Path, dest: Path, lang: str, root: Path, kept: Kept | None = None) -> Found:
    """Write the `lang` stage into `dest` from the English stage `english`; `root` holds the catalogs. With `kept`,
    a notebook translated before from the same executed copy, catalogs and code is read back from there."""
    notebook = Notebooks.of_language(root, lang, kept)
    words = notebook.words
    dest.mkdir(parents=True, exist_ok=True)
    configure(english, dest, lang, words, root)
    shutil.copy2(english / paths.HANDOFF, dest / paths.HANDOFF)
    found = Found(english_theme=theme.compile_into(root, lang, dest))
    descriptor = json.loads((dest / paths.HANDOFF).read_text(encoding="utf-8"))["data"]["descriptor"]
    # Words of their own: a Words notes each text it leaves in English.
    found.english_data = datawords.shown_in_english(descriptor, datawords.Words.read(root, lang))
    for name, source in catalogs.pages(english).items():
        target = dest / source.relative_to(english)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".ipynb":
            found.add(name, notebook.translate(name, source, target))
        else:
            page = Page(name, lang, catalogs.read(catalogs.po_file(root, lang, name), lang), words)
            target.write_text(markdown(source.read_text(encoding="utf-8"), page), encoding="utf-8")
            found.add(name, {"stale": page.stale})
    for other in (english / "book").iterdir():
        if not (dest / "book" / other.name).exists():
            shutil.copy2(other, dest / "book" / other.name)
    return found


class Notebooks:
    """Executed notebooks translated into one language (translation.notebooks), or read back from `kept`; each gives
    the record of what it left in English (translation.kept.FIELDS), the translated notebook with it."""

    def __init__(self, root: Path, lang: str, words, data_words, kept: Kept | None):
        self.root, self.lang, self.words, self.data_words, self.kept = root, lang, words, data_words, kept
        self._catalogs = None
        self._digest = catalogs_digest(root, lang) if kept else None  # once for all the notebooks

    @classmethod
    def of_language(cls, root: Path, lang: str, kept: Kept | None = None) -> Notebooks:
        """The notebooks' translator into `lang`, with the catalogs under `root`."""
        words = catalogs.read(catalogs.po_file(root, lang, catalogs.INTERFACE), lang)
        return cls(root, lang, words, datawords.Words.read(root, lang), kept)

    def translate(self, name: str, source: Path, target: Path) -> dict:
        key = self.kept.key(source, self.lang, self._digest) if self.kept else None
        record = self.kept.read(name, key) if self.kept else None
        if record is None:
            record = self._made(name, source, target)
            if self.kept:
                self.kept.write(name, key, record)
        else:
            target.write_text(record["notebook"], encoding="utf-8")
        return record

    def _made(self, name: str, source: Path, target: Path) -> dict:
        if self._catalogs is None:  # read once, and only if a notebook is translated
            po = lambda n: catalogs.read(catalogs.po_file(self.root, self.lang, n), self.lang)  # noqa: E731
            kinds = (catalogs.FIGURES, catalogs.LINEAGE, catalogs.CHARTS, catalogs.OUTPUTS)
            self._catalogs = dict(zip(kinds, map(po, kinds), strict=True))
        c = self._catalogs
        page = Page(name, self.lang, catalogs.read(catalogs.po_file(self.root, self.lang, name), self.lang), self.words)
        say = outputs.Say(self.lang, c[catalogs.OUTPUTS], self.data_words)
        left = notebooks.translate(
            source, target, page, c[catalogs.FIGURES], c[catalogs.CHARTS], c[catalogs.LINEAGE], say, self.data_words
        )
        text = target.read_text(encoding="utf-8")
        return {
            "notebook": text,
            "figures": left,
            "outputs": list(dict.fromkeys(say.left)),
            "lineages": page.lineage_stale,
            "charts": list(dict.fromkeys(page.chart_texts)),
            "stale": page.stale,
        }


def configure(english: Path, dest: Path, lang: str, words, root: Path) -> None:
    """Jupyter Book's configuration for the language: Sphinx's `language` (its search index, its own words), the
    title and the table of contents' captions from interface.po, and where the catalogs are (`root`)."""
    say = lambda text: catalogs.look_up(words, text).text or text  # noqa: E731
    config = yaml.safe_load((english / "_config.yml").read_text(encoding="utf-8"))
    sphinx_words = site_words(words, config["title"])
    config["title"] = say(config["title"])
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["language"] = lang
    sphinx["locale_dirs"] = [theme.LOCALE_DIR]  # the themes' words (translation.theme), read before their own catalogs
    sphinx["numfig_format"] = {kind: say(words) for kind, words in interface.numbering(config).items()}
    sphinx[interface.CATALOGS_SETTING] = str(root)
    toc = yaml.safe_load((english / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        if part.get("caption"):
            part["caption"] = say(part["caption"])
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # noqa: E731
    (dest / "_config.yml").write_text(dump(config), encoding="utf-8")
    (dest / interface.WORDS_FILE).write_text(json.dumps(sphinx_words, ensure_ascii=False, indent=0), encoding="utf-8")
    (dest / "_toc.yml").write_text(dump(toc), encoding="utf-8")


def site_words(words, title: str) -> dict[str, str]:
    """The words the book's Sphinx extension writes (interface.SITE_WORDS) and the book's title, which its citations
    name (CITATION.cff equals it), by their English, as `words` (interface.po) translates them; English if it does not."""
    out = {
        english: catalogs.look_up(words, english).text or english
        for english in (*interface.SITE_WORDS, *interface.NOTES, title)
    }
    # The what-changed pages' words; a message after a count is given by its singular, with its forms (a list).
    for message in interface.comparison_words():
        found = catalogs.look_up(words, message).text
        if isinstance(message, Plural):
            if found:
                out[message.singular] = list(found)
        else:
            out[message] = found or message
    return out
