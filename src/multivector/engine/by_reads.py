"""Values made from the data, kept in the build cache under the digests of what each read: the rule the notebooks'
executed copies follow (engine.cache), for the edition's facts. A value is made again only when something it read is
worth another digest now, or when what every value depends on besides the data (the `base`: code, libraries,
bibliography, parameters) changes; so a one-file data edit remakes only the figures and claims that read that file."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

from multivector import files
from multivector.data import Dataset
from multivector.engine.records import record_key

# Values kept per name (other data folders keep theirs while one is being edited), and files kept, one per base.
KEEP = 12
KEEP_FILES = 12

Make = Callable[[Dataset], object]


def _own_reads(ds: Dataset) -> Dataset:
    """A copy of `ds` that records only the reads made through it (the tables themselves are shared)."""
    return dataclasses.replace(ds, used=set(), fetched={})


class Fresh:
    """Kept's way of asking, keeping nothing: each value is made, from a Dataset that records only its own reads."""

    def get(self, name: str, ds: Dataset, make: Make):
        return make(_own_reads(ds))

    def save(self) -> None:
        pass


class Kept:
    """The values kept in `cache` for `base`, reused while every read they made is worth what `worth` (the Dataset's
    digests now) says; `save()` stores the ones made meanwhile. A file that cannot be read as one is ignored (and
    replaced on saving): a value is made again rather than trusted."""

    def __init__(self, cache: Path, prefix: str, base: dict, worth: dict[str, str]):
        self.cache, self.prefix = cache, prefix
        self.base = json.loads(json.dumps(base, sort_keys=True, default=str))
        self.file = cache / f"{prefix}-{record_key(self.base)}.json"
        self.worth = worth
        self.made: list[str] = []  # the names made rather than reused, in the order asked
        self._old = self._read()
        self._now: dict[str, list[dict]] = {}

    def _read(self) -> dict[str, list[dict]]:
        try:
            found = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, or damaged
            return {}
        values = found.get("values") if isinstance(found, dict) and found.get("base") == self.base else None
        if not isinstance(values, dict):
            return {}
        return {name: [e for e in kept if _is_entry(e)] for name, kept in values.items() if isinstance(kept, list)}

    def get(self, name: str, ds: Dataset, make: Make):
        """The value of `name`: kept, if what it read is worth the same now; else `make(ds)` (with a Dataset that
        records its reads), as its JSON reads back, so that a kept value and a new one are the same value."""
        old = self._old.get(name, [])
        for entry in old:
            if all(self.worth.get(read) == digest for read, digest in entry["reads"].items()):
                self._now[name] = [entry, *(e for e in old if e is not entry)]
                return entry["value"]
        probe = _own_reads(ds)
        value = json.loads(json.dumps(make(probe), ensure_ascii=False, default=str))
        reads = {read: self.worth.get(read) for read in sorted(probe.used)}
        self._now[name] = [{"reads": reads, "value": value}, *old][:KEEP]
        self.made.append(name)
        return value

    def save(self) -> None:
        """Store the values as last asked for (the ones made first), keeping the others; prune the oldest files."""
        if not self.made and all(self._now[n][0] is (self._old.get(n) or [None])[0] for n in self._now):
            files.touch(self.file)  # nothing new: only its age changes, so that pruning keeps it
            return
        text = json.dumps({"base": self.base, "values": {**self._old, **self._now}}, ensure_ascii=False)
        self.cache.mkdir(parents=True, exist_ok=True)
        files.write_whole(self.file, lambda p: p.write_text(text, encoding="utf-8"))
        for old in files.oldest_beyond(self.cache.glob(f"{self.prefix}-*.json"), KEEP_FILES):
            old.unlink(missing_ok=True)


def _is_entry(entry) -> bool:
    return (
        isinstance(entry, dict)
        and "value" in entry
        and isinstance(entry.get("reads"), dict)
        and all(isinstance(d, str | None) for d in entry["reads"].values())
    )
