"""What a build refuses before it runs anything: first what needs no data read (the output folder, --jobs, the table
of contents, the site's address and publisher, a damaged editions listing, the PDF printer), then parameters and data
it cannot be built from."""

from __future__ import annotations

from pathlib import Path

from multivector import data, params, paths, sections
from multivector.analysis import claims
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


def refuse_what_cannot_build(
    out: Path, values: dict, root: Path, jobs, base_url: str | None, pdf: bool, cache_dir: Path
) -> str:
    """Every refusal that needs no data read, before any work: the output folder, --jobs, the table of contents, the
    site's address and publisher, a damaged editions listing, the PDF printer. Returns the checked base URL ('' if
    none)."""
    if jobs is not None and jobs < 1:
        raise params.ParameterError(f"--jobs must be 1 or more, got {jobs}")
    protected = {paths.ROOT: "the project", paths.DATA: "the shipped data folder", cache_dir: "the build's cache"}
    if values.get("data_dir"):
        protected[Path(values["data_dir"])] = "the data folder given with --data"
    publish.check(out, protected)
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
