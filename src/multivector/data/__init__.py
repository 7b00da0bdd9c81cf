"""The data layer: snapshots and recipes (`recipes`), the package's rules (`rules`, applied in order by `validate`),
loading (`dataset`, re-exported here), the periods a series covers (`periods`, `coverage`)."""

from multivector.data.dataset import (
    DESCRIPTOR,
    PART,
    SECTION_COLUMN,
    VERSION,
    Dataset,
    describe_reads,
    load,
    part,
    parts_of,
    rehash,
    sha256,
)
from multivector.errors import DataError

__all__ = [
    "DESCRIPTOR",
    "PART",
    "SECTION_COLUMN",
    "VERSION",
    "DataError",
    "Dataset",
    "describe_reads",
    "load",
    "part",
    "parts_of",
    "rehash",
    "sha256",
]
