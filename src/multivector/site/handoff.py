"""What the build hands over to Sphinx (paths.HANDOFF): the data package, this edition and the earlier ones, changes."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from multivector import params
from multivector.paths import HANDOFF


@cache
def read(srcdir: str) -> dict:
    """The handoff in the book's sources `srcdir`, read once per build (see engine.facts.handoff for its keys)."""
    path = Path(srcdir) / HANDOFF
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    # Jupyter Book run by hand on the sources (the benchmark's baseline does): the shipped data, the default
    # parameters, and no previous edition. Only here is the data loaded and validated inside Sphinx, so only here are
    # pandas and the analysis imported (for start-up time: the process that runs Sphinx loads them otherwise for nothing).
    from multivector import data
    from multivector.engine import editions, facts

    ds = data.load()
    values = params.validate(params.defaults())
    summary = facts.summary(ds, values)
    this = editions.of(values, ds)
    return {
        **facts.handoff(ds, summary, None),
        "edition": this.facts(),
        "facts": summary,
        "earlier": [],
        "base_url": "",
    }


def of(app) -> dict:
    """The handoff of the book Sphinx is building."""
    return read(str(app.srcdir))
