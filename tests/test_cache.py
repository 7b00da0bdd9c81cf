"""The execution cache is never stale: whatever a notebook depends on re-runs it when it changes, and nothing else does."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import multiprocessing as mp
import shutil
from pathlib import Path

import nbformat
import psutil
import pytest
from bs4 import BeautifulSoup
from conftest import edit_csv

from multivector import data, params, paths, sections
from multivector.engine import build, cache, checks, execute, facts, keys, publish, records, steps

SECTIONS_READING = "events"  # checked against the recorded reads below, never assumed
SERIES_READ_BY_YEAR = "cpi_yoy"  # the same
EDITED_LABEL = "Russia annexes Crimea"
EDITED_SECTION = "geopolitical_limits"  # the section the edited row belongs to (checked in the data below)


@dataclasses.dataclass
class Built:
    """One real build of a private data copy into a private site and cache, and what the build saw."""

    folder: Path
    out: Path
    cache: Path
    date: str
    values: dict
    ds: data.Dataset
    inputs: cache.Inputs
    reads: dict[str, list[str]]
    jobs: int  # notebooks the build ran at once
    outputs: dict[str, list]  # what each executed notebook showed (code_outputs), as the build left it


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("cache")
    folder, out, cache_dir = root / "data", root / "site", root / "cache"
    shutil.copytree(paths.DATA, folder)
    date, jobs = dt.date.today().isoformat(), 2
    build.build(data_dir=folder, out=out, cache_dir=cache_dir, jobs=jobs, report=build.Reporter(quiet=True))
    values, ds = checks.check(folder, {"data_dir": str(folder.resolve())})
    inputs = cache.current_inputs(steps.NOTEBOOKS, values, ds)
    executed = {n: publish.stage_dir(out) / "notebooks" / f"{n}.ipynb" for n in steps.NOTEBOOKS}
    reads = {n: records.recorded_reads(path) for n, path in executed.items()}
    outputs = {n: code_outputs(path) for n, path in executed.items()}
    return Built(folder, out, cache_dir, date, values, ds, inputs, reads, jobs, outputs)


def decisions(built: Built, inputs: cache.Inputs, force: bool = False) -> dict[str, str | None]:
    return {d.name: d.reason for d in cache.plan(steps.NOTEBOOKS, inputs, built.cache, force)[0]}


def with_data(built: Built, folder: Path) -> cache.Inputs:
    """The build's inputs with the data of `folder` instead: everything else, parameters included, unchanged."""
    return dataclasses.replace(built.inputs, data=data.load(folder).digests())


def code_outputs(path: Path) -> list:
    """What a reader sees of an executed notebook: each code cell's source and outputs, without run metadata."""
    nb = nbformat.read(path, as_version=4)
    return [(c.source, c.get("outputs", [])) for c in nb.cells if c.cell_type == "code"]


def test_every_executed_notebook_records_the_data_it_read(built):
    for name, reads in built.reads.items():
        assert reads, f"{name}: the executed copy records no reads; Page.run_card() must be its last cell"
        assert set(reads) <= set(built.inputs.data), (
            f"{name}: reads unknown to the build: {set(reads) - set(built.inputs.data)}"
        )


def test_a_rebuild_with_nothing_changed_reuses_every_notebook(built):
    assert decisions(built, built.inputs) == {n: None for n in steps.NOTEBOOKS}


def test_editing_a_notebook_reruns_that_notebook_only(built, tmp_path, monkeypatch):
    shutil.copytree(paths.NOTEBOOKS, tmp_path / "notebooks")
    edited = tmp_path / "notebooks" / "conclusions.ipynb"
    nb = nbformat.read(edited, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("One more sentence."))
    nbformat.write(nb, edited)
    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path / "notebooks")
    plan = decisions(built, cache.current_inputs(steps.NOTEBOOKS, built.values, built.ds))
    assert plan == {n: "notebook changed" if n == "conclusions" else None for n in steps.NOTEBOOKS}


