"""What a process loads before it does its job: the process that runs Sphinx for every language loads Jupyter Book
and the book's extensions (engine.bookrun), and a markdown edit's rebuild waits for it, so it loads no pandas and none
of the analysis, which only the notebooks' kernels use."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from multivector import paths

NOT_FOR_SPHINX = (
    "pandas",
    "numpy",
    "multivector.data.dataset",
    "multivector.analysis.claims",
    "multivector.charts.card",
)


def _probe(code: str):
    """What a fresh interpreter prints last, as JSON, after running `code`."""
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys\n" + code], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def warmed() -> dict:
    """The process that runs Sphinx once warmed up (bookrun.warm_up on the book): what it loaded; then, with a scan of
    the installed entry points and a compile of the notebook schema made to raise, the plugins a run of the references
    page looks up, a notebook validated, and how many of the HTML parts are compiled."""
    return _probe(
        "from pathlib import Path\nimport importlib.metadata\nfrom multivector.engine import bookrun\n"
        f"bookrun.warm_up(Path({str(paths.ROOT)!r}))\n"
        f"loaded = [m for m in {list(NOT_FOR_SPHINX)!r} if m in sys.modules]\n"
        "def scan(**params): raise AssertionError(f'scanned again for {params}')\n"
        "importlib.metadata.entry_points = scan\n"
        "import fastjsonschema, nbformat\n"
        "def compile(*a, **k): raise AssertionError('compiled the notebook schema again')\n"
        "fastjsonschema.compile = compile\n"
        "from multivector.site import bibliography, parts\nbibliography.look_up_plugins_once(None, None)\n"
        "import pybtex.plugin, sphinxcontrib.bibtex.plugin as sb\n"
        "styles = [pybtex.plugin.find_plugin(g, n).__name__ for g, n in [('pybtex.style.formatting', 'plain'), "
        "('pybtex.style.names', 'plain'), ('pybtex.backends', 'html')]]\n"
        "styles.append(sb.find_plugin('sphinxcontrib.bibtex.style.referencing', 'author_year').__name__)\n"
        "nbformat.validate(nbformat.v4.new_notebook())\n"
        "compiled = [len(parts.ENVIRONMENT.cache), len(list(parts.PARTS.glob('*.html')))]\n"
        "print(json.dumps({'loaded': loaded, 'styles': styles, 'parts': compiled}))"
    )


def test_the_process_that_runs_sphinx_loads_no_pandas_and_no_analysis(warmed):
    assert warmed["loaded"] == []


def test_the_process_that_runs_sphinx_scans_the_installed_plugins_once_before_it_forks_its_runs(warmed):
    # A run's plugin lookups (pybtex's, sphinxcontrib-bibtex's, as the references page makes them) are all answered
    # from the scan warm_up made.
    assert warmed["styles"] == ["Style", "NameStyle", "Backend", "AuthorYearReferenceStyle"]


def test_the_process_that_runs_sphinx_compiles_the_notebook_schema_and_every_html_part_before_it_forks_its_runs(
    warmed,
):
    # The notebook was validated above with no compile of the schema.
    compiled, parts_there = warmed["parts"]
    assert compiled == parts_there > 0


def test_the_process_that_runs_sphinx_calls_each_extensions_warm_up_once(tmp_path):
    (tmp_path / "warmed.py").write_text(
        "import os\nWARMED = []\ndef warm_up():\n    WARMED.append(os.getpid())\n", encoding="utf-8"
    )
    (tmp_path / "_config.yml").write_text("title: t\nsphinx:\n  extra_extensions:\n    - warmed\n", encoding="utf-8")
    warmed = _probe(
        f"sys.path.insert(0, {str(tmp_path)!r})\nfrom pathlib import Path\nfrom multivector.engine import bookrun\n"
        f"bookrun.warm_up(Path({str(tmp_path)!r}))\nimport os, warmed\n"
        "print(json.dumps(warmed.WARMED == [os.getpid()]))"
    )
    assert warmed is True


def test_the_translated_stages_modules_load_when_a_build_preloads_them_and_not_before_and_load_no_sphinx_or_altair():
    # A no-op build or `multivector check` imports engine.translations; a build that publishes preloads the stage
    # (the chart cards' HTML) while its notebooks run, so that making the stages after them does not wait for it.
    # It reads the theme's catalog template from its files: importing the theme would load Sphinx (0.3 s of a core
    # the notebooks' kernels are using); it draws a card again from its glued parts, with no Altair (0.6 s).
    loaded = _probe(
        "from multivector.engine import translations\nfrom multivector.translation import theme\n"
        "before = 'multivector.translation.stage' in sys.modules\ntranslations.preload()\n"
        "words = theme.theme_template()\n"
        "print(json.dumps([before, 'multivector.translation.stage' in sys.modules, 'altair' in sys.modules,"
        " len(words) > 0, *[m for m in ('sphinx', 'pydata_sphinx_theme') if m in sys.modules]]))"
    )
    assert loaded == [False, True, False, True]


def test_a_build_loads_no_sphinx_and_no_citation_processor_before_it_knows_it_has_work():
    # A no-op build imports engine.build and nothing more: Sphinx runs in its own process, citations inside it.
    loaded = _probe(
        "from multivector.engine import build\n"
        "print(json.dumps([m for m in ('sphinx', 'sphinx_sitemap', 'bibtexparser', 'citeproc', 'altair', "
        "'papermill', 'jupyter_book') if m in sys.modules]))"
    )
    assert loaded == []


@pytest.fixture(scope="module")
def entry(tmp_path_factory) -> dict:
    """One probe of a build's start: what the command and the build's entry load, and, for a build with work, whether
    pandas was loaded when each helper was started and when the steps (a stand-in) ran."""
    top = tmp_path_factory.mktemp("entry")
    return _probe(
        "import types\nimport multivector.cli\nfrom multivector.engine import bookrun, build, execute\n"
        "loaded = [m for m in ('pandas', 'numpy', 'jsonschema', 'multivector.analysis', 'multivector.engine.steps') "
        "if m in sys.modules]\nseen = {}\n"
        "def helper(name): seen[name] = 'pandas' in sys.modules\n"
        "execute.Workers.start = lambda self, every=False: helper('workers')\n"
        "book = types.SimpleNamespace(discarded=None, close=lambda: None)\n"
        "bookrun.Book.for_output = classmethod(lambda cls, *args: helper('jupyter book') or book)\n"
        "def steps(job, pool): seen['steps'] = 'pandas' in sys.modules; return job.out\n"
        "sys.modules['multivector.engine.steps'] = types.SimpleNamespace(run=steps)\n"
        f"build.build(out={str(top / 'site')!r}, cache_dir={str(top / 'cache')!r}, force=True)\n"
        "print(json.dumps({'loaded': loaded, 'seen': seen}))"
    )


def test_the_build_command_loads_no_pandas_and_none_of_the_analysis_before_it_builds(entry):
    # The command and the build's entry load little; the steps load the rest once the helpers are started.
    assert entry["loaded"] == []


def test_a_build_with_work_starts_its_workers_and_jupyter_book_before_it_loads_pandas(entry):
    assert entry["seen"] == {"workers": False, "jupyter book": False, "steps": False}


def test_preloading_the_translated_stages_starts_the_engine_that_redraws_their_cards(monkeypatch):
    from multivector.charts import pictures
    from multivector.engine import translations

    started = []
    monkeypatch.setattr(pictures, "warm_up", lambda: started.append(True))
    translations.preload()
    assert started == [True]


def test_warming_the_drawing_engine_up_leaves_drawings_as_they_were():
    from multivector.charts import pictures

    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
        "mark": "bar",
        "data": {"values": [{"a": 1}]},
    }
    spec["encoding"] = {"x": {"field": "a", "type": "quantitative"}}
    before = pictures.svg("probe", spec, "a probe")
    pictures.warm_up()
    assert pictures.svg("probe", spec, "a probe") == before


def test_a_commands_process_ends_with_its_status_its_exit_handlers_run_and_what_it_made_frozen(tmp_path):
    # Frozen, the objects are skipped by the interpreter's last garbage collections (0.3 s of a build's exit).
    said = tmp_path / "said"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import atexit, gc, pathlib\nfrom multivector.engine import processes\n"
            f"atexit.register(lambda: pathlib.Path({str(said)!r}).write_text(str(gc.get_freeze_count())))\n"
            "print('flushed', end='')\nprocesses.finish(3)",
        ],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (3, "flushed")
    assert int(said.read_text()) > 1000


def test_the_installed_command_ends_its_process_as_finish_says(monkeypatch):
    from multivector import cli, command
    from multivector.engine import processes

    scripts = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["multivector"] == "multivector.command:run"
    ended = []
    monkeypatch.setattr(cli, "main", lambda: 2)
    monkeypatch.setattr(processes, "finish", ended.append)
    command.run()
    assert ended == [2]


def test_a_worker_of_the_installed_command_loads_papermill_not_the_build(tmp_path):
    # A spawned worker imports the command's script again before its task: the script must load nothing heavy.
    script = tmp_path / "multivector"
    script.write_text(
        "import sys\nfrom multivector.command import run\n\n"
        "def probe():\n    return [m for m in ('pandas', 'altair', 'multivector.cli', 'papermill') if m in sys.modules]\n\n"
        "if __name__ == '__main__':\n    from multivector.engine import execute\n"
        "    with execute.workers(1) as pool:\n        print(pool.submit(probe).result())\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['papermill']"
