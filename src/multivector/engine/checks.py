"""What a build refuses before it runs anything: first what needs no data read (the output folder's place and
--jobs, checked by engine.build before it starts its helpers; then the output folder's contents, the table of
contents, the site's address and publisher, a damaged editions listing, the PDF printer), then parameters and data it
cannot be built from."""

from __future__ import annotations

from pathlib import Path

from multivector import data, params, paths, sections
from multivector.analysis import claims
from multivector.data import coverage
from multivector.data.recipes import agree
from multivector.engine import editions, publish
from multivector.engine.report import BuildError
from multivector.site import address, publisher
from multivector.tools import pdf as printer


def check(data_dir: Path | None, values: dict, passed: frozenset[str] = frozenset()) -> tuple[dict, data.Dataset]:
    """Validate parameters and data before anything runs (`passed`: see validate.checked)."""
    checked = params.validate(values)
    ds = data.load(data_dir, year=checked["year"], baseline_year=checked["baseline_year"], passed=passed)
    problems = claims.check_problems(ds)
    if problems:
        raise data.DataError(problems, ds.folder)
    if checked["baseline_year"] not in ds.years:
        raise params.ParameterError(
            f"parameter 'baseline_year' = {checked['baseline_year']} is not a year of the "
            f"data; expected one of {', '.join(map(str, ds.years))}"
        )
    return checked, ds


def check_command(data_dir: Path | None, values: dict) -> tuple[dict, data.Dataset, list[str]]:
    """What `multivector check` checks: `check`, then that the derived tables agree with their snapshots; the checked
    parameters, the data, and what the data's coverage leaves out (sentences)."""
    checked, ds = check(data_dir, values)
    problems = agree.disagreements(ds.folder, ds.descriptor)
    if problems:
        raise data.DataError(problems, ds.folder)
    return checked, ds, coverage.warnings(ds, checked["year"])


def refuse_what_cannot_build(out: Path, root: Path, base_url: str | None, pdf: bool) -> str:
    """Every other refusal that needs no data read, before any work: files in the output folder a build did not
    write, the table of contents, the site's address and publisher, a damaged editions listing, the PDF printer.
    Returns the checked base URL ('' if none)."""
    publish.check_contents(out)
    problem = sections.toc_problem(root / paths.TOC.name)
    if problem:
        raise BuildError("checking the table of contents", problem)
    config = root / paths.CONFIG.name
    checked = (
        address.check_base_url(base_url)
        if base_url is not None
        else address.check_base_url(address.base_url(config), where=f"html.baseurl in {config}")
    )
    publisher.publisher(config)  # every citation names it: missing or not a name is refused
    editions.load(out)  # a damaged listing is refused
    if pdf and (problem := printer.unavailable()):
        raise BuildError("checking the PDF printer", problem)
    return checked
