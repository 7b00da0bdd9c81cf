"""The execution cache: what an executed notebook depended on, whether a cached copy still stands in for it, and why not.

A notebook's executed copy is kept with a record of what it depended on (`records` stores them): its source, the
parameters, the data resources it read (by digest, as the notebook itself read them: its run card records them), the
package code and the installed libraries (`keys`), and the bibliography. A copy is reused only while that record
still holds *and* the copy itself checks out (see `verify`); anything in the cache that cannot be read or does not
match its record is discarded, named, and made again. A published site is kept while its key (`site_key`) holds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from multivector import data, paths
from multivector.engine import keys
from multivector.engine.records import recorded_reads_of

REASONS = (
    ("source", "notebook changed"),
    ("params", "parameters changed"),
    ("data", "data changed: "),
    ("code", "package code changed"),
    ("libraries", "installed libraries changed"),
    ("bib", "bibliography changed"),
)


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


def current_inputs(names, values: dict, ds: data.Dataset, code: tuple[str, str] | None = None) -> Inputs:
    """What the notebooks `names` and the site are built from now; `code`: the package's and libraries' hashes as
    keys.code_now gave them (taken now if not given)."""
    site_code, libraries = code or keys.code_now()
    return Inputs(
        sources={n: data.sha256(paths.NOTEBOOKS / f"{n}.ipynb") for n in names},
        params=values,
        data=ds.digests(),
        code=keys.kernel_hash(names),
        site_code=site_code,
        libraries=libraries,
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


def site_key(root: Path, files: list[Path], notebooks: dict[str, str], inputs: Inputs, previous: dict | None) -> str:
    """Everything the published site is made of besides the executed notebooks' keys: the book's own files,
    parameters, data, code, and the previous edition the what-changed page compares with. (What Sphinx is handed
    follows from these, so they stand in for it: a build with nothing to run need not compute it.)

    The build date is left out on purpose: a rebuild with nothing changed keeps the site, and the day it was made.
    """
    h = hashlib.sha256(
        json.dumps(
            {
                "notebooks": notebooks,
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
