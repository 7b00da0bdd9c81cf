"""The `multivector` command: build the book, check data, show the parameter contract, record checksums."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import build as build_mod
from . import charts, data, params, paths


def _values(args) -> dict:
    values = params.read_file(args.params) if getattr(args, "params", None) else {}
    values.update(params.parse_assignments(getattr(args, "set", None) or []))
    return values


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="multivector", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="check, execute and build the book into --out (default _build/html)")
    b.add_argument("--set", action="append", metavar="NAME=VALUE", help="a notebook parameter (repeatable)")
    b.add_argument("--params", type=Path, metavar="FILE", help="YAML file of NAME: VALUE parameters")
    b.add_argument("--data", type=Path, metavar="DIR", help="data folder laid out like data/ (default: data/)")
    b.add_argument("--out", type=Path, metavar="DIR", default=paths.SITE, help="where the site goes")
    b.add_argument("--jobs", type=int, metavar="N", help="notebooks run at once (default: number of cores)")
    b.add_argument("--force", action="store_true", help="re-execute every notebook, ignoring the cache")
    b.add_argument("--quiet", action="store_true", help="print only errors")
    b.add_argument("--json", action="store_true", help="print progress as JSON lines")

    c = sub.add_parser("check", help="validate the data folder and parameters; build nothing")
    c.add_argument("--set", action="append", metavar="NAME=VALUE")
    c.add_argument("--params", type=Path, metavar="FILE")
    c.add_argument("--data", type=Path, metavar="DIR")

    sub.add_parser("params", help="print the parameters every notebook accepts")

    r = sub.add_parser("rehash", help="record the current checksums of the data files in datapackage.json")
    r.add_argument("--data", type=Path, metavar="DIR")

    args = ap.parse_args(argv)
    try:
        if args.command == "params":
            print(params.describe())
        elif args.command == "check":
            values = params.with_data_dir(_values(args), args.data)
            values, ds = build_mod.check(params.data_folder(values), values)
            print(f"OK: {ds.folder} is valid ({len(ds.descriptor['resources'])} resources, years "
                  f"{ds.years[0]}-{ds.years[-1]}); parameters {values}")
            extra = charts.uncoloured(ds)
            if extra:
                names = ds.partner_names()
                print(f"note: the charts colour at most {charts.PALETTE_SIZE} named partners; "
                      f"{', '.join(names[c] for c in extra)} are counted in 'Rest of world' ('Others' in Figure 1)")
        elif args.command == "rehash":
            changed = data.rehash(args.data)
            print("Updated checksums for: " + (", ".join(changed) if changed else "nothing (all up to date)"))
        else:
            report = build_mod.Reporter(quiet=args.quiet, as_json=args.json)
            build_mod.build(_values(args), data_dir=args.data, out=args.out, jobs=args.jobs, force=args.force,
                            report=report)
    except (data.DataError, params.ParameterError, build_mod.BuildError) as exc:
        if getattr(args, "json", False):
            print(json.dumps({"event": "error", "message": str(exc), "kind": type(exc).__name__}), flush=True)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