def test_changing_a_parameter_reruns_every_notebook(built):
    inputs = dataclasses.replace(
        built.inputs, params={**built.values, "top_partners": built.values["top_partners"] + 1}
    )
    assert decisions(built, inputs) == {n: "parameters changed" for n in steps.NOTEBOOKS}


def readers_of_row(built: Built, resource: str, section: str) -> set[str]:
    """The notebooks whose recorded reads cover a row of `section` in `resource`: all of it, or that section's rows."""
    return {n for n, reads in built.reads.items() if {resource, data.part(resource, section)} & set(reads)}


def test_changing_a_data_file_reruns_the_notebooks_that_read_it_and_no_other(built, tmp_path):
    events = built.ds["events"]
    assert events.loc[events["label"] == EDITED_LABEL, "section"].tolist() == [EDITED_SECTION]
    readers = readers_of_row(built, SECTIONS_READING, EDITED_SECTION)
    unaffected = set(steps.NOTEBOOKS) - readers
    assert readers and unaffected & set(sections.SECTIONS), (
        f"every section reads that row of {SECTIONS_READING}.csv now: pick a row some section does not read "
        f"(recorded reads: {built.reads})"
    )
    folder = tmp_path / "data"
    shutil.copytree(built.folder, folder)
    edit_csv(folder, f"{SECTIONS_READING}.csv", lambda t: t.replace(EDITED_LABEL, EDITED_LABEL + " (edited)"))
    plan = decisions(built, with_data(built, folder))
    assert {n for n, reason in plan.items() if reason} == readers
    assert all(SECTIONS_READING in plan[n] for n in readers), plan


def test_a_page_that_reads_some_sections_rows_ignores_the_other_sections_rows(built, tmp_path):
    events = built.ds["events"]
    for section in sorted(set(events["section"])):
        whole = {n for n, reads in built.reads.items() if SECTIONS_READING in reads}
        partial = {n for n, reads in built.reads.items() if data.part(SECTIONS_READING, section) in reads}
        folder = tmp_path / section
        shutil.copytree(built.folder, folder)
        label = events.loc[events["section"] == section, "label"].iloc[0]
        edit_csv(
            folder, f"{SECTIONS_READING}.csv", lambda t, label=label: t.replace(f",{label},", f",{label} (edited),")
        )
        plan = decisions(built, with_data(built, folder))
        assert {n for n, reason in plan.items() if reason} == whole | partial, (section, plan)
    # The promise has teeth only if some page reads part of the file and some edit leaves a page that does cached.
    assert any(data.PART in r for reads in built.reads.values() for r in reads)


def test_a_page_that_reads_some_years_of_a_series_ignores_the_other_years_rows(built, tmp_path):
    months = built.ds[SERIES_READ_BY_YEAR].set_index("month")["index_prev_year_100"]
    whole = {n for n, reads in built.reads.items() if SERIES_READ_BY_YEAR in reads}
    by_year_only = set()
    for year in sorted({m[:4] for m in months.index}):
        partial = {n for n, reads in built.reads.items() if data.part(SERIES_READ_BY_YEAR, year) in reads}
        by_year_only |= partial - whole
        month = next(m for m in months.index if m.startswith(year))
        folder = tmp_path / year
        shutil.copytree(built.folder, folder)
        old = f"\n{month},{months[month]:.1f}\n"
        edit_csv(folder, f"{SERIES_READ_BY_YEAR}.csv", lambda t, old=old: t.replace(old, old.rstrip() + "1\n"))
        plan = decisions(built, with_data(built, folder))
        assert {n for n, reason in plan.items() if reason} == whole | partial, (year, plan)
    # The promise has teeth only if some page reads some years of the series without reading all of them.
    assert by_year_only, built.reads


