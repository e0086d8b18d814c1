"""Case input: unknown facts, wrong types and formats, dates, exact money.

Every bad input is an error that names the field, the value given and what was expected, on the
Python API (CaseError) and on the command line (exit code 2, no traceback).
"""

import datetime as dt
from decimal import Decimal

import pytest

from interpreter.case import CaseError, parse_json

DATE = dt.date(2010, 6, 1)


def error_of(schinnen, case, date=DATE) -> CaseError:
    with pytest.raises(CaseError) as info:
        schinnen.evaluate(case, date)
    return info.value


# (id, case, field, fragments the message must hold)
BAD = [
    ("unknown-fact", {"gezinsinkomn": "1"}, "gezinsinkomn",
     ["unknown fact 'gezinsinkomn'", "did you mean 'gezinsinkomen'?"]),
    ("unknown-fact-far-from-any", {"schoenmaat": 43}, "schoenmaat", ["unknown fact 'schoenmaat'"]),
    ("boolean-as-string", {"woont_in_gemeente": "true"}, "woont_in_gemeente",
     ["woont_in_gemeente", '"true"', "expected true or false"]),
    ("boolean-as-number", {"woont_in_gemeente": 1}, "woont_in_gemeente", ["expected true or false", "got 1"]),
    ("money-as-text", {"gezinsinkomen": "abc"}, "gezinsinkomen",
     ["gezinsinkomen", '"abc"', "amount in euro", '"2500.01"']),
    ("money-dutch-notation", {"gezinsinkomen": "2.500,01"}, "gezinsinkomen", ['"2.500,01"', "amount in euro"]),
    ("money-as-boolean", {"gezinsinkomen": True}, "gezinsinkomen", ["got true"]),
    ("money-as-float", {"gezinsinkomen": 2500.01}, "gezinsinkomen", ["binary float", '"2500.01"']),
    ("date-that-does-not-exist", {"geboortedatum": "2010-02-30"}, "geboortedatum",
     ["geboortedatum", "'2010-02-30'", "not a date that exists"]),
    ("date-in-dutch-order", {"geboortedatum": "01-06-1980"}, "geboortedatum", ['"01-06-1980"', "YYYY-MM-DD"]),
    ("date-as-number", {"geboortedatum": 19800601}, "geboortedatum", ["19800601", "YYYY-MM-DD"]),
    ("choice-not-in-set", {"uitkering": "wbb"}, "uitkering",
     ["uitkering", '"wbb"', '"wwb", "ioaw", "ioaz", "anw", "geen"', "did you mean 'wwb'?"]),
    ("choice-wrong-case", {"ontheffing_arbeidsverplichting": "Volledig"}, "ontheffing_arbeidsverplichting",
     ['"Volledig"', '"geen", "gedeeltelijk", "volledig"']),
    ("list-as-object", {"kinderen": {"geboortedatum": "2005-01-01"}}, "kinderen", ["expected a list of objects"]),
    ("list-item-not-object", {"kinderen": ["2005-01-01"]}, "kinderen[0]", ["kinderen[0]", "expected an object"]),
    ("list-item-unknown-field", {"kinderen": [{"geboortedatun": "2005-01-01"}]}, "kinderen[0].geboortedatun",
     ["kinderen[0]", "'geboortedatun'", "did you mean 'geboortedatum'?"]),
    ("list-item-bad-date", {"kinderen": [{"geboortedatum": "2005-02-29"}]}, "kinderen[0].geboortedatum",
     ["kinderen[0].geboortedatum", "not a date that exists"]),
]


