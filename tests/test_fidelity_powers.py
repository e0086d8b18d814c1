"""Issue 8, sections 2 and 3: powers presuppose their object; one reading per provision.

Each test sits at a boundary of one provision: the object of the power is there, or not.
"""

from __future__ import annotations

import pytest

from interpreter import CaseError

# A person who follows a voorziening and breaks its obligations, in the municipality.
BREACH = {"uitkering": "wwb", "woont_in_gemeente": True, "neemt_deel_aan_voorziening": True,
          "verplichtingen_nagekomen": False}
# A person who follows a voorziening and keeps its obligations.
KEEPS = {**BREACH, "verplichtingen_nagekomen": True}


# ------------------------------------------------------------ artikel 5, vijfde lid
def test_art5_lid5_deviation_needs_something_to_deviate_from(decide):
    d = decide({**KEEPS, "bijzondere_omstandigheden": True})
    assert d["verlaging_uitkering"].value is False and d["terugvordering_verplicht"].value is False
    assert d["afwijking_mogelijk"].value is False


def test_art5_lid5_deviation_from_lid3(decide):
    d = decide({**BREACH, "bijzondere_omstandigheden": True})
    assert d["verlaging_uitkering"].value is True
    assert d["afwijking_mogelijk"].value is True
    assert d["afwijking_mogelijk"].citations[0].label == "artikel 5, vijfde lid"


def test_art5_lid5_deviation_from_lid4_alone(decide):
    """A Nugger cannot have his benefit reduced (lid 3), but lid 4 obliges to reclaim."""
    d = decide({**BREACH, "uitkering": "geen", "bijzondere_omstandigheden": True})
    assert d["verlaging_uitkering"].value is False
    assert d["terugvordering_verplicht"].value is True
    assert d["afwijking_mogelijk"].value is True


def test_art5_lid5_no_special_circumstances(decide):
    assert decide({**BREACH, "bijzondere_omstandigheden": False})["afwijking_mogelijk"].value is False


def test_art5_lid5_open_when_lid3_and_4_are_open(decide):
    d = decide({"uitkering": "wwb", "bijzondere_omstandigheden": True})
    assert d["afwijking_mogelijk"].value is None
    assert "neemt_deel_aan_voorziening" in d["afwijking_mogelijk"].missing


# ------------------------------------------------------------ 'zal' and 'kan': reclaiming
def test_art5_lid4_obliges_to_reclaim(decide):
    d = decide(BREACH)
    assert d["terugvordering_mogelijk"].value is True and d["terugvordering_verplicht"].value is True
    assert d["terugvordering_verplicht"].citations[0].label == "artikel 5, vierde lid"


def test_art8_lid4_only_permits(decide):
    d = decide({**KEEPS, "onjuiste_inlichtingen": True})
    assert d["terugvordering_mogelijk"].value is True
    assert d["terugvordering_mogelijk"].citations[0].label == "artikel 8, vierde lid"
    assert d["terugvordering_verplicht"].value is False


# ------------------------------------------------------------ artikel 8, derde lid
@pytest.mark.parametrize("item, fact", [("c", "arbeid_aanvaard_zonder_voorziening"),
                                        ("d", "voorziening_draagt_onvoldoende_bij")])
def test_art8_lid3_ending_needs_a_voorziening(decide, item, fact):
    none = decide({"uitkering": "wwb", "woont_in_gemeente": True, "neemt_deel_aan_voorziening": False,
                   fact: True})
    assert none["beeindiging_mogelijk"].value is False
    one = decide({**KEEPS, "arbeid_aanvaard_zonder_voorziening": False,
                  "voorziening_draagt_onvoldoende_bij": False, fact: True})
    assert one["beeindiging_mogelijk"].value is True
    assert one["beeindiging_mogelijk"].citations[0].item == item
    assert one["beeindiging_mogelijk"].citations[0].label == f"artikel 8, derde lid, aanhef en onder {item}"


def test_art8_lid3_b_a_person_who_moved_away(decide):
    base = {**KEEPS, "arbeid_aanvaard_zonder_voorziening": False, "voorziening_draagt_onvoldoende_bij": False}
    moved = decide({**base, "woont_in_gemeente": False})["beeindiging_mogelijk"]
    assert moved.value is True and moved.citations[0].item == "b"
    assert decide(base)["beeindiging_mogelijk"].value is False


# ------------------------------------------------------------ artikel 2, eerste lid: one reading
@pytest.mark.parametrize("uitkering", ["ioaw", "ioaz", "wwb"])
def test_art2_lid1_uitkeringsgerechtigden_under_65(decide, uitkering):
    d = decide({"uitkering": uitkering, "woont_in_gemeente": True, "geboortedatum": "1950-01-01",
                "gesubsidieerde_arbeid": False, "gezinsinkomen": "1000", "voorliggende_voorziening_toereikend": False})
    assert d["opdracht_ondersteuning"].value is True
    assert d["aanspraak_op_ondersteuning"].value is True


def test_art2_lid1_age_limb_at_65(decide):
    case = {"uitkering": "ioaw", "woont_in_gemeente": True, "gesubsidieerde_arbeid": False}
    assert decide({**case, "geboortedatum": "1945-06-02"})["opdracht_ondersteuning"].value is True
    assert decide({**case, "geboortedatum": "1945-06-01"})["opdracht_ondersteuning"].value is False


def test_art2_lid1_residence_limits_opdracht_and_aanspraak(decide):
    d = decide({"uitkering": "ioaw", "woont_in_gemeente": False, "geboortedatum": "1950-01-01"})
    assert d["opdracht_ondersteuning"].value is False
    assert d["aanspraak_op_ondersteuning"].value is False
    assert d["aanspraak_op_ondersteuning"].citations[0].label == "artikel 2, eerste lid, tweede volzin"
    assert d["opdracht_ondersteuning"].citations[0].label == "artikel 2, eerste lid, tweede volzin"


# ------------------------------------------------------------ impossible facts are input errors
def test_birth_after_the_peildatum(decide, cli, write_case, schinnen_path):
    with pytest.raises(CaseError) as exc:
        decide({"geboortedatum": "2010-06-02"})
    assert exc.value.field == "geboortedatum"
    decide({"geboortedatum": "2010-06-01"})  # born on the day itself: possible
    r = cli("eval", schinnen_path, "--case", write_case({"peildatum": "2010-06-01", "geboortedatum": "2011-01-01"}))
    assert r.exit_code == 2 and "geboortedatum" in r.stderr and "Traceback" not in r.stderr


def test_child_born_after_the_peildatum(decide):
    with pytest.raises(CaseError) as exc:
        decide({"kinderen": [{"geboortedatum": "2001-01-01"}, {"geboortedatum": "2010-07-01"}]})
    assert exc.value.field == "kinderen[1].geboortedatum"


def test_batch_keeps_going_after_an_impossible_line(cli, tmp_path, schinnen_path):
    cases = tmp_path / "c.jsonl"
    cases.write_text('{"peildatum": "2010-06-01", "geboortedatum": "2011-01-01"}\n'
                     '{"peildatum": "2010-06-01", "uitkering": "wwb"}\n', encoding="utf-8")
    r = cli("batch", schinnen_path, "--cases", cases)
    lines = r.stdout.strip().splitlines()
    assert r.exit_code == 3 and len(lines) == 2 and '"line": 1' in lines[0] and "geboortedatum" in lines[0]
