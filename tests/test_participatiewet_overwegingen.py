"""The circumstances the college must weigh (a list of considerations, each cited to its alinea),
and the provision that only the college's judgement can grant (paragraaf Verdeling)."""

import pytest

import interpreter

from conftest import RULES

PW = RULES / "participatiewet"
DATE = "2015-06-01"

FACTS = ["heeft_zorgtaken", "behoort_tot_doelgroep_loonkostensubsidie", "maakt_gebruik_van_beschut_werk",
         "heeft_structurele_functionele_beperking", "beheerst_nederlandse_taal_onvoldoende", "alleenstaande_ouder"]
NONE = {f: False for f in FACTS}

MAATWERK_2 = {"article": None, "paragraph": None, "item": None, "label": "onder het kopje 'Maatwerk', tweede alinea",
              "section": "Maatwerk", "alinea": 2}
MAATWERK_3 = {"article": None, "paragraph": None, "item": None, "label": "onder het kopje 'Maatwerk', derde alinea",
              "section": "Maatwerk", "alinea": 3}
VERDELING_2 = {"article": None, "paragraph": None, "item": None, "label": "onder het kopje 'Verdeling', tweede alinea",
               "section": "Verdeling", "alinea": 2}

ITEMS = {
    "heeft_zorgtaken": {"text": "de zorgtaken van belanghebbende", "citation": VERDELING_2},
    "behoort_tot_doelgroep_loonkostensubsidie": {
        "text": "het feit dat belanghebbende tot de doelgroep loonkostensubsidie behoort", "citation": VERDELING_2},
    "maakt_gebruik_van_beschut_werk": {
        "text": "het feit dat belanghebbende gebruik maakt van de voorziening beschut werk", "citation": VERDELING_2},
    "heeft_structurele_functionele_beperking": {
        "text": "de structurele functionele beperking van belanghebbende", "citation": VERDELING_2},
    "beheerst_nederlandse_taal_onvoldoende": {
        "text": "het beter leren beheersen van de Nederlandse taal, naast deelname aan een re-integratietraject",
        "citation": MAATWERK_2},
    "alleenstaande_ouder": {
        "text": "de situatie van belanghebbende als alleenstaande ouder, zodat de afstand tot de arbeidsmarkt niet "
                "toeneemt door een te lange afwezigheid uit het arbeidsproces",
        "citation": MAATWERK_3},
}
# the order of the regulation: Maatwerk before Verdeling
ORDER = ["beheerst_nederlandse_taal_onvoldoende", "alleenstaande_ouder", "heeft_zorgtaken",
         "behoort_tot_doelgroep_loonkostensubsidie", "maakt_gebruik_van_beschut_werk",
         "heeft_structurele_functionele_beperking"]


@pytest.fixture(scope="module")
def pw():
    return interpreter.load(PW)


FLOOR = ("article", "paragraph", "item", "label", "section", "alinea")


def _floor(citation: dict) -> dict:
    """The citation fields of the interface floor; the machine references are tested in
    test_fidelity_citations.py."""
    return {k: v for k, v in citation.items() if k in FLOOR}


def json_of(cli, write_case, case, *extra):
    extra = extra or ("--no-derivation",)
    r = cli("eval", PW, "--case", write_case({"peildatum": DATE, **case}), "--format", "json", *extra)
    assert r.exit_code == 0, r.output
    out = r.json()["decisions"]
    d = out.get("te_wegen_omstandigheden")
    if d is not None:
        d["citations"] = [_floor(c) for c in d["citations"]]
        if isinstance(d["value"], list):
            d["value"] = [{**v, "citation": _floor(v["citation"])} for v in d["value"]]
    return out


@pytest.mark.parametrize("fact", FACTS)
def test_each_circumstance_alone(cli, write_case, fact):
    d = json_of(cli, write_case, {**NONE, fact: True})["te_wegen_omstandigheden"]
    assert d["value"] == [ITEMS[fact]]
    assert d["citations"] == [ITEMS[fact]["citation"]]
    assert d["missing"] == []


def test_no_circumstances_is_an_empty_list(cli, write_case):
    d = json_of(cli, write_case, NONE)["te_wegen_omstandigheden"]
    assert d == {"value": [], "citations": [], "missing": []}


def test_all_circumstances_in_the_order_of_the_regulation(cli, write_case):
    d = json_of(cli, write_case, {f: True for f in FACTS})["te_wegen_omstandigheden"]
    assert d["value"] == [ITEMS[f] for f in ORDER]
    assert d["citations"] == [MAATWERK_2, MAATWERK_3, VERDELING_2]


def test_unknown_circumstance_leaves_the_list_open(pw):
    """A half list would read in a letter as the whole one: null, and missing names what is needed."""
    d = pw.evaluate({**NONE, "heeft_zorgtaken": True, "alleenstaande_ouder": None,
                     "maakt_gebruik_van_beschut_werk": None}, DATE)["te_wegen_omstandigheden"]
    assert d.value is None
    assert d.missing == ("maakt_gebruik_van_beschut_werk", "alleenstaande_ouder")
    steps = {s.text: s.status for s in d.derivation().steps}
    assert steps["de zorgtaken van belanghebbende"] == "beslissend"


def test_nothing_known(pw):
    d = pw.evaluate({}, DATE)["te_wegen_omstandigheden"]
    assert d.value is None
    assert d.missing == tuple(FACTS)


