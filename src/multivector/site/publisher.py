"""Who publishes the edition: `publisher` in _config.yml, the one place it is set, checked; every citation names it."""

from __future__ import annotations

from pathlib import Path

import yaml

from multivector import paths

KEY = "publisher"


class PublisherError(ValueError):
    """The publisher setting in _config.yml is missing or is not a name."""


def publisher(config: Path = paths.CONFIG) -> str:
    """The publisher named in `config`; PublisherError, in one sentence, if the setting is missing or not a name."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    value = settings.get(KEY) if isinstance(settings, dict) else None
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    found = "is missing" if value is None else f"is {_kind(value)} ({value!r})"
    raise PublisherError(
        f"{config}: the setting '{KEY}' {found}; expected the name of who publishes this edition as one line of "
        'text, like publisher: "multivector contributors". Nothing was built.'
    )


def _kind(value) -> str:
    kinds = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    return next((name for t, name in kinds.items() if isinstance(value, t)), "empty")
