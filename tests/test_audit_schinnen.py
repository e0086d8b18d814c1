"""An independent audit of the Schinnen encoding: cases written from the ordinance's text.

Each case states what the text says (value and the provision it rests on), so that a change
in the rules that departs from the text fails here. The first test is the one discrepancy
the audit found: the 'doelgroep van de wet' of artikel 8, derde lid, onder b, includes every
person with a nabestaanden- or halfwezenuitkering (artikel 7, eerste lid, onder a, WWB;
artikel 2, eerste lid, of the ordinance), not only the Anw-ers registered with the CWI.
"""

from __future__ import annotations

import json

import pytest

from conftest import assert_decision, cites

LID3 = ("8", 3, None)
ONDER_B = ("8", 3, "b")

# Takes part in a voorziening, complies, no work found, the voorziening contributes enough:
# only onder b could apply.
DEELNEMER = {
    "woont_in_gemeente": True, "gesubsidieerde_arbeid": False, "neemt_deel_aan_voorziening": True,
    "verplichtingen_nagekomen": True, "arbeid_aanvaard_zonder_voorziening": False,
    "voorziening_draagt_onvoldoende_bij": False,
}


def test_anw_recipient_not_registered_is_in_the_target_group_of_the_law(decide):
    """Artikel 8, derde lid, onder b: a resident with an Anw benefit stays in the doelgroep."""
    d = decide({**DEELNEMER, "uitkering": "anw", "ingeschreven_als_werkzoekende": False})["beeindiging_mogelijk"]
    assert d.value is False
    assert cites(d) == [LID3]


@pytest.mark.parametrize("facts, value, citations", [
    # registered Anw-er: in the doelgroep, as before
    ({"uitkering": "anw", "ingeschreven_als_werkzoekende": True}, False, [LID3]),
    # an Anw recipient who moved away is no longer in the doelgroep (artikel 2, eerste lid, tweede volzin)
    ({"uitkering": "anw", "ingeschreven_als_werkzoekende": False, "woont_in_gemeente": False}, True, [ONDER_B]),
    # no benefit, not registered, no subsidised work: outside every group
    ({"uitkering": "geen", "ingeschreven_als_werkzoekende": False}, True, [ONDER_B]),
    # a WWB recipient who moved away
    ({"uitkering": "wwb", "woont_in_gemeente": False}, True, [ONDER_B]),
    # a worker in subsidised work without benefit or registration
    ({"uitkering": "geen", "ingeschreven_als_werkzoekende": False, "gesubsidieerde_arbeid": True}, False, [LID3]),
])
def test_target_group_of_onder_b(decide, facts, value, citations):
    d = decide({**DEELNEMER, **facts})["beeindiging_mogelijk"]
    assert d.value is value
    assert cites(d) == citations


RESIDENT_WWB = {"woont_in_gemeente": True, "uitkering": "wwb", "voorliggende_voorziening_toereikend": False}

