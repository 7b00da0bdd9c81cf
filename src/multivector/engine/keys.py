"""What the package's code and the installed libraries hash to: the code a notebook's kernel runs (found by reading
its imports, not by running them), all of the package (what shapes a page), and the libraries."""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
from pathlib import Path

from multivector import paths

# The package's own folder: its modules, templates, stylesheets, scripts and images.
PACKAGE = Path(__file__).resolve().parents[1]
# A line that starts an import statement, with its parenthesised continuation: only these lines are parsed, not the
# whole module (parsing the ~60 modules a kernel runs took half a second of every build). A line in a string that
# looks like an import at worst adds a module to the key; ruff's format puts every import on a line of its own.
IMPORT_LINE = re.compile(r"^[ \t]*((?:from[ \t]+\.*[\w.]*[ \t]+)?import[ \t][^\n(]*(?:\([^)]*\))?[^\n]*)", re.MULTILINE)


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
        todo += _parents(module) + _imports(file.read_text(encoding="utf-8"), module, file.name)
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


def libraries_hash() -> str:
    """Hash of Python's version and every installed distribution's: an upgrade can change what a page shows.

    Read from the names of the distributions' metadata folders (`altair-6.3.0.dist-info`), which carry name and
    version, rather than from their metadata files: the same facts in a directory listing (0.5 s less a build)."""
    folders = (Path(entry or ".") for entry in sys.path)
    dists = sorted(
        f"{folder}/{p.name}"
        for folder in folders
        if folder.is_dir()
        for p in folder.iterdir()
        if p.suffix in (".dist-info", ".egg-info")
    )
    return hashlib.sha256("\n".join([sys.version, *dists]).encode()).hexdigest()


def code_now() -> tuple[str, str]:
    """The package's hash and the libraries' (package_hash, libraries_hash), taken once by a build for both its
    validation scope and its pages' key (0.1 s of a no-op build when each took its own)."""
    return package_hash(), libraries_hash()


def validation_scope(code: tuple[str, str] | None = None) -> str:
    """What a data package's full validation depends on besides the package: this code and these libraries (`code`,
    as code_now gives them; taken now if not given)."""
    package, libraries = code or code_now()
    return hashlib.sha256(f"{package}\n{libraries}".encode()).hexdigest()[:16]


def _notebook_imports(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    code = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    # Cell magics and shell escapes are not Python: leave their lines out.
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    return _imports(code, "", "")


def _import_statements(code: str) -> list[ast.stmt]:
    """The import statements of `code`, at the top or inside a function, parsed one by one."""
    found = []
    for line in IMPORT_LINE.finditer(code):
        try:
            found += ast.parse(line.group(1)).body
        except SyntaxError:  # prose in a string that starts with "import"
            continue
    return found


def _imports(code: str, module: str, filename: str) -> list[str]:
    """The multivector modules a module's code imports (at the top or inside a function)."""
    package = module if filename == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in _import_statements(code):
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
