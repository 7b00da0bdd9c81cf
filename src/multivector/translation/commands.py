"""What the command line says of the translations: `multivector check` lists, per page and language, the passages
whose translation is outdated or missing; `multivector translations update` brings the catalogs in line with the
English text (new passages added, changed ones marked fuzzy) and says how many of each a language has."""

from __future__ import annotations

import json
from pathlib import Path

from multivector import paths
from multivector.engine.publish import stage_dir
from multivector.i18n import TRANSLATED
from multivector.translation import catalogs, datawords, interface, lineage, notebooks, outputs, theme
from multivector.translation.blocks import plain_words

# Catalogs whose English stand-ins carry no note (a word of the interface, a glued word); the others' do.
NO_NOTE = (catalogs.INTERFACE, catalogs.FIGURES, catalogs.DATA, catalogs.THEME, catalogs.OUTPUTS)


def check_lines(root: Path, site: Path = paths.SITE) -> list[str]:
    """One line per page (or the interface's and figures' catalogs) with stale translations, then one per passage, for
    `multivector check`; the figures are those of the last build of `site`."""
    out = []
    others = {catalogs.INTERFACE: interface.messages(root), catalogs.LINEAGE: lineage_words(site)} | glued_texts(site)
    others[catalogs.DATA] = datawords.messages(root / paths.DATA.name)
    others[catalogs.THEME] = theme.messages()
    for lang in TRANSLATED:
        for name, stale in catalogs.status(root, lang, others).items():
            out.append(
                f"translation: {lang}/{name}: {len(stale[catalogs.OUTDATED])} outdated, "
                f"{len(stale[catalogs.MISSING])} untranslated (shown in English{'' if name in NO_NOTE else ' with a note'})"
            )
            out += [
                f"  {state}: {plain_words(text, 10)}…"
                for state in (catalogs.OUTDATED, catalogs.MISSING)
                for text in stale[state]
            ]
    return out


def glued_texts(site: Path) -> dict[str, list[tuple[str, str]]]:
    """The glued figures that are words (figures.po), the chart cards' texts (charts.po) and the words of the printed
    claims tables, source lists and run cards (outputs.po), each with its context, from the executed notebooks of the
    last build of `site` (if there is one)."""
    words, charts, printed = [], [], list(outputs.STATIC)
    for nb in sorted((stage_dir(site) / "notebooks").glob("*.ipynb")):
        words += notebooks.glued_words(nb)
        charts += notebooks.chart_texts(nb)
        printed += notebooks.printed_texts(nb)
    return {
        catalogs.FIGURES: sorted(set(words)),
        catalogs.CHARTS: list(dict.fromkeys(charts)),
        catalogs.OUTPUTS: list(dict.fromkeys(printed)),
    }


def lineage_words(site: Path) -> list[str]:
    """The glued figures' formulas and input labels, from the executed notebooks of the last build of `site`."""
    found = []
    for nb in sorted((stage_dir(site) / "notebooks").glob("*.ipynb")):
        found += lineage.notebook_words(nb)
    return list(dict.fromkeys(found))


def update(root: Path, site: Path = paths.SITE) -> list[str]:
    """Update every catalog of every translated language; a line per catalog with what it holds."""
    out = []
    for lang in TRANSLATED:
        glued = glued_texts(site) | {catalogs.LINEAGE: lineage_words(site)}
        glued[catalogs.DATA] = datawords.messages(root / paths.DATA.name)
        glued[catalogs.THEME] = theme.messages()
        counts = catalogs.update_all(root, lang, interface.messages(root), glued)
        for name, n in counts.items():
            out.append(f"{lang}/{name}: {json.dumps(n)}")
    return out
