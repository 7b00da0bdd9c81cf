"""The execution cache: what an executed notebook depended on, whether a cached copy still stands in for it, and why not.

A notebook's executed copy is kept with a record of what it depended on: its source, the parameters, the data
resources it read (by digest, as the notebook itself read them: its run card records them), the package code, the
installed libraries and the bibliography. A copy is reused only while that record still holds *and* the copy itself
checks out (see `verify`); anything in the cache that cannot be read or does not match its record is discarded,
named, and made again.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from multivector import data, paths
from multivector.files import oldest_beyond, write_whole

# Executed copies kept per notebook: other parameters or data folders keep theirs while one is being edited.
KEEP = 12
REASONS = (
    ("source", "notebook changed"),
    ("params", "parameters changed"),
    ("data", "data changed: "),
    ("code", "package code changed"),
    ("libraries", "installed libraries changed"),
    ("bib", "bibliography changed"),
)


# The package's own folder: its modules, templates, stylesheets, scripts and images.
PACKAGE = Path(__file__).resolve().parents[1]


def kernel_code(notebooks) -> list[Path]:
    """The package's files a notebook's kernel runs: every module the notebooks import, with the modules those import,
    and the packages holding them (found by reading the imports, not by running them)."""
    todo = [m for nb in notebooks for m in _notebook_imports(nb)]
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen or not (file := _module_file(module)):
            continue
        seen.add(module)
        todo += _parents(module) + _imports(ast.parse(file.read_text(encoding="utf-8")), module, file.name)
        todo += _siblings(file)
    return sorted(f for m in seen if (f := _module_file(m)))


def code_hash(files) -> str:
    """One hash of the package's `files`, by their place in the package and their bytes."""
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(PACKAGE)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def kernel_hash(names) -> str:
    """Hash of what the notebooks `names` execute of the package: a change there re-executes them."""
    return code_hash(kernel_code(paths.NOTEBOOKS / f"{n}.ipynb" for n in names))


def package_hash() -> str:
    """Hash of every file of the package, templates, stylesheets, scripts and images included: what shapes a page."""
    return code_hash(f for f in PACKAGE.rglob("*") if f.is_file() and "__pycache__" not in f.parts)