# (name, facts, date, decision, value, citations or None, missing or None)
AUDIT = [
    # artikel 4, vierde lid: 'meer bedraagt dan € 2.500,-'
    ("income exactly 2500", {**RESIDENT_WWB, "gezinsinkomen": "2500.00"}, "2010-06-01",
     "aanspraak_op_ondersteuning", True, [("4", 1, None)], []),
    ("income one cent over, wwb", {**RESIDENT_WWB, "gezinsinkomen": "2500.01"}, "2010-06-01",
     "aanspraak_op_ondersteuning", False, [("4", 4, None)], []),
    ("income one cent under, Nugger",
     {"woont_in_gemeente": True, "uitkering": "geen", "ingeschreven_als_werkzoekende": True,
      "gesubsidieerde_arbeid": False, "gezinsinkomen": "2499.99", "voorliggende_voorziening_toereikend": False},
     "2010-06-01", "aanspraak_op_ondersteuning", True, [("4", 1, None)], []),
    # artikel 4, vijfde lid, decided without the income
    ("prior provision, income unknown", {"woont_in_gemeente": True, "uitkering": "wwb",
                                         "voorliggende_voorziening_toereikend": True},
     "2010-06-01", "aanspraak_op_ondersteuning", False, [("4", 5, None)], []),
    ("prior provision unknown", {**RESIDENT_WWB, "voorliggende_voorziening_toereikend": None, "gezinsinkomen": "900"},
     "2010-06-01", "aanspraak_op_ondersteuning", None, None, ["voorliggende_voorziening_toereikend"]),
    # artikel 1, onder b: an Anw benefit without registration is no Anw-er, and gives no aanspraak
    ("Anw without registration",
     {"woont_in_gemeente": True, "uitkering": "anw", "ingeschreven_als_werkzoekende": False,
      "gesubsidieerde_arbeid": False, "gezinsinkomen": "1000", "voorliggende_voorziening_toereikend": False},
     "2010-06-01", "aanspraak_op_ondersteuning", False, [("4", 1, None)], []),
    # artikel 2, eerste lid, tweede volzin: residents only, whatever else is known
    ("non-resident, nothing else known", {"woont_in_gemeente": False}, "2010-06-01",
     "aanspraak_op_ondersteuning", False, [("2", 1, None)], []),
    ("residence unknown", {"uitkering": "wwb", "gezinsinkomen": "900", "voorliggende_voorziening_toereikend": False},
     "2010-06-01", "aanspraak_op_ondersteuning", None, None, ["woont_in_gemeente"]),
    # artikel 1, onder d: 'niet ouder dan 27 jaar'
    ("jongere the day before the 28th birthday", {"uitkering": "wwb", "geboortedatum": "1982-06-02"}, "2010-06-01",
     "jongere", True, [("1", 1, "d")], []),
    ("jongere on the 28th birthday", {"uitkering": "wwb", "geboortedatum": "1982-06-01"}, "2010-06-01",
     "jongere", False, None, []),
    ("a Nugger is no jongere", {"uitkering": "geen", "ingeschreven_als_werkzoekende": True,
                                "geboortedatum": "1990-01-01"}, "2010-06-01", "jongere", False, None, []),
    ("jongere without date of birth", {"uitkering": "wwb"}, "2010-06-01", "jongere", None, None, ["geboortedatum"]),
    # artikel 6
    ("partial exemption keeps the offer", {"woont_in_gemeente": True, "uitkering": "wwb",
                                           "ontheffing_arbeidsverplichting": "gedeeltelijk"},
     "2010-06-01", "aanbod_voorziening", True, [("6", 1, None)], []),
    ("full exemption, ioaz", {"woont_in_gemeente": True, "uitkering": "ioaz", "ontheffing_arbeidsverplichting": "volledig"},
     "2010-06-01", "aanbod_voorziening", False, [("6", 2, None)], []),
    ("exemption unknown", {"woont_in_gemeente": True, "uitkering": "wwb"}, "2010-06-01",
     "aanbod_voorziening", None, None, ["ontheffing_arbeidsverplichting"]),
    # artikel 5
    ("a Nugger is not obliged by lid 1", {"uitkering": "geen", "ingeschreven_als_werkzoekende": True,
                                          "voorziening_aangeboden": True},
     "2010-06-01", "gebruik_voorziening_verplicht", False, None, []),
    ("breach by a Nugger: no reduction", {"uitkering": "geen", "ingeschreven_als_werkzoekende": True,
                                          "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False},
     "2010-06-01", "verlaging_uitkering", False, None, []),
    ("breach by a Nugger: recovery", {"uitkering": "geen", "neemt_deel_aan_voorziening": True,
                                      "verplichtingen_nagekomen": False, "onjuiste_inlichtingen": False},
     "2010-06-01", "terugvordering_mogelijk", True, [("5", 4, None)], []),
    ("recovery on two grounds", {"uitkering": "geen", "neemt_deel_aan_voorziening": True,
                                 "verplichtingen_nagekomen": False, "onjuiste_inlichtingen": True},
     "2010-06-01", "terugvordering_mogelijk", True, [("5", 4, None), ("8", 4, None)], []),
    # artikel 5, vijfde lid: the power presupposes a reduction or a recovery under lid 3 or 4
    ("special circumstances without breach", {"uitkering": "wwb", "neemt_deel_aan_voorziening": True,
                                              "verplichtingen_nagekomen": True, "bijzondere_omstandigheden": True},
     "2010-06-01", "afwijking_mogelijk", False, None, []),
    ("special circumstances, only artikel 8 lid 4", {"uitkering": "wwb", "neemt_deel_aan_voorziening": False,
                                                     "onjuiste_inlichtingen": True, "bijzondere_omstandigheden": True},
     "2010-06-01", "afwijking_mogelijk", False, None, []),
    ("special circumstances with breach", {"uitkering": "anw", "neemt_deel_aan_voorziening": True,
                                           "verplichtingen_nagekomen": False, "bijzondere_omstandigheden": True},
     "2010-06-01", "afwijking_mogelijk", True, [("5", 5, None)], []),
    # artikel 8, derde lid: a power to end a voorziening presupposes one
    ("work accepted, no voorziening", {"neemt_deel_aan_voorziening": False, "arbeid_aanvaard_zonder_voorziening": True},
     "2010-06-01", "beeindiging_mogelijk", False, None, []),
    # artikel 7
    ("budget ceiling, other unknown", {"budgetplafond_bereikt": True}, "2010-06-01",
     "weigeringsgrond_plafond", True, [("7", 1, None)], []),
    ("person ceiling", {"budgetplafond_bereikt": False, "personenplafond_bereikt": True}, "2010-06-01",
     "weigeringsgrond_plafond", True, [("7", 2, None)], []),
    # artikel 2, vierde lid: 'jonger dan 12 jaar'
    ("child the day before its 12th birthday", {"kinderen": [{"geboortedatum": "1998-06-02"}],
                                                "opvang_nodig_voor_traject": True},
     "2010-06-01", "kinderopvang_bevorderen", True, [("2", 4, None)], []),
    ("child on its 12th birthday", {"kinderen": [{"geboortedatum": "1998-06-01"}], "opvang_nodig_voor_traject": True},
     "2010-06-01", "kinderopvang_bevorderen", False, None, []),
    ("no children", {"kinderen": [], "opvang_nodig_voor_traject": True}, "2010-06-01",
     "kinderopvang_bevorderen", False, None, []),
    ("children unknown, care not needed", {"opvang_nodig_voor_traject": False}, "2010-06-01",
     "kinderopvang_bevorderen", False, None, []),
    # artikel 11 and the end of the ordinance: the first and the last day
    ("first day in force", {**RESIDENT_WWB, "gezinsinkomen": "900"}, "2004-11-01",
     "aanspraak_op_ondersteuning", True, [("4", 1, None)], []),
    ("last day in force", {**RESIDENT_WWB, "gezinsinkomen": "900"}, "2014-12-31",
     "aanspraak_op_ondersteuning", True, [("4", 1, None)], []),
]


@pytest.mark.parametrize("name, facts, date, decision, value, citations, missing", AUDIT,
                         ids=[row[0] for row in AUDIT])
def test_audit_case(decide, name, facts, date, decision, value, citations, missing):
    assert_decision(decide(facts, date)[decision], value, citations, missing)


@pytest.mark.parametrize("peildatum", ["2004-10-31", "2015-01-01"])
def test_no_version_in_force_is_a_usage_error(cli, schinnen_path, tmp_path, peildatum):
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"peildatum": peildatum, "uitkering": "wwb"}), encoding="utf-8")
    r = cli("eval", schinnen_path, "--case", case, "--format", "json")
    assert r.exit_code == 2
    assert "2004-11-01" in r.stderr and "2015-01-01" in r.stderr
