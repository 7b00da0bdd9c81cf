"""The rules of claims.csv's `check` column: each check one of the ledger's checks (claims.CHECKS, handed in), with the
arguments its signature asks for, each of the kind it expects (a flow, a partner, a year, a span of months, an event)."""

from __future__ import annotations

import inspect

from multivector.analysis import trade
from multivector.data.dataset import Dataset
from multivector.data.periods import Period


def _year_rule(ds: Dataset, arg: str) -> str:
    return "" if arg.isascii() and arg.isdigit() and len(arg) == 4 else "expected a year such as 2022"


def _months_rule(ds: Dataset, arg: str) -> str:
    try:
        Period.parse_span(arg)
    except ValueError as err:
        return str(err)
    return ""


def _event_rule(ds: Dataset, arg: str) -> str:
    return "" if arg in set(ds["events"]["id"]) else "expected the id of a row of events.csv"


# How a check's arguments other than flows and partners are checked, by the argument's name in the check's signature.
ARGUMENT_RULES = {"since": _year_rule, "against": _year_rule, "months": _months_rule, "start_event": _event_rule}


def check_problems(ds: Dataset, checks: dict) -> list[str]:
    """What is wrong with claims.csv's `check` column, row by row: a check is a name from `checks` followed by its
    arguments, each after a colon (`partner_share:imports:RU`; Figure 1's named partners joined by '+')."""
    partners, problems = ds.partner_names(), []
    for i, check in ds["claims"]["check"].items():
        if not isinstance(check, str) or not check:
            continue
        where = f"claims.csv, row {i + 2}, column 'check'"
        name, *args = check.split(":")
        if name not in checks:
            problems.append(f"{where}: unknown check {name!r}; expected one of {', '.join(checks)}")
            continue
        wanted = list(inspect.signature(checks[name]).parameters)[3:]  # after the dataset, the claim and the year
        if len(args) != len(wanted):
            problems.append(
                f"{where}: {check!r} gives {len(args)} argument(s); expected {name}" + "".join(f":{w}" for w in wanted)
            )
            continue
        for what, arg in zip(wanted, args, strict=True):
            if what in ARGUMENT_RULES:
                said = ARGUMENT_RULES[what](ds, arg)
                if said:
                    problems.append(f"{where}: {what} {arg!r} in {check!r}: {said}")
                continue
            given = arg.split("+") if what == "named" else [arg]
            allowed = trade.FLOWS if what == "flow" else partners
            bad = [g for g in given if g not in allowed]
            if bad:
                problems.append(
                    f"{where}: {what} {', '.join(map(repr, bad))} in {check!r}; expected one of "
                    f"{', '.join(allowed)}" + (" joined by '+'" if what == "named" else "")
                )
    return problems
