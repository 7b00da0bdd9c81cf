"""Whether a build has nothing to do, decided before its steps load (pandas, the analysis: 0.6 s of a 0.8 s no-op).

When a build publishes, or finds nothing to publish, it leaves a proof in the stage: a digest of every byte it read
(engine.sources: the data, the book's files, the notebooks, the bibliography, CITATION.cff, the package), of the
parameters, the site's address, the PDF flag and the installed libraries; and a digest of what it found in its own
folders (the listing, the published edition's key, the stage's key, the facts the what-changed page compares with, the
executed copies it reused). A later build whose digests are the same would find the same: it says so, with the same
warnings, and ends. Anything else (a changed byte, a missing or damaged proof, a file it cannot read) sends it
through the steps, which decide as always. The proof names no path: each is made from the build's own folders.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path

from multivector import params, paths, sections
from multivector.engine import keys, publish, sources
from multivector.engine.editions.listing import ID, LISTING, folder
from multivector.engine.job import Job
from multivector.files import entries, touch, write_whole

NAMES = sections.EXECUTED
COPY = re.compile(r"^[a-z_]+-[0-9a-f]{8,64}$")


def inputs_digest(job: Job) -> str | None:
    """Every byte the build of `job` reads, with its parameters, address, PDF flag, package and libraries; taken as
    it starts, so that a file changed while it runs makes the next build take the steps. None if a file cannot be
    read (the steps say why)."""
    try:
        return _digest(job)
    except OSError:
        return None


def _digest(job: Job) -> str:
    h = hashlib.sha256()
    package, libraries = job.code or keys.code_now()
    given = {
        "values": job.values,
        "data": str(Path(params.data_folder(job.values) or paths.DATA).resolve()),
        "base_url": job.base_url,
        "pdf": job.pdf,
        "package": package,
        "libraries": libraries,
    }
    h.update(json.dumps(given, sort_keys=True, default=str).encode())
    for place in sources.of_build(job.root, job.values):
        if place != sources.PACKAGE:  # in package_hash
            for f in _files(place):
                h.update(str(f).encode() + b"\0" + (f.read_bytes() if f.is_file() else b"(none)") + b"\0")
    return h.hexdigest()


def _files(place: Path) -> list[Path]:
    """The files at or under `place`, following no symbolic link: a build whose inputs hold one takes the steps (a
    link may lead out of the folder, where this module reads nothing), so no proof is taken of them."""
    if place.is_symlink():
        raise OSError(f"{place} is a symbolic link")
    if not place.is_dir():
        return [place]
    found = []
    for rel, entry in entries(place):
        if entry.is_symlink():
            raise OSError(f"{place / rel} is a symbolic link")
        if not entry.is_dir(follow_symlinks=False):
            found.append(place / rel)
    return sorted(found)


def _state(job: Job, edition: str, previous: str | None, copies: dict[str, str]) -> str:
    """What the build found in its own folders: the listing, the keys, the facts compared with, the executed copies."""
    stage = publish.stage_dir(job.out)
    files = [job.out / LISTING, folder(job.out, edition) / paths.BUILD_KEY, stage / paths.BUILD_KEY]
    files += [folder(job.out, previous) / paths.EDITION_FILE] if previous else []
    files += [job.cache / f"{stem}{suffix}" for stem in copies.values() for suffix in (".ipynb", ".json")]
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def remember(job: Job, edition: str, previous: str | None, copies: dict[str, str]) -> None:
    """Leave the proof that the build of `job` found nothing to do, or published edition `edition` (`previous`: the
    edition its what-changed page compares with; `copies`: each notebook's executed copy in the cache, by stem). The
    proof only saves time: without it (a file it cannot read) the next build takes the steps, and decides as well."""
    if job.read is None:
        return
    try:
        proof = {
            "inputs": job.read,
            "state": _state(job, edition, previous, copies),
            "edition": edition,
            "previous": previous,
            "copies": copies,
            "warnings": job.warnings,
        }
        text = json.dumps(proof, indent=1)
        write_whole(publish.stage_dir(job.out) / paths.UNCHANGED_PROOF, lambda p: p.write_text(text, encoding="utf-8"))
    except OSError:
        pass


def holding(job: Job) -> dict | None:
    """The proof in the stage, if it holds for `job`: every byte the build reads, and what it finds in its own folders,
    as when the proof was left. None otherwise."""
    if job.read is None or job.force:
        return None
    try:
        proof = json.loads((publish.stage_dir(job.out) / paths.UNCHANGED_PROOF).read_text(encoding="utf-8"))
        edition, previous, copies = proof["edition"], proof["previous"], proof["copies"]
        well_made = (
            ID.match(edition)
            and (previous is None or ID.match(previous))
            and list(copies) == list(NAMES)
            and all(COPY.match(stem) and stem.startswith(f"{name}-") for name, stem in copies.items())
            and all(isinstance(w, str) for w in proof["warnings"])
        )
        if not well_made or proof["inputs"] != job.read:
            return None
        if proof["state"] != _state(job, edition, previous, copies):
            return None
    except (OSError, ValueError, KeyError, TypeError):  # no proof, a damaged one, a file gone: the steps decide
        return None
    return proof


def reuse(job: Job, proof: dict) -> None:
    """End the build of `job` on its holding `proof` as the steps would: touch the executed copies it reuses (so that
    pruning keeps them), and tell its user the check's warnings, each notebook reused, and the last line."""
    for stem in proof["copies"].values():
        touch(job.cache / f"{stem}.ipynb")
    job.report("step", "1/4 Checking parameters and data", phase="check")
    for gap in proof["warnings"]:
        job.report("warning", f"warning: {gap}")
    say_reused(job)


def say_reused(job: Job) -> None:
    """What a build with nothing to do tells its user after the check: each notebook reused, and the last line."""
    job.report("step", f"2/4 Executing {len(NAMES)} notebooks with papermill (none to run)", phase="notebooks")
    for name in NAMES:
        job.report("notebook", f"  {name}: reused", notebook=name, status="reused")
    job.report.unchanged(job.out, len(NAMES), time.perf_counter() - job.started)
