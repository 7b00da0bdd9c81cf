"""Who publishes the edition: `publisher` in _config.yml, the one place it is set, checked; every citation names it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from multivector import paths

KEY = "publisher"


class PublisherError(ValueError):
    """The publisher setting in _config.yml is missing or is not a name."""


def publisher(config: Path = paths.CONFIG) -> str:
    """The publisher named in `config`; PublisherError, in one sentence, if the setting is missing or not a name."""
    value = _setting(config.read_text(encoding="utf-8"))
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    found = "is missing" if value is None else f"is {_kind(value)} ({value!r})"
    raise PublisherError(
        f"{config}: the setting '{KEY}' {found}; expected the name of who publishes this edition as one line of "
        'text, like publisher: "multivector contributors". Nothing was built.'
    )


@lru_cache(maxsize=8)
def _setting(config: str):
    """The publisher setting in a configuration's text, parsed once per process: a page's cite box asks on every
    section page, and a translated stage's configuration (23 KB, its catalogs' words included) takes 0.07 s to
    parse."""
    settings = yaml.safe_load(config) or {}
    return settings.get(KEY) if isinstance(settings, dict) else None


def _kind(value) -> str:
    kinds = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    return next((name for t, name in kinds.items() if isinstance(value, t)), "empty")