def _notebook_imports(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    code = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    # Cell magics and shell escapes are not Python: leave their lines out.
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    return _imports(ast.parse(code), "", "")


def _imports(tree: ast.AST, module: str, filename: str) -> list[str]:
    """The multivector modules a module's code imports (at the top or inside a function)."""
    package = module if filename == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found += [base] + [f"{base}.{a.name}" for a in node.names]
    return [m for m in found if m == "multivector" or m.startswith("multivector.")]


def _siblings(file: Path) -> list[str]:
    """The other modules of a subpackage a kernel imports from: it may import them by name (analysis.figures finds
    each section's module so), which reading the imports cannot see. The top package's own modules are not siblings
    of one another in this sense: each is counted only when imported."""
    if file.parent == PACKAGE:
        return []
    dotted = ".".join(file.parent.relative_to(PACKAGE.parent).parts)
    return [f"{dotted}.{f.stem}" for f in file.parent.glob("*.py") if f.name != "__init__.py"]


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _module_file(module: str) -> Path | None:
    base = PACKAGE.parent.joinpath(*module.split("."))
    for f in (base.with_suffix(".py"), base / "__init__.py"):
        if f.is_file():
            return f
    return None


def libraries_hash() -> str:
    """Hash of Python's version and every installed distribution's: an upgrade can change what a page shows."""
    from importlib import metadata

    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return hashlib.sha256("\n".join([sys.version, *dists]).encode()).hexdigest()


@dataclass(frozen=True)
class Inputs:
    """What a notebook executed now could depend on; a cached copy is reused only if its record still matches."""

    sources: dict[str, str]  # notebook -> sha256 of its source
    params: dict
    data: dict[str, str]  # see data.Dataset.digests
    code: str  # kernel_hash: what the notebooks run of the package
    site_code: str  # package_hash: all of the package, which the site's key covers
    libraries: str
    bib: str

    def data_of(self, reads) -> dict[str, str | None]:
        """What each of `reads` is worth in the data now (None: the data have no such resource or rows now)."""
        return {r: self.data.get(r) for r in reads}

    def changed(self, read: dict[str, str]) -> list[str]:
        """The reads of `read` (a notebook's, as it read them) that the data now hold otherwise."""
        return sorted(r for r, digest in read.items() if self.data.get(r) != digest)


def current_inputs(names, values: dict, ds: data.Dataset) -> Inputs:
    return Inputs(
        sources={n: data.sha256(paths.NOTEBOOKS / f"{n}.ipynb") for n in names},
        params=values,
        data=ds.digests(),
        code=kernel_hash(names),
        site_code=package_hash(),
        libraries=libraries_hash(),
        bib=data.sha256(paths.BIBLIOGRAPHY),
    )


def record(inputs: Inputs, name: str, read: dict[str, str | None]) -> dict:
    """What one execution of `name` depended on, given `read`: each data resource it read, with its digest as the
    notebook read it (recorded_digests), not as the data were when the build checked them."""
    return {
        "notebook": name,
        "source": inputs.sources.get(name),
        "params": inputs.params,
        "data": dict(sorted(read.items())),
        "code": inputs.code,
        "libraries": inputs.libraries,
        "bib": inputs.bib,
    }


def record_key(rec: dict) -> str:
    return hashlib.sha256(json.dumps(rec, sort_keys=True, default=str).encode()).hexdigest()[:16]


def differences(old: dict, now: dict) -> list[str]:
    """Why a cached copy made with `old` cannot stand in for one made now, most telling first."""
    reasons = []
    for key, reason in REASONS:
        if old.get(key) != now.get(key):
            if key == "data":
                before = old.get("data") or {}
                reason += ", ".join(r for r in before if before[r] != now["data"].get(r))
            reasons.append(reason)
    return reasons


@dataclass(frozen=True)
class Decision:
    """Whether a notebook runs (and why) or its cached executed copy is reused."""

    name: str
    reason: str | None  # None: reused
    copy: Path | None = None

    @property
    def runs(self) -> bool:
        return self.reason is not None

    @property
    def key(self) -> str | None:
        return self.copy.stem.removeprefix(f"{self.name}-") if self.copy else None


def _read_record(path: Path, name: str) -> dict:
    rec = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rec, dict) or rec.get("notebook") != name or not isinstance(rec.get("data") or {}, dict):
        raise ValueError("not a record of this notebook")
    return rec


