"""The first rules: the descriptor (datapackage.json) has the shape the code reads, names the resources, fields and
units the computations need, and every path it names stays inside the folder."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from multivector import paths
from multivector.data.rules.inside import outside
from multivector.errors import DataError, quoted

REQUIRED_RESOURCES = ("partners", "trade_totals", "trade_partners", "oil_exports", "cpi_yoy", "claims", "events")
# The units the computations assume; a package that declares another unit is refused.
EXPECTED_UNITS = {
    ("trade_totals", "value_bn_usd"): "bn USD",
    ("trade_partners", "value_bn_usd"): "bn USD",
    ("oil_exports", "value_bn_usd"): "bn USD",
    ("oil_exports", "volume_mt"): "million tonnes",
    ("oil_exports", "exports_same_months_bn_usd"): "bn USD",
    ("cpi_yoy", "index_prev_year_100"): "index, same month of previous year = 100",
}


def read_descriptor(folder: Path, rehashing: bool = False) -> dict:
    """The folder's descriptor, refused unless its shape is what the code reads and every path stays inside.

    `rehash` may meet resources without a checksum yet: it is the command that records them.
    """
    path = folder / paths.DATAPACKAGE
    if not path.is_file():
        raise DataError(
            [f"{path}: file not found; a data folder needs a {paths.DATAPACKAGE} like the one in data/"], folder
        )
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([f"{path}: not valid UTF-8 JSON ({exc})"], folder) from exc
    problems = _descriptor_problems(descriptor, rehashing)
    if not problems:
        names = [r["name"] for r in descriptor["resources"]]
        missing = [n for n in REQUIRED_RESOURCES if n not in names]
        if missing:
            problems = [f"resource(s) {', '.join(missing)} missing; expected {', '.join(REQUIRED_RESOURCES)}"]
        problems += [
            f"resource '{n}' is described twice; expected each name once"
            for n in sorted(set(names))
            if names.count(n) > 1
        ]
    if not problems:
        problems = [p for r in descriptor["resources"] for p in _path_problems(folder, r)] + _field_problems(descriptor)
    if problems:
        raise DataError([f"{paths.DATAPACKAGE}: {p}" for p in problems], folder)
    return descriptor


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def _descriptor_problems(descriptor, rehashing: bool = False) -> list[str]:
    """What the code reads from the descriptor, each with the JSON type it must have; every entry is named."""
    if not isinstance(descriptor, dict):
        return [f'found {_kind(descriptor)}; expected an object with a "resources" list']
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return [f'"resources" is {_kind(resources)}; expected a list of resources']
    problems = []
    for i, r in enumerate(resources, 1):
        if not isinstance(r, dict):
            problems.append(f"resource {i} is {_kind(r)}; expected an object")
            continue
        label = f"resource {quoted(r['name'])}" if isinstance(r.get("name"), str) and r["name"] else f"resource {i}"
        for key, kind, expected in (
            ("name", str, "a string"),
            ("path", str, "a file name relative to the folder"),
            ("hash", str, 'a string "sha256:..." (run `multivector rehash`)'),
            ("schema", dict, 'an object with "fields"'),
        ):
            if key not in r and not (key == "hash" and rehashing):
                problems.append(f'{label} has no "{key}"; expected {expected}')
            elif key in r and (not isinstance(r[key], kind) or (kind is str and not r[key])):
                problems.append(f'{label}, "{key}" is {_kind(r[key])} {quoted(r[key])}; expected {expected}')
        schema = r.get("schema")
        if not isinstance(schema, dict):
            continue
        fields = schema.get("fields")
        if not isinstance(fields, list) or not fields:
            problems.append(f'{label}, schema "fields" is {_kind(fields)}; expected a non-empty list of fields')
            continue
        for j, f in enumerate(fields, 1):
            if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not isinstance(f.get("type"), str):
                said = f"'{f['name']}'" if isinstance(f, dict) and isinstance(f.get("name"), str) else str(j)
                problems.append(f'{label}, field {said}: expected an object with a string "name" and a string "type"')
    return problems


def _field_problems(descriptor: dict) -> list[str]:
    """The required resources must declare the fields (name and type) of the shipped package: the code reads them."""
    shipped = {r["name"]: [(f["name"], f["type"]) for f in r["schema"]["fields"]] for r in _shipped()["resources"]}
    problems = []
    for r in descriptor["resources"]:
        want = shipped.get(r["name"]) if r["name"] in REQUIRED_RESOURCES else None
        found = [(f["name"], f["type"]) for f in r["schema"]["fields"]]
        if want and found != want:
            said = ", ".join(f"{n} ({t})" for n, t in found)
            problems.append(
                f"resource '{r['name']}', schema fields: found {said}; expected "
                f"{', '.join(f'{n} ({t})' for n, t in want)}, which the computations read"
            )
    return problems


@functools.lru_cache(maxsize=1)
def _shipped() -> dict:
    """The shipped data package's descriptor, read once: the shape every data folder must have."""
    return json.loads((paths.DATA / paths.DATAPACKAGE).read_text(encoding="utf-8"))


def _path_problems(folder: Path, resource: dict) -> list[str]:
    """A resource path must name a file inside the folder: refused before anything is read from it."""
    said = outside(folder, resource["path"])
    return [f"resource '{resource['name']}', path {quoted(resource['path'])} {said}"] if said else []


def unit_problems(descriptor: dict) -> list[str]:
    """Each measured field declares the unit the computations assume."""
    problems = []
    for resource in descriptor["resources"]:
        for f in resource["schema"]["fields"]:
            expected = EXPECTED_UNITS.get((resource["name"], f["name"]))
            if expected and f.get("unit") != expected:
                problems.append(
                    f"{paths.DATAPACKAGE}, resource '{resource['name']}', field '{f['name']}': unit is "
                    f"{f.get('unit')!r}; the computations expect {expected!r}"
                )
    return problems
