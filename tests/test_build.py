"""The build publishes a complete book or nothing, and a re-run with new data updates every figure."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import NEW_YEAR, XSS, book_with_about_line, edit_csv, tree_digest

from multivector import cli, data, paths, sections
from multivector.analysis import compute, narrative
from multivector.engine import bookrun, build, execute, publish, steps, translations
from multivector.engine.report import BuildError

# Every test here builds a site or runs a build: `make test-fast` leaves the file out.
pytestmark = pytest.mark.slow


def page_text(site, name: str) -> str:
    text = html.unescape((site / f"{name}.html").read_text(encoding="utf-8"))
    # Sphinx turns straight quotes into typographic ones.
    return text.replace("’", "'").replace("“", '"').replace("”", '"')


def test_site_has_a_page_per_section_and_the_references(built_site):
    for section in sections.PAGES:
        assert (built_site / "notebooks" / f"{section}.html").is_file(), section
    assert (built_site / "book" / "references.html").is_file()


def test_figure_1_shares_on_the_page_are_computed_from_the_csv(built_site):
    ds = data.load()
    text = page_text(built_site, "notebooks/multi_vectorism")
    assert narrative.pct(compute.share(ds, 2024, "imports", "RU")) in text
    assert narrative.pct(compute.share(ds, 2024, "exports", "EU27")) in text


def test_every_glued_figure_appears_on_its_page(built_site):
    facts = json.loads((built_site / paths.EDITION_FILE).read_text())
    for section, figures in facts["figures"].items():
        text = page_text(built_site, f"notebooks/{section}")
        missing = [k for k, v in figures.items() if v["text"] not in text]
        assert not missing, f"{section}: glued figures not on the page: {missing}"


def test_a_build_leaves_the_source_notebooks_untouched(built_site):
    if not (paths.ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--", "notebooks"], cwd=paths.ROOT, capture_output=True, text=True
    ).stdout
    assert changed == ""
    for nb_path in paths.NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(nb_path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_executed_copies_carry_outputs(built_site):
    executed = publish.stage_dir(built_site) / "notebooks" / "multi_vectorism.ipynb"
    nb = nbformat.read(executed, as_version=4)
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_charts_load_vega_from_the_site_only_on_chart_pages(built_site):
    chart_page = (built_site / "notebooks" / "multi_vectorism.html").read_text()
    plain_page = (built_site / "book" / "about.html").read_text()
    assert "_static/mv-charts.js" in chart_page  # it fetches _static/vega-bundle.js when a chart nears the screen
    assert "vega-bundle.js" not in plain_page and "mv-charts.js" not in plain_page
    assert (built_site / "_static" / "vega-bundle.js").stat().st_size > 100_000


@pytest.fixture
def previous_site(built_site, tmp_path):
    out = tmp_path / "site"
    shutil.copytree(built_site, out)
    return out


def test_malformed_data_leaves_the_previous_site_byte_for_byte(previous_site, data_copy, capsys):
    before = tree_digest(previous_site)
    edit_csv(data_copy, "trade_partners.csv", lambda t: t.replace("2024,exports,RU,9.55", "2024,exports,RU,lots"))
    assert cli.main(["build", "--data", str(data_copy), "--out", str(previous_site)]) == 2
    assert "trade_partners.csv" in capsys.readouterr().err
    assert tree_digest(previous_site) == before


def test_a_failing_notebook_leaves_the_site_and_names_the_cell(previous_site, tmp_path, monkeypatch):
    before = tree_digest(previous_site)
    broken = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, broken)
    nb = nbformat.read(broken / "conclusions.ipynb", as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure for the test')"))
    nbformat.write(nb, broken / "conclusions.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOKS", broken)
    with pytest.raises(BuildError) as info:
        build.build(out=previous_site, report=build.Reporter(quiet=True))
    message = str(info.value)
    assert "conclusions" in message and "RuntimeError" in message and "deliberate failure" in message
    kept = Path(message.split("executed copy with the error: ")[1].split(";")[0].split("\n")[0])
    assert kept.name == "conclusions.ipynb" and kept.is_file()
    assert tree_digest(previous_site) == before
    assert not _book_processes(kept.parent.parent)


class _Stopped(Exception):
    pass


def test_the_build_tells_the_notebooks_it_runs_its_date_the_package_it_validated_its_kept_pictures_and_previews(
    tmp_path, monkeypatch
):
    told = {}

    def stop_before_running(todo, folder, values, env, pool, report, meanwhile=None, each=None):
        told.update(env)
        raise _Stopped

    monkeypatch.setattr(execute, "execute", stop_before_running)
    with pytest.raises(_Stopped):
        build.build(out=tmp_path / "site", cache_dir=tmp_path / "cache", report=build.Reporter(quiet=True))
    assert told == {
        paths.BUILD_DATE_ENV: dt.date.today().isoformat(),
        paths.CHECKED_PACKAGE_ENV: data.load().package_token,
        paths.PICTURES_ENV: str(tmp_path / "cache" / translations.PICTURES),
        paths.PREVIEWS_ENV: str(tmp_path / "cache" / steps.PREVIEWS),
    }


def _book_processes(folder) -> list[str]:
    """Jupyter Book processes (multivector.bookrun) still running for a stage folder."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:  # the process ended while we looked
            continue
        if "multivector.engine.bookrun" in args and str(folder) in args:
            found.append(" ".join(args))
    return found


