"""The installed `multivector` command. Its script imports only this module, which loads nothing: every worker process
a build starts (spawned, as multiprocessing starts them here) imports the script's module again before its task, and
importing `multivector.cli` there would load pandas and the whole build in each (0.9 s of a core per worker)."""

from __future__ import annotations


def run() -> None:
    """`multivector.cli.main`, then the process ends (engine.processes.finish)."""
    # Imported here, not above: see the module's docstring.
    from multivector import cli
    from multivector.engine import processes

    processes.finish(cli.main())