def test_rows_moved_to_another_section_rerun_the_readers_of_both(built, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(built.folder, folder)
    edit_csv(
        folder,
        f"{SECTIONS_READING}.csv",
        lambda t: t.replace(f"{EDITED_LABEL},fiia_bp429,{EDITED_SECTION}", f"{EDITED_LABEL},fiia_bp429,introduction"),
    )
    plan = decisions(built, with_data(built, folder))
    expected = readers_of_row(built, SECTIONS_READING, EDITED_SECTION) | readers_of_row(
        built, SECTIONS_READING, "introduction"
    )
    assert {n for n, reason in plan.items() if reason} == expected


def test_a_resource_added_to_the_package_leaves_the_sections_cached(built, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(built.folder, folder)
    descriptor = json.loads((folder / paths.DATAPACKAGE).read_text(encoding="utf-8"))
    extra = {
        **next(r for r in descriptor["resources"] if r["name"] == "events"),
        "name": "events_extra",
        "path": "events_extra.csv",
    }
    descriptor["resources"].append(extra)
    (folder / paths.DATAPACKAGE).write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    shutil.copy(folder / "events.csv", folder / "events_extra.csv")
    data.rehash(folder)
    plan = decisions(built, with_data(built, folder))
    rerun = {n for n, reason in plan.items() if reason}
    # Only the sources appendix shows the whole package, and Sphinx renders it from the build's handoff.
    assert not rerun, plan


def test_changing_the_package_code_reruns_every_notebook(built, monkeypatch):
    monkeypatch.setattr(keys, "kernel_hash", lambda names: "another version of the package")
    inputs = cache.current_inputs(steps.NOTEBOOKS, built.values, built.ds)
    assert decisions(built, inputs) == {n: "package code changed" for n in steps.NOTEBOOKS}


def test_changing_the_bibliography_reruns_every_notebook(built, tmp_path, monkeypatch):
    bib = tmp_path / "references.bib"
    bib.write_text(paths.BIBLIOGRAPHY.read_text(encoding="utf-8") + "\n% a new comment\n", encoding="utf-8")
    monkeypatch.setattr(paths, "BIBLIOGRAPHY", bib)
    inputs = cache.current_inputs(steps.NOTEBOOKS, built.values, built.ds)
    assert decisions(built, inputs) == {n: "bibliography changed" for n in steps.NOTEBOOKS}


def test_a_new_previous_edition_reruns_no_notebook_but_rebuilds_the_site(built):
    plan, _ = cache.plan(steps.NOTEBOOKS, built.inputs, built.cache)
    assert not any(d.runs for d in plan)
    notebooks = {d.name: d.copy.stem for d in plan}
    summary = facts.summary(built.ds, built.values)
    first = cache.site_key(paths.ROOT, [paths.CONFIG], notebooks, built.inputs, None)
    second = cache.site_key(paths.ROOT, [paths.CONFIG], notebooks, built.inputs, summary)
    assert first != second  # the what-changed page now compares with an edition: Jupyter Book must run


def test_force_reruns_every_notebook(built):
    assert decisions(built, built.inputs, force=True) == {n: "forced" for n in steps.NOTEBOOKS}


def test_notebooks_run_one_by_one_show_what_the_build_showed_running_them_in_parallel(built, tmp_path):
    assert built.jobs > 1 and len(steps.NOTEBOOKS) > built.jobs  # the build ran notebooks side by side
    names = ["multi_vectorism", "economic_limits"]
    with execute.workers(1) as pool:
        _, failed = execute.execute(
            [cache.Decision(n, "test") for n in names],
            tmp_path,
            built.values,
            {paths.BUILD_DATE_ENV: built.date},
            pool,
            build.Reporter(quiet=True),
        )
    assert not failed
    for name in names:
        assert code_outputs(tmp_path / f"{name}.ipynb") == built.outputs[name], name


def test_a_rebuild_after_one_data_file_changed_reruns_only_its_readers_and_shows_the_change(built):
    readers = readers_of_row(built, SECTIONS_READING, EDITED_SECTION)
    path = built.folder / f"{SECTIONS_READING}.csv"
    original = path.read_text(encoding="utf-8")
    assert EDITED_LABEL in original
    try:
        edit_csv(built.folder, path.name, lambda t: t.replace(EDITED_LABEL, "Crimea annexed (label edited by a test)"))
        report = build.Reporter(quiet=True)
        build.build(data_dir=built.folder, out=built.out, cache_dir=built.cache, report=report)
        ran = {e["notebook"]: e["reason"] for e in report.events if e.get("status") == "ran"}
        assert set(ran) == readers
        assert all(SECTIONS_READING in reason for reason in ran.values()), ran
        pages = [(built.out / "notebooks" / f"{n}.html").read_text(encoding="utf-8") for n in readers]
        assert any("label edited by a test" in page for page in pages)
        changed = BeautifulSoup(
            (built.out / "notebooks" / "what_changed.html").read_text(encoding="utf-8"), "html.parser"
        )
        # The appendix Sphinx renders from the build's handoff lists the file whose checksum moved.
        assert SECTIONS_READING in [td.get_text(strip=True) for td in changed.select("td")]
    finally:
        path.write_text(original, encoding="utf-8")
        data.rehash(built.folder)


def test_the_run_card_names_the_sections_whose_rows_a_page_read(built):
    for name, reads in built.reads.items():
        card = BeautifulSoup((built.out / "notebooks" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        text = card.select_one(".mv-run-card").get_text(" ", strip=True)
        for read in reads:
            resource, _, section = read.partition(data.PART)
            if section and resource not in reads:
                said = "rows for" if section.isdigit() else "rows of"  # a year's rows, or a section's
                assert f"{resource} ({said}" in text and section in text, (name, read, text)


def executed_copy(path: Path, name: str, params: dict, read: dict[str, str]) -> Path:
    """A finished papermill run of `name` whose run card records `read` (each data resource, as the page read it)."""
    card = nbformat.v4.new_code_cell("page.run_card()")
    card.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/html": "<div>run card</div>"},
            metadata={paths.METADATA_KEY: {paths.RESOURCES: read}},
        )
    ]
    nb = nbformat.v4.new_notebook(cells=[card])
    nb.metadata["papermill"] = {"input_path": f"{name}.ipynb", "parameters": params, "end_time": "then"}
    nbformat.write(nb, path)
    return path


def test_a_cached_copy_is_reused_only_if_the_data_it_read_are_the_data_now(tmp_path):
    name = "multi_vectorism"
    checked = {"trade_totals": "as checked", "partners": "partners as checked", "events": "unread"}
    inputs = cache.Inputs({name: "source"}, {"year": 2024}, checked, "code", "site code", "libraries", "bib")
    store = tmp_path / "cache"
    store.mkdir()
    # The page ran while trade_totals.csv was being replaced: it read other data than the build had checked.
    moved = {"trade_totals": "as rewritten meanwhile", "partners": "partners as checked"}
    read = records.recorded_digests(executed_copy(tmp_path / "moved.ipynb", name, inputs.params, moved))
    assert read == moved
    assert inputs.changed(read) == ["trade_totals"]
    records.remember(store, name, cache.record(inputs, name, read), tmp_path / "moved.ipynb")
    [decision], _ = cache.plan([name], inputs, store)
    assert decision.reason == "data changed: trade_totals"
    # The same page, having read the data as checked, is what a later build reuses.
    same = {"trade_totals": "as checked", "partners": "partners as checked"}
    read = records.recorded_digests(executed_copy(tmp_path / "same.ipynb", name, inputs.params, same))
    assert inputs.changed(read) == []
    key = records.remember(store, name, cache.record(inputs, name, read), tmp_path / "same.ipynb")
    [decision], _ = cache.plan([name], inputs, store)
    assert decision.reason is None and decision.key == key


# --- what each key covers: the kernels' code, and everything that shapes a page ------------------------------------


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the package for the cache's code keys to read, so a test may edit it."""
    copy = tmp_path / "src" / "multivector"
    shutil.copytree(keys.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(keys, "PACKAGE", copy)
    return copy


def _keys() -> tuple[str, str]:
    return keys.kernel_hash(steps.NOTEBOOKS), keys.package_hash()


@pytest.mark.parametrize(
    "edited",
    ["site/templates/layout.html", "site/static/favicon.svg", "site/static/multivector.css", "site/theme.py"],
)
def test_an_edit_that_shapes_only_pages_republishes_them_and_runs_no_kernel(package_copy, edited):
    kernel, site = _keys()
    with (package_copy / edited).open("a", encoding="utf-8") as f:
        f.write("\n")
    assert _keys()[0] == kernel, f"{edited} is not run by any notebook"
    assert _keys()[1] != site, f"{edited} shapes the pages: the site's key must change"


@pytest.mark.parametrize("edited", ["analysis/compute.py", "charts/__init__.py", "data/periods.py", "text.py"])
def test_an_edit_to_code_the_notebooks_run_reruns_them(package_copy, edited):
    kernel, site = _keys()
    with (package_copy / edited).open("a", encoding="utf-8") as f:
        f.write("\n")
    assert _keys()[0] != kernel and _keys()[1] != site


def test_the_kernels_code_is_what_the_notebooks_import_and_nothing_of_the_build_or_the_site():
    kernel = {str(f.relative_to(keys.PACKAGE)) for f in keys.kernel_code(paths.notebook(n) for n in steps.NOTEBOOKS)}
    assert {"notebook/page.py", "analysis/figures.py", "charts/__init__.py", "data/dataset.py"} <= kernel
    # Each section's figures, which the registry finds by name rather than by an import the keys could read.
    assert {f"analysis/sections/{s}.py" for s in sections.SECTIONS} <= kernel
    assert not [f for f in kernel if f.startswith(("engine/", "site/", "tools/")) or f == "cli.py"], sorted(kernel)


def test_the_keys_read_every_import_a_module_makes_as_python_parses_it():
    """The keys read import lines alone: over every module of the package, they find exactly the import statements
    a full parse finds, at the top, inside functions, relative and over several lines."""
    for f in keys.PACKAGE.rglob("*.py"):
        code = f.read_text(encoding="utf-8")
        parsed = sorted(ast.dump(n) for n in ast.walk(ast.parse(code)) if isinstance(n, (ast.Import, ast.ImportFrom)))
        assert sorted(ast.dump(n) for n in keys._import_statements(code)) == parsed, f


def test_an_import_inside_a_function_or_over_several_lines_is_followed():
    code = (
        '"""import this is prose, not code."""\n'
        "def later():\n    from multivector.analysis import (\n        oil,\n        trade,\n    )\n"
        "from . import periods\n"
    )
    found = keys._imports(code, "multivector.data.coverage", "coverage.py")
    assert set(found) == {
        "multivector.analysis",
        "multivector.analysis.oil",
        "multivector.analysis.trade",
        "multivector.data",
        "multivector.data.periods",
    }


def test_a_site_only_change_gives_the_site_another_key(built):
    before = cache.site_key(paths.ROOT, [], {}, built.inputs, None)
    other = dataclasses.replace(built.inputs, site_code="another template")
    assert cache.site_key(paths.ROOT, [], {}, other, None) != before
    assert dataclasses.replace(built.inputs, site_code="x").code == built.inputs.code


def test_workers_stopped_because_nothing_ran_start_again_if_a_notebook_must_run_after_all():
    def running(pids) -> list[int]:
        return [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]

    before = set(mp.active_children())
    with execute.workers(1) as pool:
        first = {p.pid for p in set(mp.active_children()) - before}
        assert first  # the first worker starts at once
        pool.stop()
        assert not running(first)
        assert pool.submit(pow, 2, 5).result(timeout=60) == 32
        second = {p.pid for p in set(mp.active_children()) - before} - first
        assert running(second)
    assert not running(first | second)


def test_a_builds_validation_scope_and_its_pages_key_are_of_one_reading_of_the_code(ds):
    code = ("the package's hash", "the libraries' hash")
    inputs = cache.current_inputs(steps.NOTEBOOKS, params.defaults(), ds, code)
    assert (inputs.site_code, inputs.libraries) == code
    assert keys.validation_scope(code) != keys.validation_scope(("another package's hash", code[1]))
    assert keys.validation_scope() == keys.validation_scope(keys.code_now())
    now = cache.current_inputs(steps.NOTEBOOKS, params.defaults(), ds)
    assert (now.site_code, now.libraries) == keys.code_now()