def test_a_jupyter_book_warning_fails_the_build_names_it_and_leaves_the_site(previous_site, tmp_path):
    before = tree_digest(previous_site)
    root = book_with_about_line(tmp_path / "root", "See {ref}`a-label-nobody-defined`.")
    with pytest.raises(BuildError) as info:
        build.build(out=previous_site, root=root, report=build.Reporter(quiet=True))
    message = str(info.value)
    assert "build book" in message and "a-label-nobody-defined" in message and "about.md" in message
    assert tree_digest(previous_site) == before
    assert not _book_processes(info.value.keep.parent)


@pytest.fixture(scope="module")
def synthetic_edition(new_year_edition):
    """conftest's edition for a synthetic 2026 (trade rows only, an HTML probe as a partner name), the second edition
    published into a copy of the default site."""
    return new_year_edition.out, data.load(new_year_edition.folder, year=NEW_YEAR), data.load()


def test_rerun_with_new_year_updates_every_figure(synthetic_edition):
    out, ds, _ = synthetic_edition
    text = page_text(out, "notebooks/multi_vectorism")
    assert narrative.pct(compute.share(ds, NEW_YEAR, "imports", "RU")) in text
    facts = json.loads((out / paths.EDITION_FILE).read_text())
    assert facts["params"]["year"] == NEW_YEAR
    for section, figures in facts["figures"].items():
        page = page_text(out, f"notebooks/{section}")
        assert not [k for k, v in figures.items() if v["text"] not in page], section


def test_what_changed_lists_the_figures_that_moved(synthetic_edition, built_site):
    out, _, _ = synthetic_edition
    old = json.loads((built_site / paths.EDITION_FILE).read_text())
    new = json.loads((out / paths.EDITION_FILE).read_text())
    moved = {
        v["label"]: v["text"]
        for s, figs in new["figures"].items()
        for k, v in figs.items()
        if old["figures"][s][k]["text"] != v["text"]
    }
    assert moved
    text = page_text(out, "notebooks/what_changed")
    for label, now in moved.items():
        assert label in text and now in text, label  # by the label a reader knows it by, never its glue name
    assert "trade_partners" in text  # its checksum changed


def test_text_from_data_is_never_markup(synthetic_edition):
    out, _, _ = synthetic_edition
    for page in out.rglob("*.html"):
        assert XSS not in page.read_text(encoding="utf-8"), page


def _anchors(page) -> set[str]:
    import re as _re

    return set(_re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))


def test_rebuilding_keeps_every_page_address_and_anchor(built_site, synthetic_edition):
    out, _, _ = synthetic_edition
    # At the root, where the latest edition is served (each edition's permanent copy is under editions/).
    pages = {
        p.relative_to(built_site)
        for p in built_site.rglob("*.html")
        if p.relative_to(built_site).parts[0] != "editions"
    }
    assert pages == {p.relative_to(out) for p in out.rglob("*.html") if p.relative_to(out).parts[0] != "editions"}
    for section in sections.SECTIONS:
        rel = f"notebooks/{section}.html"
        before, after = _anchors(built_site / rel), _anchors(out / rel)
        assert before == after, f"{rel}: anchors differ: {sorted(before ^ after)[:10]}"
        assert section.replace("_", "-") in before  # the page's own label, chosen once


def test_every_section_page_says_what_it_was_built_from(built_site):
    facts = json.loads((built_site / paths.EDITION_FILE).read_text())
    for section in sections.SECTIONS:
        text = page_text(built_site, f"notebooks/{section}")
        assert "Run card." in text, section
        for name, value in facts["params"].items():
            assert f"{name}={value}" in text, f"{section}: run card lacks {name}={value}"
        assert f"Data package version {facts['data']['version']}" in text, section


def test_a_stale_list_of_modules_to_preload_only_preloads_less(tmp_path):
    import sys

    listed = "tabnanny"  # a standard module nothing here imports, standing in for one the last build used
    assert listed not in sys.modules
    modules = tmp_path / bookrun.Book.MODULES
    modules.write_text(f"a_module_no_build_imports_any_more\n{listed}\n", encoding="utf-8")
    bookrun.warm_up(paths.ROOT, modules)  # the unknown name is skipped, not fatal
    assert listed in sys.modules and "a_module_no_build_imports_any_more" not in sys.modules


def test_the_root_page_declares_the_favicon_and_leads_to_the_first_page(built_site):
    root = (built_site / "index.html").read_text(encoding="utf-8")
    icon = re.search(r'<link rel="icon" href="([^"]+)"', root)
    assert icon and (built_site / icon.group(1)).is_file(), root
    assert 'url=book/index.html"' in root and '<a href="book/index.html">' in root
    assert (built_site / "book" / "index.html").is_file()


def _tiny_book(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "_config.yml").write_text('title: t\nexecute:\n  execute_notebooks: "off"\n', encoding="utf-8")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (folder / "intro.md").write_text(f"# Intro\n\n{text}\n", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_one_loaded_jupyter_book_runs_each_language_with_its_own_status_and_log_and_leaves_no_process(tmp_path):
    good = _tiny_book(tmp_path / "good", "Plain text.")
    bad = _tiny_book(tmp_path / "bad", "See {ref}`a-label-nobody-defined`.")
    process = bookrun.Book(good, tmp_path / "cache")
    try:
        # Started in one order, waited for in the other: each run's status is its own.
        first = process.start(bad, log=tmp_path / "bad.log")
        second = process.start(good, log=tmp_path / "good.log")
        assert second.wait() == 0
        assert first.wait() != 0
    finally:
        process.close()
    assert "a-label-nobody-defined" in first.first_error()
    assert "a-label-nobody-defined" not in (tmp_path / "good.log").read_text(encoding="utf-8")
    assert (good / "_build" / "html" / "intro.html").is_file()
    assert not _book_processes(good)
