"""The notebooks keep the house rules: no stored outputs, one parameter contract, no number typed into prose."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from multivector import data, params, paths, sections
from multivector.analysis import figures
from multivector.engine import build, sources
from multivector.engine.report import BuildError
from multivector.notebook import page, skeleton

NOTEBOOKS = [paths.notebook(name) for name in sections.EXECUTED]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
ALLOWED = [
    r"\{glue(?::[a-z]+)?\}`[^`]*`",  # glued values
    r"\{(?:cite|ref|numref|doc)(?::[a-z]+)?\}`[^`]*`",  # citations and cross-references
    r"^\s*\([a-z0-9-]+\)=\s*$",  # labels
    r"^\s*#.*$",  # headings
    r"^\s*:[a-z]+:.*$",  # directive options
    r"^\s*```.*$",  # directive fences
    r"“[^”]*”|\"[^\"\n]*\"",  # quotations
    r"\]\([^)]*\)",  # link targets
    rf"\b(?:\d{{1,2}} )?(?:{MONTHS})(?: \d{{4}})?\b",  # dates
    r"\b(?:19|20)\d{2}s?\b",  # years
    r"\bBriefing Paper 429\b",  # the paper's name
    r"\bFigure \d+\b",  # the paper's figure numbers
    r"^\s*\d+\.\s",  # numbered list items
    r"`[^`]*`",  # inline code: commands, file names
]


def narrative(nb_path: Path) -> list[tuple[int, str]]:
    """The prose of a notebook (its markdown cells) or of a hand-written page."""
    if nb_path.suffix == ".md":
        return [(0, nb_path.read_text(encoding="utf-8"))]
    nb = nbformat.read(nb_path, as_version=4)
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_source_notebooks_are_stored_without_outputs(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{nb_path.name}: stored outputs"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_takes_the_parameter_contract(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].source == skeleton.parameters_source()
    assert nb.cells[2].source == skeleton.setup_source(nb_path.stem, skeleton.draws_charts(nb.cells))


@pytest.mark.parametrize(
    "nb_path", NOTEBOOKS + sorted(paths.NOTEBOOKS.glob("*.md")) + sorted(paths.BOOK.glob("*.md")), ids=lambda p: p.name
)
def test_no_number_is_typed_into_prose(nb_path):
    typed = []
    for i, text in narrative(nb_path):
        for line in text.splitlines():
            stripped = line
            for pattern in ALLOWED:
                stripped = re.sub(pattern, " ", stripped)
            if re.search(r"\d", stripped):
                typed.append(f"cell {i}: {line.strip()[:120]}")
    assert not typed, f"{nb_path.name} types numbers into prose; glue them instead:\n" + "\n".join(typed)


def test_the_digit_rule_catches_a_typed_share():
    line = "Russia supplied 30.8 % of imports in 2024."
    for pattern in ALLOWED:
        line = re.sub(pattern, " ", line)
    assert re.search(r"\d", line)


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_glued_name_in_prose_is_computed(nb_path):
    ds = data.load()
    code = "\n".join(c.source for c in nbformat.read(nb_path, as_version=4).cells if c.cell_type == "code")
    # What the page glues: its section's figures, the year, the ledger's counts where the notebook glues them, and
    # each chart it makes (under the chart's name) with the key that says what its marks mean.
    produced = set(figures.of_page(nb_path.stem, ds, params.validate({}))) | {"year"}
    if "status_counts()" in code:
        produced |= set(page.Page(nb_path.stem).status_counts())
    charts_made = set(re.findall(r"charts\.(\w+)\(page\.ds(?:, \"(\w+)\")?", code))
    for function, name in charts_made:
        produced |= {name or function, f"{name or function}_key"}
    for _, text in narrative(nb_path):
        for name in re.findall(r"\{glue(?::text|:figure)?\}`([^`:]+)`", text):
            assert name in produced, f"{nb_path.name}: '{name}' is never glued"


def test_every_section_and_appendix_is_in_the_table_of_contents():
    toc = yaml.safe_load(paths.TOC.read_text())
    files = [ch["file"] for part in toc["parts"] for ch in part["chapters"]]
    assert [f"notebooks/{n}" for n in sections.PAGES] == [f for f in files if f.startswith("notebooks/")]
    assert sections.toc_problem(paths.TOC) is None


@pytest.mark.slow
def test_a_table_of_contents_out_of_step_with_the_sections_is_refused_before_any_work(tmp_path):
    root = tmp_path / "root"
    sources.copy_book(paths.ROOT, root)
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    chapters = toc["parts"][0]["chapters"]
    chapters[1], chapters[2] = chapters[2], chapters[1]
    (root / "_toc.yml").write_text(yaml.safe_dump(toc))
    out = tmp_path / "site"
    with pytest.raises(BuildError) as info:
        build.build(out=out, root=root, report=build.Reporter(quiet=True))
    message = str(info.value)
    assert str(root / "_toc.yml") in message and "notebooks/multi_vectorism, notebooks/introduction" in message
    assert "sections.py" in message and not out.exists()


@pytest.mark.parametrize("text", ["format: jb-book\nroot: [\n", "format: jb-book\n", "parts: 3\n", ""])
def test_a_table_of_contents_jupyter_book_cannot_read_is_named_in_a_sentence(tmp_path, text):
    toc = tmp_path / "_toc.yml"
    toc.write_text(text, encoding="utf-8")
    said = sections.toc_problem(toc)
    assert said and said.startswith(str(toc)) and "\n" not in said.strip()


def test_every_section_has_its_figures_registered_and_a_stranger_is_refused():
    assert list(figures.BY_SECTION) and set(figures.BY_SECTION) == set(sections.SECTIONS)
    with pytest.raises(ValueError, match="'economic_limit'.*expected one of summary"):
        figures.registered({"economic_limit": figures.BY_SECTION["economic_limits"]})
    with pytest.raises(ValueError, match="unknown page 'economic_limit'"):
        figures.of_page("economic_limit", None, {})


def test_a_timeline_draws_only_events_of_known_sections_and_pages_without_one_say_so():
    timelines = [s.timeline for s in sections.TABLE if s.timeline]
    assert timelines and all(set(t.events_of) <= set(sections.SECTIONS) for t in timelines)
    assert len({t.name for t in timelines}) == len(timelines)
    with pytest.raises(ValueError, match="'summary' has no timeline"):
        _ = page.Page("summary").timeline


def test_every_section_has_a_short_name_and_a_titled_notebook():
    for s in sections.TABLE:
        title, anchor = sections.heading(s.slug)
        assert s.label and title and anchor, s.slug
    assert sections.label("a_section_since_renamed") == "a_section_since_renamed"


def test_prose_is_in_our_own_words(tmp_path):
    checker = paths.ROOT.parent / "shared" / "tools" / "copycheck.py"
    if not checker.is_file():
        pytest.skip("copycheck.py is not beside this checkout (../shared/tools)")
    copied = _files_copycheck_reads(paths.ROOT, tmp_path / "checkout")
    assert copied > 100 and (tmp_path / "checkout" / "notebooks").is_dir(), copied
    result = subprocess.run([sys.executable, str(checker), str(tmp_path / "checkout")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


# What copycheck.py passes over: folders it skips by name or because their name starts with a dot.
COPYCHECK_SKIPS = {".git", "_build", ".venv", "venv", "node_modules", ".tox", ".pytest_cache", "__pycache__"}
COPYCHECK_READS = {".md", ".ipynb", ".rst", ".txt", ".html", ".py", ".yml", ".yaml"}


def _files_copycheck_reads(root: Path, into: Path) -> int:
    """Copy into `into` every file copycheck.py reads in `root`, at the same place, and say how many. The checker
    itself lists every file of the checkout before it skips a folder, the environment's and the build's included (3 s
    of the fast loop); a copy of the files it reads is checked in a fifth of that."""
    count = 0
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [s for s in subfolders if s not in COPYCHECK_SKIPS and not s.startswith(".")]
        for name in files:
            if Path(name).suffix in COPYCHECK_READS:
                target = into / Path(folder, name).relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(folder, name), target)
                count += 1
    return count


def _shape(cell) -> tuple:
    return cell.cell_type, cell.source, sorted(cell.metadata.get("tags", []))


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_every_shared_cell_of_the_skeleton(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    closing = any(c.source == "page.claims()" for c in nb.cells)
    charts = skeleton.draws_charts(nb.cells)
    shape = skeleton.build(nb_path.stem, [("md", nb.cells[0].source, [])], closing=closing, charts=charts).cells
    head, tail = shape[1:3], shape[3:]  # parameters and setup; then claims, sources and the run card
    assert [_shape(c) for c in nb.cells[1:3]] == [_shape(c) for c in head]
    assert [_shape(c) for c in nb.cells[-len(tail) :]] == [_shape(c) for c in tail]
    shared = {c.source for c in shape[1:]}
    assert [c.source for c in nb.cells[3 : -len(tail)] if c.source in shared] == [], "a shared cell is out of place"


@pytest.mark.slow
def test_a_wheel_built_from_the_repository_carries_every_file_the_site_needs(tmp_path):
    import shutil
    import zipfile

    source = tmp_path / "source"
    shutil.copytree(paths.ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(paths.ROOT / "pyproject.toml", source)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", str(source), "-w", tmp_path],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("multivector-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    package = paths.ROOT / "src" / "multivector"
    needed = {
        f"multivector/{p.relative_to(package).as_posix()}"
        for folder in ("site/static", "site/templates")
        for p in (package / folder).rglob("*")
        if p.is_file()
    }
    assert "multivector/site/static/multivector.css" in needed
    assert needed <= shipped, f"missing from the wheel: {sorted(needed - shipped)}"
    assert "multivector/__init__.py" in shipped and "multivector/sections.py" in shipped


def test_the_files_run_first_for_speed_are_test_files_that_exist():
    from conftest import LONGEST_FIRST

    tests = Path(__file__).parent
    assert [name for name in LONGEST_FIRST if not (tests / name).is_file()] == []
