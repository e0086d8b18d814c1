"""Audit of the Participatiewet re-integration framework against the law's text: cases an
examiner would write from the text alone (each section and alinea, the boundaries of the
pensionable age, unknown facts, the college's judgement), run through `grondslag batch`.

Every expectation here is what the text says; the encoding agreed with all of them when the
audit ran. One point where the text leaves a choice (does the support duty stop at the
pensionable age?) is pinned at the end as the reading recorded in the rule file."""

import json

import pytest
from click.testing import CliRunner

import interpreter
from conftest import RULES
from interpreter.cli import main as cli_main

PW = RULES / "participatiewet"
RE = "onder het kopje 'Re-integratie'"
WBI = "onder het kopje 'Werk boven inkomen'"
V1 = "onder het kopje 'Verdeling', eerste alinea"
ONDERSTEUNING, WBI_D, VOORZIENING, OMSTANDIGHEDEN = (
    "ondersteuning_bij_arbeidsinschakeling", "werk_boven_inkomen_van_toepassing", "voorziening_aanbieden",
    "te_wegen_omstandigheden")
CIRCUMSTANCES = ["heeft_zorgtaken", "behoort_tot_doelgroep_loonkostensubsidie", "maakt_gebruik_van_beschut_werk",
                 "heeft_structurele_functionele_beperking", "beheerst_nederlandse_taal_onvoldoende",
                 "alleenstaande_ouder"]
NONE = {f: False for f in CIRCUMSTANCES}
YOUNG = {"peildatum": "2015-06-01", "geboortedatum": "1980-03-15"}


def wbi(peildatum, geboortedatum, value, label=WBI, missing=()):
    """Werk boven inkomen on one day: jonger dan de pensioengerechtigde leeftijd (AOW art. 7a)."""
    return {"peildatum": peildatum, "geboortedatum": geboortedatum}, {WBI_D: (value, label, list(missing))}


