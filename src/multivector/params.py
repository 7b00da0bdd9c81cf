"""The parameters every section notebook accepts: declared once, checked before anything runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from multivector.errors import QUOTE_CHARACTERS, os_failure, quoted


@dataclass(frozen=True)
class Parameter:
    name: str
    type: type
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None

    def describe(self) -> str:
        bounds = ""
        if self.minimum is not None or self.maximum is not None:
            bounds = f", from {self.minimum} to {self.maximum}"
        return f"{self.name} ({self.type.__name__}{bounds}; default {self.default!r}): {self.help}"


CONTRACT: tuple[Parameter, ...] = (
    Parameter("year", int, 2024, "Reference year of the edition; must be a year of the trade data.", 2000, 2100),
    Parameter("baseline_year", int, 2021, "Pre-war year the conclusions compare the reference year with.", 2000, 2100),
    Parameter("top_partners", int, 4, "How many named partners Figure 1 shows per flow before 'Others'.", 1, 10),
    Parameter("cpc_disruption_days", int, 30, "Default days of disruption in the CPC exposure explorer.", 0, 365),
    Parameter("data_dir", str, "", "Data folder laid out like data/; empty means the shipped data/. Set with --data."),
)
BY_NAME = {p.name: p for p in CONTRACT}


class ParameterError(ValueError):
    pass


# An integer parameter as typed: ASCII digits only (str.isdigit() also takes '²' and '٣', which int() then refuses or
# reads as another number), and no more of them than any parameter's range needs (int() of a million digits is slow,
# then refused by Python itself).
INTEGER = re.compile(r"[+-]?[0-9]{1,18}", re.ASCII)


def defaults() -> dict[str, Any]:
    return {p.name: p.default for p in CONTRACT}


def describe() -> str:
    return "\n".join(p.describe() for p in CONTRACT)


def _coerce(p: Parameter, raw: Any) -> Any:
    if isinstance(raw, p.type) and not (p.type is int and isinstance(raw, bool)):
        return raw
    if p.type is int and isinstance(raw, str) and INTEGER.fullmatch(raw.strip()):
        return int(raw)
    if p.type is str and isinstance(raw, (str, Path)):
        return str(raw)
    digits = " (the digits 0-9, at most 18 of them)" if p.type is int else ""
    raise ParameterError(f"parameter '{p.name}' must be {p.type.__name__}{digits}, got {quoted(raw)}")


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """Defaults overlaid with `values`; raise ParameterError naming every bad entry and what is accepted."""
    problems = []
    out = defaults()
    for name, raw in values.items():
        p = BY_NAME.get(name)
        if p is None:
            problems.append(f"unknown parameter '{name}'")
            continue
        try:
            v = _coerce(p, raw)
        except ParameterError as exc:
            problems.append(str(exc))
            continue
        if p.minimum is not None and v < p.minimum or p.maximum is not None and v > p.maximum:
            problems.append(f"parameter '{name}' = {v} is out of range; expected {p.minimum} to {p.maximum}")
            continue
        out[name] = v
    if problems:
        raise ParameterError("; ".join(problems) + ".\nAccepted parameters:\n" + describe())
    return out


def parse_assignments(items: list[str]) -> dict[str, str]:
    """`--set NAME=VALUE` items as a dict; values stay strings until validate() types them."""
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--set expects NAME=VALUE, got {quoted(item)}.\nAccepted parameters:\n" + describe())
        out[name.strip()] = value.strip()
    return out


class _AliasRefused(yaml.YAMLError):
    def __init__(self, event: yaml.AliasEvent):
        super().__init__(event.anchor)
        self.line, self.name = event.start_mark.line + 1, event.anchor


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases: `*name` repeats a value, and nested repeats let a few hundred bytes
    stand for billions of items. A parameters file has no use for them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event())
        return super().compose_node(parent, index)


def read_file(path: Path) -> dict[str, Any]:
    """The NAME: VALUE mapping of a YAML parameters file; ParameterError in one sentence if it cannot be read."""
    try:
        loaded = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 (safe, less)
    except _AliasRefused as exc:
        raise ParameterError(
            f"parameters file {path}, line {exc.line}: the alias *{exc.name[:QUOTE_CHARACTERS]} repeats another value; "
            "expected plain NAME: VALUE lines, without YAML anchors and aliases"
        ) from None
    except UnicodeDecodeError as exc:
        raw = Path(path).read_bytes()
        line = raw[: exc.start].count(b"\n") + 1
        raise ParameterError(
            f"parameters file {path}, line {line}: byte {raw[exc.start]:#x} is not UTF-8; "
            "expected a YAML file saved as UTF-8"
        ) from exc
    except yaml.MarkedYAMLError as exc:
        line = f", line {exc.problem_mark.line + 1}" if exc.problem_mark else ""
        raise ParameterError(
            f"parameters file {path}{line}: {exc.problem or exc.context}; expected NAME: VALUE lines in YAML"
        ) from None
    except OSError as exc:
        raise ParameterError(f"cannot read parameters file {os_failure(exc)}") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"cannot read parameters file {path}: {exc}") from exc
    if not isinstance(loaded, dict):
        raise ParameterError(f"parameters file {path} must hold a mapping of NAME: VALUE, got {type(loaded).__name__}")
    return loaded


def with_data_dir(values: dict[str, Any], data_dir: Path | str | None = None) -> dict[str, Any]:
    """`values` with `data_dir` resolved once against the working directory: the one folder that `check`, the build
    and every notebook read, however it was given (`--data`, `--set data_dir=`, a `--params` file).

    The shipped folder is written as "" (the default), so naming it changes no cached page. `--data` and a
    `data_dir` parameter naming two different folders are refused rather than one silently winning.
    """
    out = dict(values)
    given = out.get("data_dir") or ""
    if not isinstance(given, (str, Path)):
        return out  # validate() refuses it with the type expected
    for said, folder in (("--data", data_dir), ("parameter 'data_dir'", given)):
        if folder and "\x00" in str(folder):
            raise ParameterError(f"{said} = {quoted(str(folder))} contains a NUL byte; expected a folder's path")
    resolved = [Path(d).expanduser().resolve() for d in (data_dir, given) if d]
    if len(set(resolved)) > 1:
        raise ParameterError(
            f"--data {data_dir} and parameter 'data_dir' = {quoted(given)} name different folders "
            f"({resolved[0]} and {resolved[1]}); expected one data folder"
        )
    from multivector import paths

    out["data_dir"] = "" if not resolved or resolved[0] == paths.DATA.resolve() else str(resolved[0])
    return out


def data_folder(values: dict[str, Any]) -> Path | None:
    """The data folder validated parameters name, or None for the shipped data/."""
    return Path(values["data_dir"]) if values.get("data_dir") else None
