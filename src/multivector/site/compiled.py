"""The theme's templates, compiled by Jinja once per build cache rather than on every run of Sphinx (about forty
templates, 0.4 s of each run here): Jinja keeps each compiled template under its name and file, and compiles it
again when its source's checksum or Jinja itself changed, so an edited template is never served stale."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from multivector.i18n import SOURCE
from multivector.site import handoff

# The handoff's key for the folder (engine.build puts it in the build cache).
KEY = "templates"


def keep(app) -> None:
    """On builder-inited: Jinja's compiled templates in the handoff's folder, one per language (a translated run's
    Jinja environment is set up in its own language). Without such a folder (Jupyter Book run by hand), or if it
    cannot be made, templates are compiled as usual."""
    folder = handoff.of(app).get(KEY)
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not folder or environment is None:
        return
    kept = Path(folder) / (app.config.language or SOURCE)
    try:
        kept.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    environment.bytecode_cache = FileSystemBytecodeCache(str(kept))
