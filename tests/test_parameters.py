"""Parameters are a contract: declared once, refused before anything runs when wrong."""

from __future__ import annotations

import pytest

from multivector import cli, params


def test_defaults_are_the_papers_edition():
    assert params.defaults()["year"] == 2024


@pytest.mark.parametrize(
    "values, words",
    [
        ({"yaer": "2025"}, ["unknown parameter 'yaer'"]),
        ({"year": "twenty"}, ["'year' must be int"]),
        ({"year": 1800}, ["out of range"]),
        ({"cpc_disruption_days": 400}, ["out of range"]),
    ],
)
def test_bad_parameters_are_refused_listing_what_is_accepted(values, words):
    with pytest.raises(params.ParameterError) as info:
        params.validate(values)
    message = str(info.value)
    for w in words:
        assert w in message
    for p in params.CONTRACT:
        assert p.name in message


def test_set_and_params_file_are_typed(tmp_path):
    f = tmp_path / "p.yml"
    f.write_text("year: 2025\ntop_partners: 3\n")
    values = params.read_file(f) | params.parse_assignments(["cpc_disruption_days=10"])
    checked = params.validate(values)
    assert (checked["year"], checked["top_partners"], checked["cpc_disruption_days"]) == (2025, 3, 10)


def test_build_with_unknown_parameter_exits_non_zero_before_running(capsys, tmp_path):
    assert cli.main(["build", "--set", "yaer=2025", "--out", str(tmp_path / "site")]) == 2
    assert "unknown parameter 'yaer'" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_params_command_prints_the_contract(capsys):
    assert cli.main(["params"]) == 0
    out = capsys.readouterr().out
    assert all(p.name in out for p in params.CONTRACT)


def test_json_progress_reports_a_refusal_as_a_json_line(capsys, tmp_path):
    import json

    assert cli.main(["build", "--json", "--set", "year=1800", "--out", str(tmp_path / "site")]) == 2
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[-1]["event"] == "error" and "out of range" in lines[-1]["message"]


@pytest.mark.parametrize("typed", ["2024²", "٢٠٢٤", "20 24", "9" * 100_000])
def test_an_integer_parameter_is_ascii_digits_and_anything_else_is_refused_in_a_sentence(typed, capsys):
    assert cli.main(["check", "--set", f"year={typed}"]) == 2
    err = capsys.readouterr().err
    assert "parameter 'year' must be int (the digits 0-9" in err and "Traceback" not in err and len(err) < 1000
