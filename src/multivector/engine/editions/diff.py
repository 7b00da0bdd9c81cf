"""`multivector editions diff OLD NEW`: two editions of an output folder compared (engine.comparison), as text or JSON.

Input a user can get wrong (a folder that is not a multivector site, an edition it does not hold, facts that cannot be
read) is refused in one sentence naming what was expected; nothing is written either way.
"""

from __future__ import annotations

import json
from pathlib import Path

from multivector import paths
from multivector.engine import comparison
from multivector.engine.editions.listing import LISTING, EditionsError, folder, load


def diff(out: Path, old_id: str, new_id: str) -> dict:
    """The comparison of edition `new_id` against `old_id` in the output folder `out`."""
    out = Path(out)
    if not (out / LISTING).is_file():
        raise EditionsError(
            f"{out} is not a multivector site: it has no {LISTING}; expected the output folder of "
            "`multivector build` (its --out, by default _build/html)"
        )
    listing = load(out)
    ids = [e.id for e in listing.editions]
    for given in (old_id, new_id):
        if listing.get(given) is None:
            raise EditionsError(
                f"{out} has no edition {given!r}; expected one of {', '.join(ids)} (`multivector editions --out {out}` "
                "lists them)"
            )
    return {"old": old_id, "new": new_id, **comparison.compare(_facts(out, old_id), _facts(out, new_id))}


def _facts(out: Path, edition_id: str) -> dict:
    path = folder(out, edition_id) / paths.EDITION_FILE
    expected = "expected the facts file its build wrote; rebuilding that edition's inputs writes it again"
    try:
        facts = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EditionsError(f"{path} is missing; {expected}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionsError(f"{path} cannot be read ({exc.__class__.__name__}); {expected}") from None
    except json.JSONDecodeError as exc:
        raise EditionsError(f"{path} is not valid JSON ({exc.msg} at line {exc.lineno}); {expected}") from None
    wrong = comparison.problem(facts)
    if wrong:
        raise EditionsError(f"{path} does not hold an edition's facts ({wrong}); {expected}")
    return facts


def as_text(given: dict) -> str:
    """The comparison as plain text: the summary, then figures, claims, parameters and data files, one per line."""
    lines = [f"From edition {given['old']} to {given['new']}", ""]
    if given["first"]:
        return "\n".join(lines)
    lines += [f"  {line}" for line in given["summary"]]
    sections = (
        ("Figures", given["figures"], _figure_line),
        (
            "Claims whose status changed",
            given["claims"],
            lambda r: f"{r['claim']}: {r['old']} → {r['new']}. {r['why']}",
        ),
        ("Parameters", given["params"], lambda r: f"{r['parameter']}: {_side(r['old'])} → {_side(r['new'])}"),
        ("Data files whose checksum changed", given["resources"], lambda r: f"{r['resource']}"),
    )
    for title, rows, line in sections:
        if rows:
            lines += ["", f"{title}:", *(f"  {line(r)}" for r in rows)]
    return "\n".join(lines)


def _figure_line(row: dict) -> str:
    change = f" ({row['difference']})" if row["difference"] else ""
    shown = "; ".join(row["sections"])
    return f"{row['figure']}: {_side(row['old'])} → {_side(row['new'])}{change} [{shown}]"


def _side(value) -> str:
    return "(none)" if value is None else str(value).replace("\u00a0", " ")