def verify(copy: Path, rec: dict) -> str | None:
    """Why an executed copy cannot be used as the one its record describes, or None if it can: it must be a complete
    notebook that papermill finished without an error, run with the record's parameters, ending in a run card."""
    try:
        nb = json.loads(copy.read_text(encoding="utf-8"))
        run = nb["metadata"]["papermill"]
        cells = nb["cells"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return "not a readable executed notebook"
    if not isinstance(run, dict) or run.get("exception") or not run.get("end_time"):
        return "papermill did not finish it"
    if Path(str(run.get("input_path", ""))).stem != rec.get("notebook"):
        return f"it is an executed copy of another notebook ({Path(str(run.get('input_path', ''))).stem or 'unknown'})"
    if run.get("parameters") != rec.get("params"):
        return "it was run with other parameters than its record says"
    if any(
        (c.get("metadata", {}).get("papermill") or {}).get("status") not in (None, "completed")
        for c in cells
        if isinstance(c, dict) and c.get("cell_type") == "code"
    ):
        return "some of its cells did not complete"
    if recorded_reads_of(nb) is None:
        return "it has no run card"
    return None


def plan(names, inputs: Inputs, cache: Path, force: bool = False) -> tuple[list[Decision], list[str]]:
    """Per notebook, a cached copy whose record matches what it would depend on now, or the reason it must run;
    and the cache files found damaged on the way, which are removed (so the notebook runs again)."""
    decisions, discarded = [], []
    for name in names:
        if force:
            decisions.append(Decision(name, "forced"))
            continue
        near = []
        for rec_file in sorted(cache.glob(f"{name}-*.json")):
            copy = rec_file.with_suffix(".ipynb")
            try:
                old = _read_record(rec_file, name)
                age = -rec_file.stat().st_mtime
            except FileNotFoundError:  # removed by another build meanwhile
                continue
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                discarded.append(_discard(rec_file, f"unreadable record ({exc})"))
                continue
            diff = differences(old, record(inputs, name, inputs.data_of(old.get("data") or {})))
            if diff:
                near.append((len(diff), age, diff))
                continue
            problem = verify(copy, old)
            if problem:
                discarded.append(_discard(rec_file, problem))
                continue
            decisions.append(Decision(name, None, copy))
            break
        else:
            # The nearest record says best what changed: fewest differences, then the newest.
            decisions.append(Decision(name, "; ".join(min(near)[2]) if near else "no cached copy"))
    return decisions, discarded


def _discard(rec_file: Path, why: str) -> str:
    rec_file.unlink(missing_ok=True)
    rec_file.with_suffix(".ipynb").unlink(missing_ok=True)
    return f"{rec_file.with_suffix('.ipynb').name}: {why}"


def _recorded(nb: dict):
    """What an executed notebook's run card records under paths.RESOURCES, wherever that cell stands; None if no cell says."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            reads = ((output.get("metadata") or {}).get(paths.METADATA_KEY) or {}).get(paths.RESOURCES)
            if reads is not None:
                return reads
    return None


def recorded_reads_of(nb: dict) -> list[str] | None:
    """The data resources an executed notebook says it read; None if it does not say."""
    reads = _recorded(nb)
    return None if reads is None else list(reads)


def recorded_reads(executed: Path) -> list[str] | None:
    return recorded_reads_of(json.loads(executed.read_text(encoding="utf-8")))


def recorded_digests(executed: Path) -> dict[str, str] | None:
    """Each data resource an executed notebook read, with its digest as it read it; None if its run card does not
    say (no run card, or one that lists names only)."""
    reads = _recorded(json.loads(executed.read_text(encoding="utf-8")))
    return dict(reads) if isinstance(reads, dict) else None


def remember(cache: Path, name: str, rec: dict, executed: Path) -> str:
    """Store an executed copy with its record under their content's key; keep the KEEP most recent per notebook."""
    key = record_key(rec)
    copy = cache / f"{name}-{key}.ipynb"
    text = json.dumps(rec, indent=1, sort_keys=True, default=str)
    # The record goes last, since a record is what makes a copy a candidate.
    write_whole(copy, lambda t: shutil.copyfile(executed, t))
    write_whole(copy.with_suffix(".json"), lambda t: t.write_text(text, encoding="utf-8"))
    _prune(cache, name)
    return key


def _prune(cache: Path, name: str) -> None:
    for old in oldest_beyond(cache.glob(f"{name}-*.ipynb"), KEEP):
        # The record first, as remember() writes it last: a build running meanwhile never finds a record without
        # its copy (which it would take for damage).
        old.with_suffix(".json").unlink(missing_ok=True)
        old.unlink(missing_ok=True)


def site_key(root: Path, files: list[Path], keys: dict[str, str], inputs: Inputs, previous: dict | None) -> str:
    """Everything the published site is made of besides the executed notebooks' keys: the book's own files,
    parameters, data, code, and the previous edition the what-changed page compares with. (What Sphinx is handed
    follows from these, so they stand in for it: a build with nothing to run need not compute it.)

    The build date is left out on purpose: a rebuild with nothing changed keeps the site, and the day it was made.
    """
    h = hashlib.sha256(
        json.dumps(
            {
                "notebooks": keys,
                "params": inputs.params,
                "data": inputs.data,
                "code": inputs.site_code,
                "libraries": inputs.libraries,
                "previous": previous,
            },
            sort_keys=True,
            default=str,
        ).encode()
    )
    for f in files:
        h.update(str(f.relative_to(root) if f.is_relative_to(root) else f).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()
