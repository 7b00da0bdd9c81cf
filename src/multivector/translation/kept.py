"""Translated notebooks kept between builds, with what their translation found left in English: one is made again only
when its English executed copy, the language's catalogs, the package's code or the installed libraries change. A
one-file data edit re-runs a notebook or two; the others' translations are read back rather than made again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from multivector.files import oldest_beyond, touch, write_whole
from multivector.translation import catalogs

# Translations kept per notebook: other data folders or parameters keep theirs while one is being edited.
KEEP = 12
# What a record holds besides the translated notebook: what its translation left in English (stage.Found's parts).
FIELDS = {"figures": list, "outputs": list, "lineages": int, "charts": list, "stale": list}


@dataclass(frozen=True)
class Kept:
    """Where translations are kept, and the code they are made with (`code`: the package's and libraries' hashes, as
    the build took them)."""

    folder: Path
    code: str

    def key(self, source: Path, lang: str, digest: str) -> str:
        """What a translation of the executed notebook `source` into `lang` depends on (`digest`: the language's
        catalogs, as `catalogs_digest` gives it)."""
        h = hashlib.sha256(json.dumps([self.code, lang, digest]).encode())
        h.update(source.read_bytes())
        return h.hexdigest()[:24]

    def read(self, name: str, key: str) -> dict | None:
        """The record kept under `key`, or None if there is none or it is not one (damaged: made again)."""
        path = self.folder / f"{name}-{key}.json"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not _is_record(record):
            return None
        touch(path)
        return record

    def write(self, name: str, key: str, record: dict) -> None:
        """Keep `record` under `key`, the oldest beyond KEEP pruned; a folder that cannot be written costs time only."""
        text = json.dumps(record, ensure_ascii=False)
        path = self.folder / f"{name}-{key}.json"  # a page's name is a path ("notebooks/summary")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(path, lambda p: p.write_text(text, encoding="utf-8"))
            for old in oldest_beyond(self.folder.glob(f"{name}-*.json"), KEEP):
                old.unlink(missing_ok=True)
        except OSError:
            pass


def catalogs_digest(root: Path, lang: str) -> str:
    """One digest of every catalog of `lang` under `root`, by its place and its bytes."""
    h = hashlib.sha256()
    for po in catalogs.files(root, lang):
        h.update(po.relative_to(root).as_posix().encode() + b"\0" + po.read_bytes() + b"\0")
    return h.hexdigest()


def _is_record(record) -> bool:
    return (
        isinstance(record, dict)
        and isinstance(record.get("notebook"), str)
        and all(isinstance(record.get(k), kind) for k, kind in FIELDS.items())
    )
