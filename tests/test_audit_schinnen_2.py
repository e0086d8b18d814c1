"""A second, adversarial audit of the Schinnen encoding: cases written from the ordinance's text.

The first audit is tests/test_audit_schinnen.py; these cases do not repeat it. They go deeper
on artikel 4 (every lid, the income limit at a cent either side, unknown facts), artikel 5
(the duties, the reduction, the recovery, and the power of lid 5 that presupposes them),
artikel 6, artikel 7, artikel 9 and artikel 2, vierde lid (children on the peildatum).

The one discrepancy fixed is in `missing` of artikel 5, vijfde lid: the benefit a person
receives can never change whether the college may deviate (every case of lid 3 is a case of
lid 4, which holds for every participant), so it must not be asked for.
"""

from __future__ import annotations

import json

import pytest

from conftest import assert_decision, cites

P = "2010-06-01"
RESIDENT = {"woont_in_gemeente": True}
NUGGER = {"uitkering": "geen", "ingeschreven_als_werkzoekende": True}
CHILD_11 = {"geboortedatum": "1998-06-02"}  # 12 on 2010-06-02


@pytest.mark.parametrize("facts, value, missing", [
    # only the special circumstances known: participation and compliance decide, not the benefit
    ({"bijzondere_omstandigheden": True}, None, ["neemt_deel_aan_voorziening", "verplichtingen_nagekomen"]),
    ({"bijzondere_omstandigheden": True, "neemt_deel_aan_voorziening": True}, None, ["verplichtingen_nagekomen"]),
    ({"verplichtingen_nagekomen": False, "bijzondere_omstandigheden": True}, None, ["neemt_deel_aan_voorziening"]),
    ({}, None, ["neemt_deel_aan_voorziening", "verplichtingen_nagekomen", "bijzondere_omstandigheden"]),
    # a breach with the benefit unknown: lid 4 commands a recovery whatever the benefit
    ({"neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False, "bijzondere_omstandigheden": True},
     True, []),
])
def test_deviation_of_lid_5_never_asks_for_the_benefit(decide, facts, value, missing):
    """Artikel 5, vijfde lid: 'missing' names only facts that can still change the value."""
    d = decide(facts)["afwijking_mogelijk"]
    assert d.value is value
    assert list(d.missing) == missing


# (name, facts, decision, value, citations or None, missing or None, first label or None)
AUDIT = [
    # artikel 4, vierde lid: 'bovenbedoelde personen' are all of lid 1 (lezing), at a cent either side
    ("Anw-er one cent over", {**RESIDENT, "uitkering": "anw", "ingeschreven_als_werkzoekende": True,
                              "gezinsinkomen": "2500.01", "voorliggende_voorziening_toereikend": False},
     "aanspraak_op_ondersteuning", False, [("4", 4, None)], [], "artikel 4, vierde lid"),
    ("Anw-er exactly at the limit", {**RESIDENT, "uitkering": "anw", "ingeschreven_als_werkzoekende": True,
                                     "gezinsinkomen": "2500.00", "voorliggende_voorziening_toereikend": False},
     "aanspraak_op_ondersteuning", True, [("4", 1, None)], [], "artikel 4, eerste lid"),
    ("subsidised worker one cent over", {**RESIDENT, "uitkering": "geen", "ingeschreven_als_werkzoekende": False,
                                         "gesubsidieerde_arbeid": True, "gezinsinkomen": "2500.01",
                                         "voorliggende_voorziening_toereikend": False},
     "aanspraak_op_ondersteuning", False, [("4", 4, None)], [], None),
    ("a tenth of a cent over", {**RESIDENT, "uitkering": "wwb", "gezinsinkomen": "2500.001",
                                "voorliggende_voorziening_toereikend": False},
     "aanspraak_op_ondersteuning", False, [("4", 4, None)], [], None),
    ("2500 as an integer is not more", {**RESIDENT, "uitkering": "wwb", "gezinsinkomen": 2500,
                                        "voorliggende_voorziening_toereikend": False},
     "aanspraak_op_ondersteuning", True, [("4", 1, None)], [], None),
    # artikel 4: what the facts given leave open, in declaration order
    ("beneficiary, nothing else", {**RESIDENT, "uitkering": "wwb"}, "aanspraak_op_ondersteuning",
     None, None, ["gezinsinkomen", "voorliggende_voorziening_toereikend"], None),
    ("Anw benefit, registration unknown", {**RESIDENT, "uitkering": "anw", "gezinsinkomen": "1000",
                                           "voorliggende_voorziening_toereikend": False},
     "aanspraak_op_ondersteuning", None, None, ["ingeschreven_als_werkzoekende", "gesubsidieerde_arbeid"], None),
    ("registered job seeker, benefit unknown: in a group either way",
     {**RESIDENT, "ingeschreven_als_werkzoekende": True, "gezinsinkomen": "1000",
      "voorliggende_voorziening_toereikend": False},
     "aanspraak_op_ondersteuning", True, [("4", 1, None)], [], None),
    ("income over the limit decides without the group", {**RESIDENT, "gezinsinkomen": "3000"},
     "aanspraak_op_ondersteuning", False, [("4", 4, None)], [], None),
    ("income over the limit decides without the residence", {"uitkering": "wwb", "gezinsinkomen": "3000"},
     "aanspraak_op_ondersteuning", False, [("4", 4, None)], [], None),
    ("prior provision decides without the residence",
     {"uitkering": "wwb", "voorliggende_voorziening_toereikend": True},
     "aanspraak_op_ondersteuning", False, [("4", 5, None)], [], "artikel 4, vijfde lid"),
    ("outside every group decides without the residence",
     {"uitkering": "geen", "ingeschreven_als_werkzoekende": False, "gesubsidieerde_arbeid": False},
     "aanspraak_op_ondersteuning", False, [("4", 1, None)], [], None),
    ("non-resident with a prior provision: both grounds",
     {"woont_in_gemeente": False, "uitkering": "wwb", "gezinsinkomen": "100",
      "voorliggende_voorziening_toereikend": True},
     "aanspraak_op_ondersteuning", False, [("2", 1, None), ("4", 5, None)], [],
     "artikel 2, eerste lid, tweede volzin"),
    ("Nugger with a prior provision", {**RESIDENT, **NUGGER, "gezinsinkomen": "100",
                                       "voorliggende_voorziening_toereikend": True},
     "aanspraak_op_ondersteuning", False, [("4", 5, None)], [], None),
    ("aged 80, on WWB: artikel 4 has no age limit (lezing)",
     {**RESIDENT, "uitkering": "wwb", "geboortedatum": "1930-01-01", "gezinsinkomen": "100",
      "voorliggende_voorziening_toereikend": False},
     "aanspraak_op_ondersteuning", True, [("4", 1, None)], [], None),
    # artikel 5, eerste lid: only a beneficiary to whom a voorziening is offered
    ("IOAW, offered", {"uitkering": "ioaw", "voorziening_aangeboden": True},
     "gebruik_voorziening_verplicht", True, [("5", 1, None)], [], "artikel 5, eerste lid"),
    ("Anw, offered", {"uitkering": "anw", "voorziening_aangeboden": True},
     "gebruik_voorziening_verplicht", False, None, [], None),
    ("offered, benefit unknown", {"voorziening_aangeboden": True},
     "gebruik_voorziening_verplicht", None, None, ["uitkering"], None),
    ("not offered, benefit unknown", {"voorziening_aangeboden": False},
     "gebruik_voorziening_verplicht", False, None, [], None),
    # artikel 5, derde en vierde lid
    ("IOAZ breach: reduction", {"uitkering": "ioaz", "neemt_deel_aan_voorziening": True,
                                "verplichtingen_nagekomen": False},
     "verlaging_uitkering", True, [("5", 3, None)], [], "artikel 5, derde lid"),
    ("breach, benefit unknown: reduction open", {"neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False},
     "verlaging_uitkering", None, None, ["uitkering"], None),
    ("breach, benefit unknown: recovery obliged", {"neemt_deel_aan_voorziening": True,
                                                  "verplichtingen_nagekomen": False},
     "terugvordering_verplicht", True, [("5", 4, None)], [], "artikel 5, vierde lid"),
    ("no participation: no reduction, whatever the benefit", {"neemt_deel_aan_voorziening": False},
     "verlaging_uitkering", False, None, [], None),
    ("no participation: recovery only on artikel 8, vierde lid", {"neemt_deel_aan_voorziening": False},
     "terugvordering_mogelijk", None, None, ["onjuiste_inlichtingen"], None),
    ("incorrect information only: may, not must", {"uitkering": "geen", "neemt_deel_aan_voorziening": True,
                                                  "verplichtingen_nagekomen": True, "onjuiste_inlichtingen": True},
     "terugvordering_verplicht", False, None, [], None),
    ("incorrect information only: recovery possible",
     {"uitkering": "geen", "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": True,
      "onjuiste_inlichtingen": True},
     "terugvordering_mogelijk", True, [("8", 4, None)], [], "artikel 8, vierde lid"),
    # artikel 5, vijfde lid
    ("breach, no special circumstances", {"uitkering": "wwb", "neemt_deel_aan_voorziening": True,
                                          "verplichtingen_nagekomen": False, "bijzondere_omstandigheden": False},
     "afwijking_mogelijk", False, None, [], None),
    ("breach, circumstances not judged", {"uitkering": "wwb", "neemt_deel_aan_voorziening": True,
                                          "verplichtingen_nagekomen": False},
     "afwijking_mogelijk", None, None, ["bijzondere_omstandigheden"], None),
    ("no breach, circumstances not judged", {"uitkering": "wwb", "neemt_deel_aan_voorziening": True,
                                             "verplichtingen_nagekomen": True},
     "afwijking_mogelijk", False, None, [], None),
    ("WWB breach with special circumstances", {"uitkering": "wwb", "neemt_deel_aan_voorziening": True,
                                               "verplichtingen_nagekomen": False, "bijzondere_omstandigheden": True},
     "afwijking_mogelijk", True, [("5", 5, None)], [], "artikel 5, vijfde lid"),
    # artikel 6
    ("non-resident with full exemption: both grounds",
     {"woont_in_gemeente": False, "uitkering": "wwb", "ontheffing_arbeidsverplichting": "volledig"},
     "aanbod_voorziening", False, [("2", 1, None), ("6", 2, None)], [], None),
    ("registered Anw-er, no exemption", {**RESIDENT, "uitkering": "anw", "ingeschreven_als_werkzoekende": True,
                                         "ontheffing_arbeidsverplichting": "geen"},
     "aanbod_voorziening", False, [("6", 1, None)], [], "artikel 6, eerste lid"),
    ("residence unknown, no exemption", {"uitkering": "ioaw", "ontheffing_arbeidsverplichting": "geen"},
     "aanbod_voorziening", None, None, ["woont_in_gemeente"], None),
    # artikel 7
    ("both ceilings reached", {"budgetplafond_bereikt": True, "personenplafond_bereikt": True},
     "weigeringsgrond_plafond", True, [("7", 1, None), ("7", 2, None)], [],
     "artikel 7, eerste lid, tweede volzin"),
    ("nothing known of the ceilings", {}, "weigeringsgrond_plafond", None, None,
     ["budgetplafond_bereikt", "personenplafond_bereikt"], None),
    ("budget not reached, persons unknown", {"budgetplafond_bereikt": False}, "weigeringsgrond_plafond",
     None, None, ["personenplafond_bereikt"], None),
    ("persons reached, budget unknown", {"personenplafond_bereikt": True}, "weigeringsgrond_plafond",
     True, [("7", 2, None)], [], "artikel 7, tweede lid"),
    # artikel 9
    ("no overriding unfairness", {"onbillijkheid_van_overwegende_aard": False},
     "hardheidsclausule_van_toepassing", False, None, [], None),
    ("unfairness: the clause, not an override of artikel 4",
     {**RESIDENT, "uitkering": "wwb", "gezinsinkomen": "3000", "onbillijkheid_van_overwegende_aard": True},
     "hardheidsclausule_van_toepassing", True, [("9", None, None)], [], "artikel 9"),
    ("unfairness leaves artikel 4 as it is",
     {**RESIDENT, "uitkering": "wwb", "gezinsinkomen": "3000", "onbillijkheid_van_overwegende_aard": True},
     "aanspraak_op_ondersteuning", False, [("4", 4, None)], [], None),
    # artikel 2, eerste lid: 'tot 65 jaar' is one group; another may still hold
    ("WWB on the 65th birthday: subsidised work still open",
     {**RESIDENT, "uitkering": "wwb", "geboortedatum": "1945-06-01"},
     "opdracht_ondersteuning", None, None, ["gesubsidieerde_arbeid"], None),
    ("WWB the day before the 65th birthday", {**RESIDENT, "uitkering": "wwb", "geboortedatum": "1945-06-02"},
     "opdracht_ondersteuning", True, [("2", 1, None)], [], "artikel 2, eerste lid, eerste volzin"),
]


@pytest.mark.parametrize("name, facts, decision, value, citations, missing, label", AUDIT,
                         ids=[row[0] for row in AUDIT])
def test_audit_case(decide, name, facts, decision, value, citations, missing, label):
    d = decide(facts, P)[decision]
    assert_decision(d, value, citations, missing)
    if label is not None:
        assert d.citations[0].label == label


# artikel 2, vierde lid: children 'jonger dan 12 jaar' on the peildatum
CHILDCARE = [
    ("leap-day child the day before its 12th birthday", [{"geboortedatum": "1996-02-29"}], True, "2008-02-28",
     True, []),
    ("leap-day child on its 12th birthday", [{"geboortedatum": "1996-02-29"}], True, "2008-02-29", False, []),
    ("child born on the peildatum", [{"geboortedatum": P}], True, P, True, []),
    ("no children, need unknown", [], None, P, False, []),
    ("children unknown, care needed", None, True, P, None, ["kinderen"]),
    ("young child, need unknown", [{"geboortedatum": "2005-01-01"}], None, P, None, ["opvang_nodig_voor_traject"]),
    ("only an older child, need unknown", [{"geboortedatum": "1990-01-01"}], None, P, False, []),
    ("a child without a date of birth", [{}], True, P, None, ["kinderen"]),
    ("a child whose date of birth is null", [{"geboortedatum": None}], True, P, None, ["kinderen"]),
    ("an unknown and a young child", [{"geboortedatum": None}, CHILD_11], True, P, True, []),
    ("an unknown and an older child", [{"geboortedatum": "1990-01-01"}, {}], True, P, None, ["kinderen"]),
    ("an unknown child, care not needed", [{}], False, P, False, []),
]


@pytest.mark.parametrize("name, kinderen, nodig, date, value, missing", CHILDCARE,
                         ids=[row[0] for row in CHILDCARE])
def test_childcare(decide, name, kinderen, nodig, date, value, missing):
    facts = {}
    if kinderen is not None:
        facts["kinderen"] = kinderen
    if nodig is not None:
        facts["opvang_nodig_voor_traject"] = nodig
    d = decide(facts, date)["kinderopvang_bevorderen"]
    assert d.value is value
    assert list(d.missing) == missing
    if value:
        assert d.citations[0].label == "artikel 2, vierde lid"


@pytest.mark.parametrize("amount, value", [(2500.01, False), (2499.99, True), (2500, True)])
def test_income_as_a_json_number_is_exact(cli, schinnen_path, tmp_path, amount, value):
    """The interface: money may be a JSON number, and is compared exactly at the limit."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"peildatum": P, **RESIDENT, **NUGGER, "gezinsinkomen": amount,
                                "voorliggende_voorziening_toereikend": False}), encoding="utf-8")
    r = cli("eval", schinnen_path, "--case", case, "--format", "json")
    assert r.exit_code == 0, r.output
    d = r.json()["decisions"]["aanspraak_op_ondersteuning"]
    assert d["value"] is value
    assert d["citations"][0]["label"] == ("artikel 4, eerste lid" if value else "artikel 4, vierde lid")


def test_child_born_after_the_peildatum_is_bad_input(cli, schinnen_path, tmp_path):
    """Not counted silently: exit 2, naming the field."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"peildatum": P, "kinderen": [{"geboortedatum": "2010-12-01"}],
                                "opvang_nodig_voor_traject": True}), encoding="utf-8")
    r = cli("eval", schinnen_path, "--case", case, "--format", "json")
    assert r.exit_code == 2
    assert "kinderen[0].geboortedatum" in r.stderr


