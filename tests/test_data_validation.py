"""Bad input gets a clear error naming file, row and column, and nothing is built."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from conftest import declare_hand_kept, edit_csv

from multivector import cli, data, params, paths
from multivector.data import validate
from multivector.engine import build, checks, keys, records, steps

RU_EXPORTS_2024 = "2024,exports,RU,9.55"


def _row(name: str, text: str) -> str:
    """The 'row N' frictionless reports for a line of a shipped file (the header is row 1)."""
    lines = (paths.DATA / name).read_text().splitlines()
    return f"row {lines.index(text) + 1}"


def _appended_row(name: str) -> str:
    return f"row {len((paths.DATA / name).read_text().splitlines()) + 1}"


def _error(folder, year=2024) -> str:
    with pytest.raises(data.DataError) as info:
        data.load(folder, year=year)
    return str(info.value)


def test_shipped_data_is_valid():
    ds = data.load(year=2024)
    assert 2024 in ds.years and len(ds.fingerprint) == 12


def _counted_frictionless_passes(monkeypatch) -> list:
    """The folders frictionless's pass runs on from now on, in a process that has seen no package pass yet."""
    passes = []
    real = validate.frictionless_problems
    monkeypatch.setattr(validate, "frictionless_problems", lambda folder, d: passes.append(folder) or real(folder, d))
    monkeypatch.setattr(validate, "_PASSED_HERE", set())
    return passes


def test_a_process_passes_a_package_through_frictionless_once_in_whichever_folder(data_copy, tmp_path, monkeypatch):
    passes = _counted_frictionless_passes(monkeypatch)
    data.load(data_copy)
    again = tmp_path / "again"
    shutil.copytree(data_copy, again)
    data.load(again, year=2021)
    assert passes == [data_copy]
    # Another package (an edited file, rehashed) goes through it; a refused one, every time it is loaded.
    edit_csv(again, "events.csv", lambda t: t.replace("Russia annexes Crimea", "Crimea"))
    data.load(again)
    assert passes == [data_copy, again]
    edit_csv(again, "events.csv", lambda t: t.replace("nazarbayev_steps_down,", "crimea_annexation,"))
    for _ in range(2):
        with pytest.raises(data.DataError):
            data.load(again)
    assert passes == [data_copy, again, again, again]


def test_a_notebook_of_a_build_leaves_out_frictionless_only_for_the_very_package_the_build_validated(
    data_copy, monkeypatch
):
    passes = _counted_frictionless_passes(monkeypatch)
    token = data.load(data_copy).package_token  # as the build checks it
    assert len(passes) == 1
    monkeypatch.setenv(paths.CHECKED_PACKAGE_ENV, token)  # as the build tells its notebooks
    data.load(data_copy)
    assert len(passes) == 1
    # A file edited since: still refused by its checksum; once rehashed, another package, validated in full.
    events = data_copy / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("Russia annexes Crimea", "Crimea"), encoding="utf-8")
    assert "events.csv: its sha256" in _error(data_copy)
    data.rehash(data_copy)
    assert data.load(data_copy).package_token != token and len(passes) == 2


def test_a_build_validates_in_full_only_a_package_its_cache_has_not_seen_pass(data_copy, tmp_path, monkeypatch):
    passes = _counted_frictionless_passes(monkeypatch)
    cache_dir, scope = tmp_path / "cache", keys.validation_scope()
    for _ in range(2):  # two builds of the same package: the second leaves frictionless's pass out
        _, ds = checks.check(data_copy, {}, records.passed(cache_dir, scope))
        records.remember_passed(cache_dir, scope, ds.package_token)
    assert len(passes) == 1
    # The package changed: validated in full again, and a damaged file is refused by its checksum either way.
    edit_csv(data_copy, "events.csv", lambda t: t.replace("Russia annexes Crimea", "Crimea"))
    _, ds = checks.check(data_copy, {}, records.passed(cache_dir, scope))
    assert len(passes) == 2
    # Other code or libraries: another scope, nothing passed in it yet.
    assert records.passed(cache_dir, "another scope") == frozenset()