@pytest.mark.parametrize("case, field, fragments", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_case_names_field_value_and_expectation(schinnen, case, field, fragments):
    e = error_of(schinnen, case)
    assert e.field == field
    for f in fragments:
        assert f in str(e)


@pytest.mark.parametrize("case, field, fragments", [b[1:] for b in BAD if b[0] != "money-as-float"],
                         ids=[b[0] for b in BAD if b[0] != "money-as-float"])
def test_bad_case_on_the_command_line(cli, write_case, schinnen_path, case, field, fragments):
    path = write_case({"peildatum": "2010-06-01", **case})
    r = cli("eval", schinnen_path, "--case", path, "--format", "json")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert str(path) in r.stderr
    for f in fragments:
        assert f in r.stderr
    assert "Traceback" not in r.output


def test_case_must_be_an_object(schinnen):
    e = error_of(schinnen, [1, 2])
    assert "a case must be a JSON object" in str(e)


def test_null_is_unknown_not_false(decide):
    d = decide({"woont_in_gemeente": None, "uitkering": "wwb", "gezinsinkomen": None})
    assert d["aanspraak_op_ondersteuning"].value is None
    assert "woont_in_gemeente" in d["aanspraak_op_ondersteuning"].missing


def test_fact_not_given_is_unknown_not_false(decide):
    assert decide({})["hardheidsclausule_van_toepassing"].value is None


# ------------------------------------------------------------------ money is exact


@pytest.mark.parametrize("income", ["2500.01", Decimal("2500.01")])  # " 2500.01 " is refused: docs/limits.md
def test_money_as_string_or_decimal_is_exact(decide, income):
    d = decide({"woont_in_gemeente": True, "uitkering": "wwb", "gezinsinkomen": income,
                "voorliggende_voorziening_toereikend": False})["aanspraak_op_ondersteuning"]
    assert d.value is False
    assert d.citations[0].label == "artikel 4, vierde lid"


def test_json_numbers_are_read_as_decimals():
    data = parse_json('{"gezinsinkomen": 2500.01, "n": 3}')
    assert data["gezinsinkomen"] == Decimal("2500.01")
    assert isinstance(data["gezinsinkomen"], Decimal)
    assert data["n"] == 3


@pytest.mark.parametrize("text", ['{"gezinsinkomen": NaN}', '{"gezinsinkomen": Infinity}', "{bad", "[1,"])
def test_bad_json(text):
    with pytest.raises(CaseError):
        parse_json(text)


@pytest.mark.parametrize("raw", ['"2500.01"', "2500.01"])
def test_money_as_string_and_as_number_on_the_command_line(cli, write_case, schinnen_path, raw):
    path = write_case('{"peildatum": "2010-06-01", "woont_in_gemeente": true, "uitkering": "wwb", '
                      '"voorliggende_voorziening_toereikend": false, "gezinsinkomen": ' + raw + "}")
    r = cli("eval", schinnen_path, "--case", path, "--format", "json")
    assert r.exit_code == 0, r.output
    d = r.json()["decisions"]["aanspraak_op_ondersteuning"]
    assert d["value"] is False
    assert d["citations"][0]["label"] == "artikel 4, vierde lid"
    assert d["citations"][0]["paragraph"] == 4


@pytest.mark.parametrize("raw", ['"2500.00"', "2500.00", "2500"])
def test_exactly_2500_on_the_command_line(cli, write_case, schinnen_path, raw):
    path = write_case('{"peildatum": "2010-06-01", "woont_in_gemeente": true, "uitkering": "wwb", '
                      '"voorliggende_voorziening_toereikend": false, "gezinsinkomen": ' + raw + "}")
    r = cli("eval", schinnen_path, "--case", path, "--format", "json")
    d = r.json()["decisions"]["aanspraak_op_ondersteuning"]
    assert d["value"] is True
    assert d["citations"][0]["label"] == "artikel 4, eerste lid"


# ------------------------------------------------------------------ dates


def test_date_argument_overrides_peildatum(schinnen):
    res = schinnen.evaluate({"peildatum": "2004-01-01", "uitkering": "wwb"}, dt.date(2010, 6, 1))
    assert res.date == dt.date(2010, 6, 1)


def test_date_argument_as_string(schinnen):
    assert schinnen.evaluate({"uitkering": "wwb"}, "2010-06-01").date == dt.date(2010, 6, 1)


def test_no_date_at_all(schinnen):
    e = error_of(schinnen, {"uitkering": "wwb"}, None)
    assert e.field == "peildatum"
    assert "--date" in str(e) and "peildatum" in str(e)


def test_bad_peildatum(schinnen):
    e = error_of(schinnen, {"peildatum": "2010-02-30"}, None)
    assert e.field == "peildatum"
    assert "not a date that exists" in str(e)


def test_peildatum_is_not_a_fact_of_the_rules(schinnen):
    # peildatum is accepted in a case although the rules do not declare it
    res = schinnen.evaluate({"peildatum": "2010-06-01"})
    assert res.date == dt.date(2010, 6, 1)
    assert "peildatum" not in res.facts


@pytest.mark.parametrize("born, on, age", [
    ("2000-02-29", "2001-02-28", 0), ("2000-02-29", "2001-03-01", 1), ("2000-02-29", "2004-02-29", 4),
    ("2000-02-29", "2004-02-28", 3), ("1980-06-01", "2008-05-31", 27), ("1980-06-01", "2008-06-01", 28),
])
def test_age_in_whole_years(born, on, age):
    from interpreter.values import age as age_of
    assert age_of(dt.date.fromisoformat(born), dt.date.fromisoformat(on)) == age


def test_leap_day_birthday_in_a_rule(decide):
    # born 29 February 1944: 65 on 1 March 2009, so art. 2 lid 1 ('tot 65 jaar') stops applying then
    case = {"woont_in_gemeente": True, "uitkering": "wwb", "ingeschreven_als_werkzoekende": False,
            "gesubsidieerde_arbeid": False, "geboortedatum": "1944-02-29"}
    assert decide(case, "2009-02-28")["opdracht_ondersteuning"].value is True
    assert decide(case, "2009-03-01")["opdracht_ondersteuning"].value is False


def test_fact_given_twice_is_an_error():
    with pytest.raises(CaseError) as info:
        parse_json('{"uitkering": "wwb", "gezinsinkomen": 1, "uitkering": "geen"}')
    assert "'uitkering' is given twice" in str(info.value)
    assert info.value.field == "uitkering"


def test_fact_given_twice_on_the_command_line(cli, write_case, schinnen_path):
    path = write_case('{"peildatum": "2010-06-01", "uitkering": "wwb", "uitkering": "geen"}')
    r = cli("eval", schinnen_path, "--case", path)
    assert r.exit_code == 2
    assert "'uitkering' is given twice" in r.stderr


@pytest.mark.parametrize("date", [dt.datetime(2010, 6, 1, 12, 0), 20100601, "01-06-2010", 2010.5])
def test_bad_date_argument_on_the_api_is_a_case_error(schinnen, date):
    with pytest.raises(CaseError) as info:
        schinnen.evaluate({"uitkering": "wwb"}, date)
    assert info.value.field == "date"


def test_evaluate_many_keeps_order_and_yields_errors(schinnen):
    out = list(schinnen.evaluate_many([{"uitkering": "wwb"}, {"uitkerin": "wwb"}, {"uitkering": "geen"}],
                                      DATE))
    assert isinstance(out[1], CaseError) and "uitkerin" in str(out[1])
    assert out[0]["uitkeringsgerechtigde"].value is True
    assert out[2]["uitkeringsgerechtigde"].value is False


def test_case_file_with_byte_order_mark(cli, tmp_path, schinnen_path):
    p = tmp_path / "bom.json"
    p.write_bytes(b"\xef\xbb\xbf" + b'{"peildatum": "2010-06-01", "uitkering": "wwb"}')
    r = cli("eval", schinnen_path, "--case", p, "--format", "json")
    assert r.exit_code == 0, r.output
    assert r.json()["decisions"]["uitkeringsgerechtigde"]["value"] is True
