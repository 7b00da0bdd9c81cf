"""Bad input gets a clear error naming file, row and column, and nothing is built."""
from __future__ import annotations

import json

import pytest
from conftest import edit_csv

from multivector import cli, data, paths

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


@pytest.mark.parametrize(
    "name, transform, expected",
    [
        ("missing column", lambda t: t.replace("year,flow,partner,value_bn_usd", "year,flow,partner").replace(",9.55\n", "\n"),
         ["trade_partners.csv"]),
        ("unknown partner", lambda t: t + "2024,exports,JP,1.00\n",
         ["trade_partners.csv", _appended_row("trade_partners.csv"), "no matching row", "JP"]),
        ("non-numeric value", lambda t: t.replace(RU_EXPORTS_2024, "2024,exports,RU,lots"),
         ["trade_partners.csv", _row("trade_partners.csv", RU_EXPORTS_2024), "column 'value_bn_usd'", "lots", "expected a number"]),
        ("negative value", lambda t: t.replace(RU_EXPORTS_2024, "2024,exports,RU,-9.55"),
         ["trade_partners.csv", _row("trade_partners.csv", RU_EXPORTS_2024), "column 'value_bn_usd'", "-9.55", "minimum"]),
        ("duplicate key", lambda t: t + RU_EXPORTS_2024 + "\n",
         ["trade_partners.csv", _appended_row("trade_partners.csv"), "duplicate key"]),
        ("partner sum above total", lambda t: t.replace(RU_EXPORTS_2024, "2024,exports,RU,90.55"),
         ["trade_partners.csv", "year 2024", "exports", "more than the total"]),
        ("formula-like cell", lambda t: t.replace("RU,Russia,", 'RU,"=HYPERLINK(""http://x"")",'),
         ["partners.csv", "row 2", "column 'name'", "formula"]),
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
    path.write_bytes(path.read_bytes().replace("Crimea".encode(), "Cr\xefmea".encode("latin-1")))
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