def test_text_explanation_lists_the_circumstances(cli, write_case):
    case = write_case({"peildatum": DATE, **NONE, "heeft_zorgtaken": True, "alleenstaande_ouder": True})
    r = cli("eval", PW, "--case", case, "--format", "text")
    assert r.exit_code == 0
    text = r.stdout
    assert ("te wegen omstandigheden:\n"
            "  - de situatie van belanghebbende als alleenstaande ouder, zodat de afstand tot de arbeidsmarkt "
            "niet toeneemt door een te lange afwezigheid uit het arbeidsproces (onder het kopje 'Maatwerk', derde alinea)\n"
            "  - de zorgtaken van belanghebbende (onder het kopje 'Verdeling', tweede alinea)\n") in text


def test_text_explanation_when_open(cli, write_case):
    case = write_case({"peildatum": DATE, "heeft_zorgtaken": True})
    r = cli("eval", PW, "--case", case, "--format", "text")
    assert "te wegen omstandigheden: onbekend" in r.stdout
    assert "Nodig: behoort tot doelgroep loonkostensubsidie" in r.stdout
    assert "Vast staat al:\n  - de zorgtaken van belanghebbende (onder het kopje 'Verdeling', tweede alinea)" in r.stdout


def test_text_explanation_when_empty(cli, write_case):
    r = cli("eval", PW, "--case", write_case({"peildatum": DATE, **NONE}), "--format", "text")
    assert "te wegen omstandigheden: geen" in r.stdout


def test_derivation_carries_the_text(cli, write_case):
    d = json_of(cli, write_case, {**NONE, "heeft_zorgtaken": True}, "--derivation")["te_wegen_omstandigheden"]
    rules = d["derivation"]["rules"]
    assert [r["kind"] for r in rules] == ["overweging"] * 6
    assert [r["status"] for r in rules].count("beslissend") == 1
    assert rules[2]["text"] == "de zorgtaken van belanghebbende"


# ------------------------------------------------------------------ Verdeling: the college's call


def test_the_judgement_is_an_oordeel(pw):
    model = pw.versions[0].program.model
    f = model.fact("voorziening_noodzakelijk_voor_arbeidsinschakeling")
    assert f.judgement is True
    assert model.fact("behoort_tot_doelgroep").judgement is False
    verdeling = next(p for p in model.provisions if p.citation.section == "Verdeling" and p.citation.alinea == 1)
    assert any("oordeel van het college" in " ".join(r.text.split()) for r in verdeling.readings)


@pytest.mark.parametrize("doelgroep, noodzakelijk, value, missing", [
    (True, True, True, []),
    (True, False, False, []),
    (False, True, False, []),
    (False, False, False, []),
    (False, None, False, []),  # outside the target group: whatever the college thinks
    (True, None, None, ["voorziening_noodzakelijk_voor_arbeidsinschakeling"]),
    (None, True, None, ["behoort_tot_doelgroep"]),
    (None, None, None, ["behoort_tot_doelgroep", "voorziening_noodzakelijk_voor_arbeidsinschakeling"]),
])
def test_voorziening_aanbieden(cli, write_case, doelgroep, noodzakelijk, value, missing):
    case = {k: v for k, v in {"behoort_tot_doelgroep": doelgroep,
                              "voorziening_noodzakelijk_voor_arbeidsinschakeling": noodzakelijk}.items()
            if v is not None}
    case["geboortedatum"] = "1980-01-01"  # younger than the pensionable age (see test below)
    d = json_of(cli, write_case, case)["voorziening_aanbieden"]
    assert d["value"] is value
    assert d["missing"] == missing
    if value is not None:
        assert d["citations"][0]["label"] == "onder het kopje 'Verdeling', eerste alinea"
        assert d["citations"][0]["section"] == "Verdeling" and d["citations"][0]["alinea"] == 1
    else:
        assert d["citations"] == []


@pytest.mark.parametrize("born, value, missing", [
    ("1952-11-20", False, ()),  # past the pensionable age on the peildatum (2018-11-20)
    ("1952-11-21", True, ()),
    (None, None, ("geboortedatum",)),
])
def test_voorziening_aanbieden_and_the_pensionable_age(pw, born, value, missing):
    """lezing (issue 8): a voorziening 'noodzakelijk voor de arbeidsinschakeling' presupposes
    someone for whom Werk boven inkomen holds: younger than the pensionable age."""
    case = {"behoort_tot_doelgroep": True, "voorziening_noodzakelijk_voor_arbeidsinschakeling": True}
    if born:
        case["geboortedatum"] = born
    d = pw.evaluate(case, "2018-11-20")["voorziening_aanbieden"]
    assert (d.value, d.missing) == (value, missing)


def test_the_judgement_is_never_computed(pw):
    """No rule gives the oordeel a value: it is an input of the case, not a decision."""
    model = pw.versions[0].program.model
    assert model.decision("voorziening_noodzakelijk_voor_arbeidsinschakeling") is None
    assert not model.rules_for("voorziening_noodzakelijk_voor_arbeidsinschakeling")


def test_judgement_missing_in_text(cli, write_case):
    r = cli("eval", PW, "--case", write_case({"peildatum": DATE, "behoort_tot_doelgroep": True}), "--format", "text")
    text = r.stdout
    assert "voorziening aanbieden: onbekend" in text
    after = text[text.rindex("voorziening aanbieden: onbekend"):]
    assert "Nodig" in after and "voorziening noodzakelijk voor arbeidsinschakeling" in after


def test_fact_of_the_case_vocabulary_is_checked(cli, write_case):
    r = cli("eval", PW, "--case", write_case({"peildatum": DATE, "heeft_zorgtaak": True}), "--format", "json")
    assert r.exit_code == 2
    assert "heeft_zorgtaak" in r.stderr and "heeft_zorgtaken" in r.stderr