# name -> (case, {decision: (value, label of the first citation or None, missing)}); a value that is
# an int is the length of a list of considerations.
CASES = {
    # Re-integratie and Verdeling, eerste alinea: the target group and the college's judgement
    "doelgroep, noodzakelijk geacht": (
        {**YOUNG, "behoort_tot_doelgroep": True, "voorziening_noodzakelijk_voor_arbeidsinschakeling": True},
        {ONDERSTEUNING: (True, RE, []), VOORZIENING: (True, V1, []), WBI_D: (True, WBI, [])}),
    "doelgroep, niet noodzakelijk geacht": (
        {**YOUNG, "behoort_tot_doelgroep": True, "voorziening_noodzakelijk_voor_arbeidsinschakeling": False},
        {ONDERSTEUNING: (True, RE, []), VOORZIENING: (False, V1, [])}),
    "doelgroep, het college heeft nog niet geoordeeld": (
        {**YOUNG, "behoort_tot_doelgroep": True},
        {VOORZIENING: (None, None, ["voorziening_noodzakelijk_voor_arbeidsinschakeling"])}),
    "doelgroep, noodzakelijk, geboortedatum onbekend": (
        {"peildatum": "2015-06-01", "behoort_tot_doelgroep": True,
         "voorziening_noodzakelijk_voor_arbeidsinschakeling": True},
        {ONDERSTEUNING: (True, RE, []), VOORZIENING: (None, None, ["geboortedatum"]),
         WBI_D: (None, None, ["geboortedatum"])}),
    "buiten de doelgroep, noodzakelijk geacht": (
        {**YOUNG, "behoort_tot_doelgroep": False, "voorziening_noodzakelijk_voor_arbeidsinschakeling": True},
        {ONDERSTEUNING: (False, RE, []), VOORZIENING: (False, V1, [])}),
    "buiten de doelgroep, verder niets bekend": (
        {"peildatum": "2015-06-01", "behoort_tot_doelgroep": False},
        {ONDERSTEUNING: (False, RE, []), VOORZIENING: (False, V1, [])}),
    "niets bekend": (
        {"peildatum": "2015-06-01"},
        {ONDERSTEUNING: (None, None, ["behoort_tot_doelgroep"]),
         VOORZIENING: (None, None, ["geboortedatum", "behoort_tot_doelgroep",
                                    "voorziening_noodzakelijk_voor_arbeidsinschakeling"]),
         OMSTANDIGHEDEN: (None, None, CIRCUMSTANCES)}),
    "doelgroep onbekend, niet noodzakelijk geacht: dat beslist al": (
        {"peildatum": "2015-06-01", "voorziening_noodzakelijk_voor_arbeidsinschakeling": False},
        {VOORZIENING: (False, V1, [])}),
    "doelgroep onbekend, voorbij de pensioengerechtigde leeftijd: dat beslist al": (
        {"peildatum": "2016-06-01", "geboortedatum": "1940-01-01",
         "voorziening_noodzakelijk_voor_arbeidsinschakeling": True},
        {VOORZIENING: (False, V1, []), WBI_D: (False, WBI, [])}),
    "doelgroep, noodzakelijk, maar voorbij de pensioengerechtigde leeftijd": (
        {"peildatum": "2019-01-10", "geboortedatum": "1952-11-20", "behoort_tot_doelgroep": True,
         "voorziening_noodzakelijk_voor_arbeidsinschakeling": True},
        {VOORZIENING: (False, V1, []), WBI_D: (False, WBI, [])}),
    # Werk boven inkomen: each side of the day the pensionable age of the year is reached
    "1950-07-01: 2015 (65j3m), de dag ervoor": wbi("2015-09-30", "1950-07-01", True),
    "1950-07-01: 2015, op de dag": wbi("2015-10-01", "1950-07-01", False),
    "1949-10-31: bereikt op 2014-12-31, dus niet jonger op 2015-01-01": wbi("2015-01-01", "1949-10-31", False),
    "1949-11-01: de dag ervoor": wbi("2015-01-31", "1949-11-01", True),
    "1949-11-01: op de dag": wbi("2015-02-01", "1949-11-01", False),
    "1952-02-29: 2017 (65j9m), de dag ervoor": wbi("2017-11-28", "1952-02-29", True),
    "1952-02-29: 2017, op de dag": wbi("2017-11-29", "1952-02-29", False),
    "1955-08-31: 2021 (66j4m) op 31 december, de dag ervoor": wbi("2021-12-30", "1955-08-31", True),
    "1955-08-31: bereikt in 2021 blijft bereikt in 2022": wbi("2022-01-01", "1955-08-31", False),
    "1955-09-01: in januari 2022 nog jonger (66j7m)": wbi("2022-01-01", "1955-09-01", True),
    "1955-09-01: 2022, de dag ervoor": wbi("2022-03-31", "1955-09-01", True),
    "1955-09-01: 2022, op de dag": wbi("2022-04-01", "1955-09-01", False),
    "1957-02-28: bereikt in 2023 (66j10m)": wbi("2023-12-28", "1957-02-28", False),
    "1957-03-01: 2024 (67j), schrikkeldag is de dag ervoor": wbi("2024-02-29", "1957-03-01", True),
    "1957-03-01: 2024, op de dag": wbi("2024-03-01", "1957-03-01", False),
    "1960-12-31: bereikt op 2027-12-31": wbi("2028-01-01", "1960-12-31", False),
    "1961-01-01: 2028 (67j3m), de dag ervoor": wbi("2028-03-31", "1961-01-01", True),
    "1961-01-01: 2028, op de dag": wbi("2028-04-01", "1961-01-01", False),
    "na 2031: jonger dan de laatst vastgestelde leeftijd": wbi("2035-01-01", "1990-01-01", True),
    "na 2031: in 2031 bereikt": wbi("2032-01-01", "1964-09-30", False),
    "na 2031: nog niet vastgesteld, open": wbi("2032-01-01", "1964-10-01", None, None,
                                               ["pensioengerechtigde_leeftijd"]),
    # Maatwerk, tweede en derde alinea; Verdeling, tweede alinea
    "geen omstandigheden: de lege lijst": (
        {**YOUNG, "behoort_tot_doelgroep": True, **NONE}, {OMSTANDIGHEDEN: ([], None, [])}),
    "alle omstandigheden": (
        {**YOUNG, "behoort_tot_doelgroep": True, **{f: True for f in CIRCUMSTANCES}},
        {OMSTANDIGHEDEN: (6, "onder het kopje 'Maatwerk', tweede alinea", [])}),
    "alleen beschut werk": (
        {**YOUNG, "behoort_tot_doelgroep": True, **NONE, "maakt_gebruik_van_beschut_werk": True},
        {OMSTANDIGHEDEN: (1, "onder het kopje 'Verdeling', tweede alinea", [])}),
    "één omstandigheid onbekend: de lijst blijft open": (
        {**YOUNG, "behoort_tot_doelgroep": True, **{k: v for k, v in NONE.items() if k != "alleenstaande_ouder"}},
        {OMSTANDIGHEDEN: (None, None, ["alleenstaande_ouder"])}),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Every case through `grondslag batch`, once: name -> the result object of its line."""
    path = tmp_path_factory.mktemp("audit") / "cases.jsonl"
    path.write_text("".join(json.dumps(case) + "\n" for case, _ in CASES.values()), encoding="utf-8")
    result = CliRunner().invoke(cli_main, ["batch", str(PW), "--cases", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(CASES)
    return dict(zip(CASES, lines))


@pytest.mark.parametrize("name", list(CASES))
def test_case_from_the_text(batch, name):
    out = batch[name]
    assert out["regulation"]["id"] == "reintegratie-participatiewet-kader"
    for decision, (value, label, missing) in CASES[name][1].items():
        got = out["decisions"][decision]
        if isinstance(value, int) and not isinstance(value, bool):
            assert isinstance(got["value"], list) and len(got["value"]) == value, (decision, got)
        else:
            assert got["value"] == value, (decision, got)
        if label is not None:
            assert got["citations"][0]["label"] == label, (decision, got["citations"])
        assert got["missing"] == missing, (decision, got)


@pytest.mark.parametrize("case, message", [
    ({"peildatum": "2014-12-31", "behoort_tot_doelgroep": True}, "in force from 2015-01-01"),
    ({"peildatum": "2015-06-01", "woont_in_gemeente": True}, "woont_in_gemeente"),
    ({"peildatum": "2015-06-01", "behoort_tot_doelgroep": "ja"}, "behoort_tot_doelgroep"),
    ({"peildatum": "2015-06-01", "geboortedatum": "2020-01-01"}, "geboortedatum"),
])
def test_bad_input_is_exit_2_naming_the_field(cli, write_case, case, message):
    r = cli("eval", PW, "--case", write_case(case), "--format", "json")
    assert r.exit_code == 2
    assert message in r.stderr
    assert "Traceback" not in r.output


def test_support_follows_the_doelgroep_and_the_voorziening_also_the_pensionable_age():
    # the recorded reading (lezing in 1-re-integratie.rules): the opdracht of Re-integratie
    # names the doelgroep only; Verdeling's voorziening also asks 'jonger dan de
    # pensioengerechtigde leeftijd' (Werk boven inkomen)
    pw = interpreter.load(PW)
    res = pw.evaluate({"geboortedatum": "1940-01-01", "behoort_tot_doelgroep": True,
                       "voorziening_noodzakelijk_voor_arbeidsinschakeling": True}, "2016-06-01")
    assert res[WBI_D].value is False
    assert res[ONDERSTEUNING].value is True
    assert res[VOORZIENING].value is False