@pytest.mark.parametrize(
    "name, transform, expected",
    [
        (
            "missing column",
            lambda t: t.replace("year,flow,partner,value_bn_usd", "year,flow,partner").replace(",9.55\n", "\n"),
            ["trade_partners.csv"],
        ),
        (
            "unknown partner",
            lambda t: t + "2024,exports,JP,1.00\n",
            ["trade_partners.csv", _appended_row("trade_partners.csv"), "no matching row", "JP"],
        ),
        (
            "non-numeric value",
            lambda t: t.replace(RU_EXPORTS_2024, "2024,exports,RU,lots"),
            [
                "trade_partners.csv",
                _row("trade_partners.csv", RU_EXPORTS_2024),
                "column 'value_bn_usd'",
                "lots",
                "expected a number",
            ],
        ),
        (
            "negative value",
            lambda t: t.replace(RU_EXPORTS_2024, "2024,exports,RU,-9.55"),
            [
                "trade_partners.csv",
                _row("trade_partners.csv", RU_EXPORTS_2024),
                "column 'value_bn_usd'",
                "-9.55",
                "minimum",
            ],
        ),
        (
            "duplicate key",
            lambda t: t + RU_EXPORTS_2024 + "\n",
            ["trade_partners.csv", _appended_row("trade_partners.csv"), "duplicate key"],
        ),
        (
            "partner sum above total",
            lambda t: t.replace(RU_EXPORTS_2024, "2024,exports,RU,90.55"),
            ["trade_partners.csv", "year 2024", "exports", "more than the total"],
        ),
        (
            "formula-like cell",
            lambda t: t.replace("RU,Russia,", 'RU,"=HYPERLINK(""http://x"")",'),
            ["partners.csv", "row 2", "column 'name'", "formula"],
        ),
    ],
)
def test_bad_data_is_refused_with_file_row_and_column(data_copy, name, transform, expected):
    target = "partners.csv" if name == "formula-like cell" else "trade_partners.csv"
    edit_csv(data_copy, target, transform)
    message = _error(data_copy)
    for piece in expected:
        assert piece in message, f"{name}: {piece!r} not in {message}"


def test_requested_year_absent_is_refused_listing_the_years():
    message = _error(None, year=2031)
    assert "2031" in message and "2024" in message and "trade_partners.csv" in message


def test_empty_file_is_refused(data_copy):
    edit_csv(data_copy, "oil_exports.csv", lambda t: "")
    assert "oil_exports.csv: the file is empty" in _error(data_copy)


def test_file_not_utf8_is_refused_with_its_line(data_copy):
    path = data_copy / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"Crimea", "Cr\xefmea".encode("latin-1")))
    data.rehash(data_copy)
    message = _error(data_copy)
    assert "events.csv, line 2" in message and "not UTF-8" in message


def test_file_changed_without_rehash_is_refused(data_copy):
    path = data_copy / "trade_totals.csv"
    path.write_text(path.read_text() + "2026,exports,1.00,preliminary,bns\n")
    message = _error(data_copy)
    assert "trade_totals.csv" in message and "multivector rehash" in message


def test_unit_other_than_expected_is_refused(data_copy):
    descriptor = json.loads((data_copy / "datapackage.json").read_text())
    field = descriptor["resources"][2]["schema"]["fields"][3]
    field["unit"] = "mn USD"
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor))
    message = _error(data_copy)
    assert "value_bn_usd" in message and "'bn USD'" in message


def test_html_in_a_partner_name_is_data_not_an_error(data_copy):
    edit_csv(data_copy, "partners.csv", lambda t: t.replace("TR,Turkey,", "TR,<img src=x onerror=alert(1)>,"))
    assert data.load(data_copy).partner_names()["TR"] == "<img src=x onerror=alert(1)>"


def test_check_command_exits_non_zero_with_the_message(data_copy, capsys):
    edit_csv(data_copy, "trade_partners.csv", lambda t: t.replace(RU_EXPORTS_2024, "2024,exports,RU,lots"))
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert _row("trade_partners.csv", RU_EXPORTS_2024) in err and "Nothing was built" in err


