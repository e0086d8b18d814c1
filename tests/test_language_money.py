"""Exact money: Decimal arithmetic, never binary floating point; amounts as the law writes them."""

import datetime as dt
import json
from decimal import Decimal

import pytest

import interpreter
from dsl.parser import parse_money
from interpreter.values import format_money

DATE = dt.date(2021, 1, 1)


@pytest.fixture(scope="module")
def reg(language_path):
    return interpreter.load(language_path / "geld.rules")


def test_point_one_plus_point_two_is_exactly_point_three(reg):
    res = reg.evaluate({"x": "0.10", "y": "0.20"}, DATE)
    assert res["som"].value == Decimal("0.30")
    assert isinstance(res["som"].value, Decimal)
    assert res["precies_dertig_cent"].value is True


def test_decimal_input_is_kept_exact(reg):
    res = reg.evaluate({"x": Decimal("0.1"), "y": Decimal("0.2")}, DATE)
    assert res["som"].value == Decimal("0.3")
    assert res["precies_dertig_cent"].value is True


def test_float_input_is_refused(reg):
    from interpreter.case import CaseError
    with pytest.raises(CaseError, match="x"):
        reg.evaluate({"x": 0.1, "y": "0.2"}, DATE)


def test_money_times_whole_number(reg):
    res = reg.evaluate({"x": "0.10", "aantal_maanden": 3}, DATE)
    assert res["totaal"].value == Decimal("0.30")


def test_division_is_exact_where_it_can_be(reg):
    assert reg.evaluate({"x": "0.30"}, DATE)["derde"].value == Decimal("0.10")


@pytest.mark.parametrize("x, expected", [("2500.00", False), ("2500", False), ("2500.01", True),
                                         ("2500.001", True), ("2499.99", False)])
def test_threshold_exact_to_the_cent(reg, x, expected):
    d = reg.evaluate({"x": x}, DATE)["boven_grens"]
    assert d.value is expected


def test_json_output_writes_exact_numbers(reg):
    res = reg.evaluate({"x": "0.10", "y": "0.20"}, DATE)
    text = res.to_json()
    assert '"value": 0.30' in text
    assert json.loads(text, parse_float=Decimal)["decisions"]["som"]["value"] == Decimal("0.30")


@pytest.mark.parametrize("raw, value", [
    ("€ 2.500", Decimal("2500")), ("€ 2.500,-", Decimal("2500")), ("€ 2.500,00", Decimal("2500.00")),
    ("€ 2500,50", Decimal("2500.50")), ("€2.500.000,01", Decimal("2500000.01")), ("€ 0,30", Decimal("0.30")),
])
def test_law_notation_of_amounts(raw, value):
    assert parse_money(raw) == value


@pytest.mark.parametrize("value, text", [
    (Decimal("2500"), "€ 2.500,00"), (Decimal("2500.01"), "€ 2.500,01"), (Decimal("0.3"), "€ 0,30"),
    (Decimal("1234567.89"), "€ 1.234.567,89"),
])
def test_dutch_formatting_of_amounts(value, text):
    assert format_money(value) == text


def test_money_divided_by_a_count(reg):
    assert reg.evaluate({"x": "10", "aantal_maanden": 4}, DATE)["per_maand"].value == Decimal("2.50")


def test_division_by_zero_is_a_case_error_naming_the_decision(reg):
    from interpreter.case import CaseError
    with pytest.raises(CaseError) as info:
        reg.evaluate({"x": "10", "aantal_maanden": 0}, DATE)
    assert "per_maand" in str(info.value) and "division by zero" in str(info.value)


def test_division_by_zero_on_the_command_line(cli, write_case, language_path):
    r = cli("eval", language_path / "geld.rules", "--case", write_case({"x": "10", "aantal_maanden": 0}),
            "--date", "2021-01-01")
    assert r.exit_code == 2
    assert "per_maand: division by zero" in r.stderr
    assert "Traceback" not in r.output
