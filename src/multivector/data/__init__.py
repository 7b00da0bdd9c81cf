"""The data layer: snapshots and recipes (`recipes`), the package's rules (`rules`, applied in order by `validate`),
loading (`dataset`, whose names this package hands out), the periods a series covers (`periods`, `coverage`).

`dataset` loads pandas, so it is imported when one of its names is first asked for: a module that needs only
`periods` or a rule (the Sphinx extensions, through the words they format) does not load pandas with it.
"""

from __future__ import annotations

import importlib

from multivector.errors import DataError

_FROM_DATASET = (
    "DESCRIPTOR",
    "PART",
    "SECTION_COLUMN",
    "VERSION",
    "Dataset",
    "describe_reads",
    "load",
    "part",
    "parts_of",
    "rehash",
    "sha256",
)

__all__ = ["DataError", *_FROM_DATASET]


def __getattr__(name: str):
    if name in _FROM_DATASET:
        return getattr(importlib.import_module("multivector.data.dataset"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM_DATASET})