# --- Issue 12: every edit an analyst makes by hand is refused clearly or built correctly ------------------------


def _checked(folder, **values) -> tuple[dict, data.Dataset]:
    """The parameters and data as `multivector check --data folder` accepts them."""
    values = params.with_data_dir(values, folder)
    return checks.check(params.data_folder(values), values)


def _render_clean(folder, **values):
    """Check the folder as `multivector check` does, then render every page as the notebooks would: no blemish."""
    import rendering

    checked, _ = _checked(folder, **values)
    shown = rendering.render(checked)
    assert rendering.blemishes(shown) == []
    return shown


def _cli_error(capsys, *argv) -> str:
    assert cli.main(list(argv)) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def _set_cell(folder, name: str, row: int, column: str, value: str) -> None:
    """Put `value` in one cell of a shipped table (row numbers as frictionless counts them: the header is row 1)."""

    def edit(text):
        lines = text.splitlines()
        cells = lines[row - 1].split(",")
        cells[lines[0].split(",").index(column)] = value
        lines[row - 1] = ",".join(cells)
        return "\n".join(lines) + "\n"

    edit_csv(folder, name, edit)


@pytest.mark.parametrize(
    "name, row, column, value",
    [
        ("trade_totals.csv", 11, "value_bn_usd", "inf"),
        ("oil_exports.csv", 7, "value_bn_usd", "Infinity"),
        ("cpi_yoy.csv", 62, "index_prev_year_100", "-Infinity"),
        ("oil_exports.csv", 5, "volume_mt", "NaN"),
    ],
)
def test_a_non_finite_number_is_refused_with_its_cell(data_copy, name, row, column, value):
    _set_cell(data_copy, name, row, column, value)
    message = _error(data_copy)
    assert f"{name}, row {row}, column '{column}': found {value!r}, which is not a finite number; expected" in message


def test_a_number_too_large_for_any_table_is_refused(data_copy):
    edit_csv(data_copy, "oil_exports.csv", lambda t: t.replace("2022,43.15", "2022,1e308"))
    message = _error(data_copy)
    assert "oil_exports.csv, row 5, column 'value_bn_usd'" in message and f"{validate.LARGEST_NUMBER:,.0f}" in message


@pytest.mark.parametrize("name", ["trade_totals.csv", "cpi_yoy.csv", "events.csv"])
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_file_with_another_delimiter_is_refused_naming_it(data_copy, capsys, name, delimiter):
    edit_csv(data_copy, name, lambda t: t.replace(",", delimiter))
    err = _cli_error(capsys, "check", "--data", str(data_copy))
    assert f"{name}: the file uses {delimiter!r} as delimiter; expected ','" in err