def _text(cli, schinnen_path, tmp_path, facts) -> str:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"peildatum": P, **facts}), encoding="utf-8")
    r = cli("eval", schinnen_path, "--case", case, "--format", "text")
    assert r.exit_code == 0, r.output
    return r.stdout


def _block(out: str, head: str) -> str:
    """The explanation of one decision: from its heading to the blank line after it."""
    block = out[out.index(head):]
    return block[:block.index("\n\n")]


def test_text_motivates_the_income_limit(cli, schinnen_path, tmp_path):
    """The Dutch explanation a caseworker would quote: the ground, the text, the amount."""
    out = _text(cli, schinnen_path, tmp_path, {**RESIDENT, **NUGGER, "gesubsidieerde_arbeid": False,
                                               "gezinsinkomen": "2500.01",
                                               "voorliggende_voorziening_toereikend": False})
    block = _block(out, "aanspraak op ondersteuning: nee\n  Grond")
    assert "Grond: artikel 4, vierde lid (uitzondering op artikel 4, eerste lid)." in block
    assert "gezinsinkomen is € 2.500,01, en dat is meer dan € 2.500,00" in block
    assert "Nugger (artikel 1, onder c): ja" in block


def test_text_motivates_the_deviation_by_its_object(cli, schinnen_path, tmp_path):
    out = _text(cli, schinnen_path, tmp_path, {**NUGGER, "neemt_deel_aan_voorziening": True,
                                               "verplichtingen_nagekomen": False,
                                               "bijzondere_omstandigheden": True})
    block = _block(out, "afwijking mogelijk: ja\n  Grond")
    assert "Grond: artikel 5, vijfde lid." in block
    assert "+ bijzondere omstandigheden: ja" in block
    assert "+ terugvordering verplicht (artikel 5, vierde lid): ja" in block
