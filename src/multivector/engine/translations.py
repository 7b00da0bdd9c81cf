"""The build's step for the edition's other languages: from the English stage whose notebooks have run, a stage per
language (translation.stage), Jupyter Book once more on each (while the English run goes on), and the result in the
site's `<lang>/` folder.

No notebook runs again: the translated pages are the same executed notebooks, with their text and figures in the
language. What is shown in English for want of a current translation is a warning of the build, never an error.
"""

from __future__ import annotations

import filecmp
import importlib
import os
import shutil
import tempfile
from pathlib import Path

from multivector import paths
from multivector.engine import bookrun, incremental
from multivector.engine.printing import print_pdfs
from multivector.i18n import TRANSLATED
from multivector.translation import catalogs, interface
from multivector.translation.kept import Kept

# The build cache's folders of the translated cards' pictures (charts.pictures.kept_in) and of the translated
# notebooks (translation.kept).
PICTURES = "pictures"
TRANSLATIONS = "translations"


def preload() -> None:
    """Import what makes the translated stages (0.4 s here) and start the engine that redraws their cards (0.5 s),
    for a build to do while its notebooks run rather than after them."""
    # Imported here for start-up time: the stage redraws chart cards (Altair, 0.3-0.9 s), which no command but a
    # build that publishes needs; `multivector check`, a no-op build and the other commands import this module.
    importlib.import_module("multivector.translation.stage")
    importlib.import_module("multivector.charts.pictures").warm_up()


def start(job, work: Path, book: bookrun.Book) -> list[incremental.Run]:
    """Each translated stage, made from the English stage `work` whose notebooks have run, and its Jupyter Book run
    started in `book`'s process, its log in that stage."""
    # Imported here for start-up time, as in preload (which a build whose notebooks ran has called already).
    from multivector.charts import pictures
    from multivector.translation import stage

    runs = []
    kept = kept_translations(job)
    for lang in TRANSLATED:
        dest = work / paths.TRANSLATED_STAGES / lang
        with pictures.kept_in(job.cache / PICTURES):
            found = stage.make(work, dest, lang, job.root, kept)
        for warning in found.warnings(lang):
            job.report("warning", f"warning: {warning}")
        around = incremental.book_context(job.inputs, lang, catalogs.files(job.root, lang))
        log = dest / bookrun.Book.LOG
        runs.append(incremental.start_book(book, job.out, dest, around, job.report, lang, log))
    return runs


def kept_translations(job) -> Kept:
    """The translated notebooks kept in the build's cache, for this code and these libraries."""
    return Kept(job.cache / TRANSLATIONS, f"{job.inputs.site_code}-{job.inputs.libraries}")


class Ahead:
    """Each notebook translated into every other language as soon as its kernel has finished, into the translations
    kept between builds (translation.kept), from which `start` reads it back: so only the last notebook to finish is
    translated after the kernels, while Jupyter Book waits. For a build that has called `preload`."""

    def __init__(self, job):
        self.job = job
        self._notebooks = None

    def __call__(self, name: str, executed: Path) -> None:
        """Translate `executed`, the notebook `name` as it ran."""
        # Imported here for start-up time, as in preload (which has loaded them).
        from multivector.charts import pictures
        from multivector.translation import stage

        if self._notebooks is None:
            kept = kept_translations(self.job)
            self._notebooks = {lang: stage.Notebooks.of_language(self.job.root, lang, kept) for lang in TRANSLATED}
        page = paths.page(name)
        # Written aside, not into the stage: Sphinx may be reading the English stage itself (incremental.Run.in_stage).
        with pictures.kept_in(self.job.cache / PICTURES), tempfile.TemporaryDirectory(dir=self.job.cache) as aside:
            for lang, notebooks in self._notebooks.items():
                notebooks.translate(page, executed, Path(aside) / f"{lang}.ipynb")


def finish(job, site: Path, runs: list[incremental.Run]) -> None:
    """Each translated edition, once its run has ended, into the English `site`'s `<lang>/` folder."""
    for run in runs:
        lang = run.lang
        job.report("step", f"3/4 Building the book in '{lang}' with Jupyter Book", phase=f"jupyter_book_{lang}")
        shutil.move(run.finish(), site / lang)
        # The root's sitemap index and robots.txt are the site's; a translated folder's copies would mislead.
        for name in (paths.SITEMAP_INDEX, paths.ROBOTS):
            (site / lang / name).unlink(missing_ok=True)
        share_with_source(site, lang)
        if job.pdf:
            print_pdfs(site / lang, job.report, page_words(job.root, lang))


def page_words(root: Path, lang: str) -> str:
    """The PDFs' "page {page} of {pages}" in `lang`, from interface.po (English where it has no current translation)."""
    words = catalogs.read(catalogs.po_file(root, lang, catalogs.INTERFACE), lang)
    english = interface.PDF_WORDS["page"]
    return interface.sentence({english: catalogs.look_up(words, english).text}, english)


def check(root: Path) -> None:
    """Stop before any work if a catalog of a translated language cannot be read (catalogs.CatalogError)."""
    for lang in TRANSLATED:
        catalogs.check(root, lang)


def share_with_source(site: Path, lang: str) -> None:
    """Make each file of the `lang` folder that equals the English site's file at the same path (the theme's files,
    the data, the charts' previews) a hard link to it, so that a language adds only what it changes."""
    for path in sorted(p for p in (site / lang).rglob("*") if p.is_file() and not p.is_symlink()):
        twin = site / path.relative_to(site / lang)
        try:
            if twin.is_file() and twin.stat().st_size == path.stat().st_size and filecmp.cmp(twin, path, shallow=False):
                tmp = path.with_name(f".{path.name}.link")
                os.link(twin, tmp)
                os.replace(tmp, path)
        except OSError:  # no hard links here: the file keeps its own copy
            continue


def share_data(site: Path) -> None:
    """The data files of the English `site` in each translated folder's `data/` too (the lineage pop-ups link them
    there), as hard links to the checked copies."""
    for lang in TRANSLATED:
        if (site / lang).is_dir():
            shutil.copytree(site / "data", site / lang / "data", copy_function=_link_or_copy)


def _link_or_copy(src: str, dest: str) -> None:
    try:
        os.link(src, dest)
    except OSError:  # no hard links here
        shutil.copy2(src, dest)