def test_more_partners_than_the_palette_join_the_rest_of_the_world_with_a_note(data_copy, capsys):
    from multivector import charts

    extra = [f"X{i:02d}" for i in range(31)]
    declare_hand_kept(data_copy, "trade_partners")
    edit_csv(data_copy, "partners.csv", lambda t: t + "".join(f"{c},Partner {c},\n" for c in extra))
    edit_csv(
        data_copy,
        "trade_partners.csv",
        lambda t: (
            t
            + "".join(f"{y},{flow},{c},0.05\n" for y in (2021, 2024) for flow in ("exports", "imports") for c in extra)
        ),
    )
    assert cli.main(["check", "--data", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert f"the charts colour at most {charts.PALETTE_SIZE} named partners" in out and "Partner X30" in out
    shown = _render_clean(data_copy, top_partners=10)
    specs = [json.loads(t[5:]) for t in shown["multi_vectorism"] if t.startswith("SPEC ")]
    # Figure 1 shows the ten largest, some beyond the palette; the partner shares show every partner.
    for spec, said in zip(specs[:2], ["counted in Others", "Partner X30 counted in Rest of world"], strict=False):
        # The note is in the subtitle, wrapped into lines for a phone: read as the reader does, line after line.
        subtitles = " ".join(" ".join(s) if isinstance(s, list) else s for s in _find(spec, "subtitle"))
        assert said in subtitles, f"no {said!r} in the subtitles: {subtitles!r}"
        domains = [v["scale"]["domain"] for v in _find(spec, "color") if "scale" in v]
        assert domains and all(len(d) <= charts.PALETTE_SIZE + 1 for d in domains)


def _find(node, key):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _find(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _find(v, key)


def test_earlier_years_without_russia_or_china_are_charted_from_the_years_that_have_them(data_copy):
    edit_csv(data_copy, "trade_totals.csv", lambda t: t + "1995,exports,5.25,final,bns\n1995,imports,3.81,final,bns\n")
    edit_csv(data_copy, "trade_partners.csv", lambda t: t + "1995,exports,EU27,1.50\n1995,imports,TR,0.30\n")
    shown = _render_clean(data_copy)
    specs = [json.loads(t[5:]) for t in shown["multi_vectorism"] if t.startswith("SPEC ")]
    subtitle = " ".join(next(s["title"]["subtitle"] for s in specs if "Who Kazakhstan" in " ".join(s["title"]["text"])))
    assert "Russia's share of imports went from" in subtitle and "1995" not in subtitle
    assert "China's share of imports went from" in subtitle


@pytest.mark.parametrize("role, year", [("reference year", 2024), ("baseline year", 2021)])
def test_a_reference_or_baseline_year_without_a_partner_the_paper_needs_is_refused(data_copy, capsys, role, year):
    edit_csv(
        data_copy,
        "trade_partners.csv",
        lambda t: "\n".join(line for line in t.splitlines() if not line.startswith(f"{year},imports,CN")) + "\n",
    )
    message = _cli_error(capsys, "check", "--data", str(data_copy))
    assert f"year {year} has no imports row for partner CN" in message and role in message


@pytest.mark.parametrize(
    "edit, words",
    [
        (lambda d: [], ["found a list; expected an object"]),
        (lambda d: d["resources"][3].pop("schema") and d, ["resource 'oil_exports' has no \"schema\""]),
        (lambda d: d["resources"][3].pop("path") and d, ["resource 'oil_exports' has no \"path\""]),
        (lambda d: d["resources"][3].update(path=["a.csv", "b.csv"]) or d, ['"path" is a list']),
        (lambda d: d["resources"][3]["schema"].update(fields={}) or d, ['schema "fields" is an object']),
        (lambda d: d["resources"][3]["schema"]["fields"][1].update(type=1) or d, ["field 'value_bn_usd'"]),
        (lambda d: d["resources"][3]["schema"].update(primaryKey=5) or d, ["primaryKey"]),
        (lambda d: d.update(resources="all") or d, ['"resources" is a string']),
        (
            lambda d: d["resources"][1]["schema"]["fields"].pop(3) and d,
            [
                "resource 'trade_totals', schema fields: found year (integer), flow (string), value_bn_usd (number), source"
            ],
        ),
    ],
)
@pytest.mark.parametrize("command", ["check", "rehash"])
def test_a_descriptor_of_the_wrong_shape_is_refused_by_check_and_rehash(data_copy, capsys, edit, words, command):
    path = data_copy / "datapackage.json"
    path.write_text(json.dumps(edit(json.loads(path.read_text()))))
    before = path.read_bytes()
    if command == "rehash" and "primaryKey" in words:
        return  # rehash records checksums only; the schema's own shape is check's to refuse
    err = _cli_error(capsys, command, "--data", str(data_copy))
    assert "datapackage.json" in err and all(w in err for w in words), err
    assert path.read_bytes() == before


def test_a_missing_checksum_is_refused_by_check_and_recorded_by_rehash(data_copy, capsys):
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text())
    del descriptor["resources"][3]["hash"]
    path.write_text(json.dumps(descriptor))
    assert "resource 'oil_exports' has no \"hash\"" in _cli_error(capsys, "check", "--data", str(data_copy))
    assert cli.main(["rehash", "--data", str(data_copy)]) == 0 and "oil_exports" in capsys.readouterr().out
    assert cli.main(["check", "--data", str(data_copy)]) == 0


def test_a_params_file_that_is_not_utf8_is_refused_by_line(tmp_path, capsys):
    f = tmp_path / "p.yml"
    f.write_bytes("year: 2024\n# Säätö\n".encode("latin-1"))
    err = _cli_error(capsys, "check", "--params", str(f))
    assert f"parameters file {f}, line 2" in err and "not UTF-8" in err


def test_check_with_set_data_dir_checks_that_folder(data_copy, capsys):
    assert cli.main(["check", "--set", f"data_dir={data_copy}"]) == 0
    assert f"OK: {data_copy}" in capsys.readouterr().out
    edit_csv(data_copy, "trade_partners.csv", lambda t: t.replace(RU_EXPORTS_2024, "2024,exports,RU,lots"))
    assert str(data_copy) in _cli_error(capsys, "check", "--set", f"data_dir={data_copy}")


@pytest.mark.parametrize("how", ["--data", "--set", "--params"])
def test_a_relative_data_dir_is_one_absolute_folder_for_check_build_and_notebooks(
    data_copy, tmp_path, monkeypatch, capsys, how
):
    from multivector import params

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(data_copy.parent)
    (tmp_path / "p.yml").write_text("data_dir: data\n")
    argv = {
        "--data": ["--data", "data"],
        "--set": ["--set", "data_dir=data"],
        "--params": ["--params", str(tmp_path / "p.yml")],
    }[how]
    assert cli.main(["check", *argv]) == 0
    assert f"OK: {data_copy}" in capsys.readouterr().out
    seen = {}
    monkeypatch.setattr(build.execute, "workers", lambda jobs, at_once=True: __import__("contextlib").nullcontext())
    monkeypatch.setattr(steps, "run", lambda job, pool: seen.update(job.values))
    assert cli.main(["build", *argv, "--out", str(tmp_path / "site")]) == 0
    # The notebooks receive these values as papermill parameters; from another folder they still name data_copy.
    monkeypatch.chdir(elsewhere)
    assert seen["data_dir"] == str(data_copy) and data.load(params.validate(seen)["data_dir"]).folder == data_copy


def test_data_and_a_data_dir_parameter_naming_two_folders_are_refused(data_copy, capsys):
    err = _cli_error(capsys, "check", "--data", str(data_copy), "--set", f"data_dir={paths.DATA}")
    assert "name different folders" in err


@pytest.mark.parametrize(
    "name, transform, words",
    [
        (
            "trade_totals.csv",
            lambda t: "\n".join(line + ",x" for line in t.splitlines()) + "\n",
            ["trade_totals.csv, header, column 6: extra column 'x'; expected only year, flow"],
        ),
        (
            "trade_totals.csv",
            lambda t: t.replace("year,", "Year,", 1),
            ["trade_totals.csv, header, column 1: found 'Year', expected 'year'"],
        ),
        (
            "oil_exports.csv",
            lambda t: t.replace(",note", ",year", 1),
            ["oil_exports.csv, header: column 'year' appears 2 times"],
        ),
        (
            "trade_totals.csv",
            lambda t: (
                "\n".join(
                    ",".join([line.split(",")[1], line.split(",")[0], *line.split(",")[2:]]) for line in t.splitlines()
                )
                + "\n"
            ),
            ["columns out of order: found flow, year, value_bn_usd, status, source; expected year, flow, value_bn_usd"],
        ),
        ("trade_totals.csv", lambda t: t.replace(",source\n", "\n", 1), ["column 'source' is missing"]),
        ("trade_totals.csv", lambda t: t.replace("\n", "\n\n", 2), ["trade_totals.csv, row 2: the line is blank"]),
    ],
)
def test_header_and_row_problems_are_named_once_with_what_was_found_and_expected(data_copy, name, transform, words):
    edit_csv(data_copy, name, transform)
    error = pytest.raises(data.DataError, data.load, data_copy).value
    assert len(error.problems) <= 2, error.problems  # one message, not one per row
    for w in words:
        assert w in str(error)


def test_a_duplicate_key_names_the_key_values_never_none(data_copy):
    edit_csv(data_copy, "trade_partners.csv", lambda t: t + RU_EXPORTS_2024 + "\n")
    message = _error(data_copy)
    assert "duplicate key (year 2024, flow exports, partner RU)" in message and "None" not in message


@pytest.mark.parametrize(
    "name, transform",
    [
        ("trade_totals.csv", lambda t: t + "\n\n"),  # blank lines an editor leaves at the end
        ("trade_partners.csv", lambda t: t.replace("\n", "\r\n")),  # Windows line ends
        ("trade_totals.csv", lambda t: "\ufeff" + t),  # the byte-order mark of a spreadsheet's "CSV UTF-8"
    ],
)
def test_what_spreadsheets_and_editors_add_is_accepted_and_read_as_the_shipped_file(data_copy, name, transform):
    """Accepted, and every table reads exactly as the shipped one: the pages are those of the default build. (The
    new-year edition's real build, conftest, has all three in its files.)"""
    edit_csv(data_copy, name, transform)
    _, edited = _checked(data_copy)
    shipped = data.load()
    assert edited.digests()[name.removesuffix(".csv")] != shipped.digests()[name.removesuffix(".csv")]
    for table in shipped.descriptor["resources"]:
        pd.testing.assert_frame_equal(edited[table["name"]], shipped[table["name"]], obj=table["name"])


# --- Issue 13, bad input: a resource path may only name a file inside the data folder -----------------------------


def _point(folder, resource: str, path: str) -> None:
    descriptor = json.loads((folder / "datapackage.json").read_text())
    next(r for r in descriptor["resources"] if r["name"] == resource)["path"] = path
    (folder / "datapackage.json").write_text(json.dumps(descriptor))


@pytest.fixture
def outside(tmp_path):
    """A CSV outside the data folder that would pass for events.csv if it were ever read."""
    f = tmp_path / "outside.csv"
    f.write_bytes((paths.DATA / "events.csv").read_bytes())
    return f


@pytest.fixture
def reads(monkeypatch):
    """Every file the code under test opens by path."""
    import pathlib

    seen = []
    for method in ("read_bytes", "read_text", "open"):
        real = getattr(pathlib.Path, method)
        monkeypatch.setattr(
            pathlib.Path,
            method,
            lambda self, *a, _real=real, **k: (seen.append(self.resolve()), _real(self, *a, **k))[1],
        )
    return seen


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink"])
@pytest.mark.parametrize("command", ["check", "rehash", "build"])
def test_a_resource_path_leading_outside_the_folder_is_refused_before_anything_is_read(
    data_copy, outside, tmp_path, capsys, monkeypatch, reads, kind, command
):

    # The build's worker pool only warms papermill up; the refusal comes before it is needed.
    monkeypatch.setattr(build.execute, "workers", lambda jobs, at_once=True: __import__("contextlib").nullcontext())
    path = {"absolute": str(outside), "dotdot": "../outside.csv", "symlink": "events_link.csv"}[kind]
    if kind == "symlink":
        (data_copy / "events_link.csv").symlink_to(outside)
    _point(data_copy, "events", path)
    before = (data_copy / "datapackage.json").read_bytes()
    argv = [command, "--data", str(data_copy)] + (["--out", str(tmp_path / "site")] if command == "build" else [])
    err = _cli_error(capsys, *argv)
    assert "resource 'events'" in err and "outside" in err or "absolute" in err or "'..'" in err, err
    assert outside.resolve() not in reads
    assert (data_copy / "datapackage.json").read_bytes() == before  # rehash recorded nothing
    assert not (tmp_path / "site").exists()


def test_a_symlink_to_a_file_inside_the_folder_is_accepted(data_copy):
    (data_copy / "events_link.csv").symlink_to(data_copy / "events.csv")
    _point(data_copy, "events", "events_link.csv")
    assert data.load(data_copy).folder == data_copy
