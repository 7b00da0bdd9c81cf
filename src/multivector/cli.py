"""The `multivector` command: build the book, check data, show the parameter contract, record checksums, list and
remove editions."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

from multivector import data, errors, params, paths
from multivector.engine import build as build_mod
from multivector.engine import editions, processes, publish
from multivector.engine.report import BuildError, Reporter
from multivector.errors import RecipeError
from multivector.site import cite
from multivector.translation.catalogs import CatalogError

# What a user's input can be wrong with: each is printed as the sentence it carries, never as a traceback.
USER_ERRORS = (
    data.DataError,
    params.ParameterError,
    BuildError,
    publish.OutputError,
    RecipeError,
    editions.EditionsError,
    cite.BaseURLError,
    cite.PublisherError,
    CatalogError,
)


def _values(args) -> dict:
    values = params.read_file(args.params) if getattr(args, "params", None) else {}
    values.update(params.parse_assignments(getattr(args, "set", None) or []))
    return values


def _parser() -> argparse.ArgumentParser:
    """Every command and option."""
    ap = argparse.ArgumentParser(prog="multivector", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    _build_options(sub)
    c = sub.add_parser("check", help="validate the data folder and parameters; build nothing")
    c.add_argument("--set", action="append", metavar="NAME=VALUE")
    c.add_argument("--params", type=Path, metavar="FILE")
    c.add_argument("--data", type=Path, metavar="DIR")
    sub.add_parser("params", help="print the parameters every notebook accepts")
    r = sub.add_parser("rehash", help="record the current checksums of the data files in datapackage.json")
    r.add_argument("--data", type=Path, metavar="DIR")
    _data_options(sub)
    _editions_options(sub)
    t = sub.add_parser("translations", help="update the translation catalogs (locales/) from the English text")
    t.add_argument("action", choices=["update"])
    return ap


def _build_options(sub) -> None:
    b = sub.add_parser("build", help="check, execute and build the book into --out (default _build/html)")
    b.add_argument("--set", action="append", metavar="NAME=VALUE", help="a notebook parameter (repeatable)")
    b.add_argument("--params", type=Path, metavar="FILE", help="YAML file of NAME: VALUE parameters")
    b.add_argument("--data", type=Path, metavar="DIR", help="data folder laid out like data/ (default: data/)")
    b.add_argument("--out", type=Path, metavar="DIR", default=paths.SITE, help="where the site goes")
    b.add_argument("--jobs", type=int, metavar="N", help="notebooks run at once (default: number of cores)")
    b.add_argument("--force", action="store_true", help="re-execute every notebook, ignoring the cache")
    b.add_argument(
        "--pdf", action="store_true", help="also print the book and each section as PDFs into the site (Chromium)"
    )
    b.add_argument("--quiet", action="store_true", help="print only errors")
    b.add_argument("--json", action="store_true", help="print progress as JSON lines")
    b.add_argument(
        "--base-url",
        metavar="URL",
        help="the site's public address, for absolute addresses in citations, "
        "canonical links and the sitemap (default: html.baseurl in _config.yml)",
    )


def _data_options(sub) -> None:
    d = sub.add_parser("data", help="derive the tables in data/ from the snapshots in data/raw/, or record a newer one")
    dsub = d.add_subparsers(dest="action", required=True)
    db = dsub.add_parser("build", help="regenerate every derived table from its snapshots (validated, then moved in)")
    db.add_argument("--data", type=Path, metavar="DIR")
    db.add_argument("--check", action="store_true", help="only say what would change; write nothing")
    db.add_argument("--json", action="store_true", help="print what changed, the version and what is pending as JSON")
    du = dsub.add_parser("update", help="record a newer upstream file as a snapshot, re-derive, say what changed")
    du.add_argument("--from", dest="source", required=True, metavar="PATH_OR_URL", help="the newer upstream file")
    du.add_argument("--data", type=Path, metavar="DIR")
    du.add_argument("--commit", metavar="SHA", help="the upstream commit the file comes from, to record in its origin")
    du.add_argument("--dry-run", action="store_true", help="only say what would change; write nothing")
    du.add_argument("--json", action="store_true", help="print what changed, the version and what is pending as JSON")


def _editions_options(sub) -> None:
    e = sub.add_parser("editions", help="list the editions published in --out, compare two, remove one, or archive one")
    e.add_argument(
        "--out", type=Path, metavar="DIR", default=paths.SITE, help="the output folder (default _build/html)"
    )
    e.add_argument("--json", action="store_true", help="print the listing as JSON")
    e_sub = e.add_subparsers(dest="action")
    rm = e_sub.add_parser("remove", help="remove one edition that is not the latest (asks for --yes)")
    rm.add_argument("id", help="the edition's id, as `multivector editions` lists it")
    rm.add_argument("--out", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="the output folder")
    rm.add_argument("--yes", action="store_true", help="confirm: delete the edition's folder for good")
    d = e_sub.add_parser("diff", help="what changed from one edition to another: figures, claims, data, parameters")
    d.add_argument("old", help="the earlier edition's id")
    d.add_argument("new", help="the later edition's id")
    d.add_argument("--out", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="the output folder")
    d.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the comparison as JSON")
    ar = e_sub.add_parser(
        "archive", help="write one edition as a zip to deposit: a BagIt bag with its RO-Crate and .zenodo.json"
    )
    ar.add_argument("id", help="the edition's id, as `multivector editions` lists it")
    ar.add_argument(
        "--out",
        dest="archive",
        type=Path,
        metavar="FILE",
        help="the zip to write, outside the site (default: a new zip named after the edition, in this folder)",
    )
    ar.add_argument(
        "--site",
        dest="out",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the output folder that publishes the edition (default _build/html)",
    )


def _check(args) -> None:
    # Imported here for start-up time: pandas (0.5 s), which a build loads once its helpers are started (engine.build).
    from multivector.engine import checks

    values = params.with_data_dir(_values(args), args.data)
    values, ds, gaps = checks.check_command(params.data_folder(values), values)
    print(
        f"OK: {ds.folder} is valid ({len(ds.descriptor['resources'])} resources, years "
        f"{ds.years[0]}-{ds.years[-1]}); parameters {values}"
    )
    for gap in gaps:
        print(f"warning: {gap}")
    # Imported here for start-up time: altair costs every command 0.9 s, and only `check` needs the charts' palette
    # (and the translations' listing, which reads the chart cards' texts).
    from multivector import charts
    from multivector.translation import commands as translation_commands

    extra = charts.uncoloured(ds)
    if extra:
        names = ds.partner_names()
        print(
            f"note: the charts colour at most {charts.PALETTE_SIZE} named partners; "
            f"{', '.join(names[c] for c in extra)} are counted in 'Rest of world' ('Others' in Figure 1)"
        )
    for line in translation_commands.check_lines(paths.ROOT):
        print(line)


def _translations() -> None:
    # Imported here for start-up time, as in _check: the catalogs' update reads the chart cards (Altair).
    from multivector.translation import commands as translation_commands

    print("\n".join(translation_commands.update(paths.ROOT)))


def _data(args) -> None:
    from multivector.data.recipes import run as recipes_run  # here for start-up time, as in _check

    said: list[str] = []
    report = said.append if args.json else print
    if args.action == "build":
        changes = recipes_run.build(args.data, check=args.check, report=report)
        written = not args.check
    else:
        changes = recipes_run.update(args.source, args.data, commit=args.commit, dry_run=args.dry_run, report=report)
        written = not args.dry_run
    if args.json:
        record = {"lines": said, "changed": changes.kinds, "version": changes.version, "pending": changes.pending}
        print(json.dumps({**record, "written": written}, indent=1, ensure_ascii=False))


def _rehash(args) -> None:
    from multivector.data.recipes import run as recipes_run  # here for start-up time, as in _check

    changed = recipes_run.rehash(args.data)
    print("Updated checksums for: " + (", ".join(changed) if changed else "nothing (all up to date)"))


def _build(args) -> None:
    report = Reporter(quiet=args.quiet, as_json=args.json)
    processes.exit_on_interrupt()
    base = cite.check_base_url(args.base_url) if args.base_url is not None else None
    build_mod.build(
        _values(args),
        data_dir=args.data,
        out=args.out,
        jobs=args.jobs,
        force=args.force,
        report=report,
        base_url=base,
        pdf=args.pdf,
    )


def main(argv: list[str] | None = None) -> int:
    """Run one command. Exit status 0 when done; 2 with one sentence for what a user can fix (a refusal, or an OS
    failure: permissions, a path through a file, a full disk, a NUL byte in a path), with --json also an `error` event
    on stdout; a reader of stdout that goes away (`| head`) ends it quietly, as Unix tools do."""
    args = _parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
        sys.stdout.flush()  # here, so that a reader gone away is seen inside the try, not at exit
    except BrokenPipeError:
        # Nothing more can reach stdout; point it at /dev/null, so that the interpreter's own flush at exit is quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except USER_ERRORS as exc:
        return _refuse(args, exc, str(exc))
    except OSError as exc:
        return _refuse(args, exc, errors.os_failure(exc, getattr(args, "out", None) or getattr(args, "data", None)))
    except ValueError as exc:
        if "null byte" not in str(exc) and "null character" not in str(exc):
            raise
        return _refuse(args, exc, "a path contains a NUL byte (\\x00); expected a path without one")
    except Exception as exc:
        if getattr(args, "json", False):  # a defect, not the user's doing: the event, then the traceback
            _event(exc, f"unexpected {type(exc).__name__}: {errors.quoted(str(exc), 200)}")
        raise
    return 0


def _event(exc: BaseException, message: str) -> None:
    print(json.dumps({"event": "error", "message": message, "kind": type(exc).__name__}), flush=True)


def _refuse(args, exc: BaseException, message: str) -> int:
    if getattr(args, "json", False):
        with contextlib.suppress(BrokenPipeError):  # a reader gone away still gets the sentence on stderr
            _event(exc, message)
    print(f"error: {message}", file=sys.stderr)
    return 2


def _archive(args) -> None:
    # Imported here for start-up time: rocrate and bagit cost every command 0.8 s, and only `archive` needs them.
    from multivector.engine.editions import archive

    written = archive.archive(args.out, args.id, args.archive)
    print(
        f"Wrote {written} ({written.stat().st_size:,} bytes): edition {args.id} of {args.out} as a BagIt bag "
        "with its RO-Crate and .zenodo.json."
    )


def _editions(args) -> None:
    if args.action == "archive":
        return _archive(args)
    if args.action == "remove":
        if not args.yes:
            raise editions.EditionsError(
                f"Removing edition {args.id} deletes its folder in {args.out} for good, and "
                "every address that cites it stops working; to go ahead, add --yes. "
                "Nothing was removed."
            )
        gone = editions.remove(args.out, args.id)
        print(f"Removed edition {gone.id} (reference year {gone.year}, built {gone.built}) from {args.out}.")
        return
    if args.action == "diff":
        from multivector.engine.editions import diff as editions_diff  # here for start-up time, as in _check

        given = editions_diff.diff(args.out, args.old, args.new)
        print(json.dumps(given, indent=1, ensure_ascii=False) if args.json else editions_diff.as_text(given))
        return
    listing = editions.load(args.out)
    if args.json:
        print(json.dumps(listing.records(), indent=1))
    elif not listing.editions:
        print(f"No editions in {args.out} yet: `multivector build --out {args.out}` publishes the first.")
    else:
        print("\n".join(listing.table(args.out)))


COMMANDS = {
    "params": lambda args: print(params.describe()),
    "check": _check,
    "data": _data,
    "editions": _editions,
    "rehash": _rehash,
    "build": _build,
    "translations": lambda args: _translations(),
}


if __name__ == "__main__":
    processes.finish(main())
