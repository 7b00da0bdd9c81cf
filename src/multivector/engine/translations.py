"""The build's step for the edition's other languages: from the English stage whose notebooks have run, a stage per
language (translation.stage), Jupyter Book once more on each, and the result in the site's `<lang>/` folder.

No notebook runs again: the translated pages are the same executed notebooks, with their text and figures in the
language. What is shown in English for want of a current translation is a warning of the build, never an error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from multivector.engine import bookrun
from multivector.engine.report import BuildError
from multivector.i18n import TRANSLATED
from multivector.site import sitemaps
from multivector.translation import catalogs, stage

# The translated stages' folder, inside the English stage (after Jupyter Book has read it).
STAGES = "_translations"


def build(job, work: Path) -> None:
    """Each translated edition of the English stage `work`, into `work/_build/html/<lang>/`."""
    site = work / "_build" / "html"
    for lang in TRANSLATED:
        dest = work / STAGES / lang
        found = stage.make(work, dest, lang, job.root)
        for warning in found.warnings(lang):
            job.report("warning", f"warning: {warning}")
        book = bookrun.Book(dest, job.cache)
        try:
            job.report("step", f"3/4 Building the book in '{lang}' with Jupyter Book")
            if book.run() != 0:
                raise BuildError(
                    "build book", f"Jupyter Book reported problems in '{lang}':\n" + book.first_error(), keep=book.log
                )
        finally:
            book.close()
        shutil.move(dest / "_build" / "html", site / lang)
        # The root's sitemap index and robots.txt are the site's; a translated folder's copies would mislead.
        for name in (sitemaps.INDEX, sitemaps.ROBOTS):
            (site / lang / name).unlink(missing_ok=True)


def check(root: Path) -> None:
    """Stop before any work if a catalog of a translated language cannot be read (catalogs.CatalogError)."""
    for lang in TRANSLATED:
        catalogs.check(root, lang)


def sites(site: Path) -> list[Path]:
    """The translated sites inside the English `site`, each of which serves the data files at its own `data/` too
    (the lineage pop-ups link them there)."""
    return [site / lang for lang in TRANSLATED if (site / lang).is_dir()]


def catalog_files(root: Path) -> list[Path]:
    """The catalogs the translated pages are made from: part of what keys the site."""
    return sorted((root / catalogs.LOCALES).rglob("*.po"))
