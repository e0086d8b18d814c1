"""Artikel 2 (Opdracht college): lid 1 (opdracht, tot 65 jaar; residents only), lid 4 (kinderopvang)."""

import datetime as dt

import pytest

# lid 1 holds two sentences: the task (eerste volzin) and residence (tweede volzin, artikel 40 WWB)
SENTENCE1, SENTENCE2, LID4 = ("2", 1, None, 1), ("2", 1, None, 2), ("2", 4, None, None)


def cite(decision):
    c = decision.citations[0]
    return (c.article, c.paragraph, c.item, c.sentence)


def cites(decision):
    return [(c.article, c.paragraph, c.item, c.sentence) for c in decision.citations]


RESIDENT_WWB = {"woont_in_gemeente": True, "uitkering": "wwb", "ingeschreven_als_werkzoekende": False,
                "gesubsidieerde_arbeid": False}

# ------------------------------------------------------------------ lid 1: opdracht_ondersteuning


def test_opdracht_day_before_65th_birthday(decide):
    d = decide({**RESIDENT_WWB, "geboortedatum": "1945-06-02"}, dt.date(2010, 6, 1))["opdracht_ondersteuning"]
    assert d.value is True
    assert cite(d) == SENTENCE1
    assert d.citations[0].label == "artikel 2, eerste lid, eerste volzin"


def test_opdracht_not_on_65th_birthday(decide):
    # lezing: 'tot 65 jaar' means younger than 65 on the peildatum
    d = decide({**RESIDENT_WWB, "geboortedatum": "1945-06-01"}, dt.date(2010, 6, 1))["opdracht_ondersteuning"]
    assert d.value is False
    assert cite(d) == SENTENCE1


@pytest.mark.parametrize("case", [
    {"uitkering": "anw", "ingeschreven_als_werkzoekende": False, "gesubsidieerde_arbeid": False},
    {"uitkering": "geen", "ingeschreven_als_werkzoekende": True, "gesubsidieerde_arbeid": False},
    {"uitkering": "geen", "ingeschreven_als_werkzoekende": False, "gesubsidieerde_arbeid": True},
], ids=["anw-without-registration", "nugger", "gesubsidieerde-arbeid"])
def test_opdracht_for_other_groups_has_no_age_limit(decide, case):
    d = decide({"woont_in_gemeente": True, "geboortedatum": "1930-01-01", **case})["opdracht_ondersteuning"]
    assert d.value is True
    assert cite(d) == SENTENCE1


def test_opdracht_for_ioaw_and_ioaz(decide):
    """lezing (issue 8): 'bijstandsgerechtigden' are the uitkeringsgerechtigden of art. 1 a."""
    for benefit in ("ioaw", "ioaz"):
        d = decide({**RESIDENT_WWB, "uitkering": benefit, "geboortedatum": "1960-01-01"})["opdracht_ondersteuning"]
        assert d.value is True
        assert cite(d) == SENTENCE1


def test_opdracht_not_for_non_resident(decide):
    d = decide({**RESIDENT_WWB, "woont_in_gemeente": False})["opdracht_ondersteuning"]
    assert d.value is False
    assert cite(d) == SENTENCE2
    assert d.missing == ()


def test_opdracht_unknown_age(decide):
    d = decide(RESIDENT_WWB)["opdracht_ondersteuning"]
    assert d.value is None
    assert d.missing == ("geboortedatum",)


def test_opdracht_leap_day_birthday_counts_on_1_march(decide):
    # born 29 February 1944: 65 on 1 March 2009 (2009 has no 29 February)
    case = {**RESIDENT_WWB, "geboortedatum": "1944-02-29"}
    assert decide(case, dt.date(2009, 2, 28))["opdracht_ondersteuning"].value is True
    assert decide(case, dt.date(2009, 3, 1))["opdracht_ondersteuning"].value is False


# ------------------------------------------------------------------ lid 1: non-residents and art. 4


def test_non_resident_has_no_aanspraak(decide):
    case = {**RESIDENT_WWB, "woont_in_gemeente": False, "gezinsinkomen": "1000.00",
            "voorliggende_voorziening_toereikend": False}
    d = decide(case)["aanspraak_op_ondersteuning"]
    assert d.value is False
    assert cites(d) == [SENTENCE2]
    assert d.citations[0].label == "artikel 2, eerste lid, tweede volzin"


def test_non_resident_decided_even_if_income_unknown(decide):
    d = decide({"uitkering": "wwb", "woont_in_gemeente": False})["aanspraak_op_ondersteuning"]
    assert d.value is False
    assert cite(d) == SENTENCE2
    assert d.missing == ()


# ------------------------------------------------------------------ lid 4: kinderopvang_bevorderen


def test_kinderopvang_child_day_before_12th_birthday(decide):
    case = {"kinderen": [{"geboortedatum": "1998-06-02"}], "opvang_nodig_voor_traject": True}
    d = decide(case, dt.date(2010, 6, 1))["kinderopvang_bevorderen"]
    assert d.value is True
    assert cite(d) == LID4
    assert d.citations[0].label == "artikel 2, vierde lid"


def test_kinderopvang_child_on_12th_birthday(decide):
    case = {"kinderen": [{"geboortedatum": "1998-06-01"}], "opvang_nodig_voor_traject": True}
    d = decide(case, dt.date(2010, 6, 1))["kinderopvang_bevorderen"]
    assert d.value is False
    assert cite(d) == LID4


def test_kinderopvang_one_young_child_among_older_ones_suffices(decide):
    case = {"kinderen": [{"geboortedatum": "1990-01-01"}, {"geboortedatum": "2005-01-01"}],
            "opvang_nodig_voor_traject": True}
    assert decide(case)["kinderopvang_bevorderen"].value is True


def test_kinderopvang_not_needed_for_traject(decide):
    case = {"kinderen": [{"geboortedatum": "2005-01-01"}], "opvang_nodig_voor_traject": False}
    d = decide(case)["kinderopvang_bevorderen"]
    assert d.value is False
    assert cite(d) == LID4


def test_kinderopvang_no_children(decide):
    d = decide({"kinderen": [], "opvang_nodig_voor_traject": True})["kinderopvang_bevorderen"]
    assert d.value is False
    assert cite(d) == LID4


def test_kinderopvang_no_children_decides_even_without_need(decide):
    d = decide({"kinderen": []})["kinderopvang_bevorderen"]
    assert d.value is False
    assert d.missing == ()


def test_kinderopvang_unknown(decide):
    d = decide({"opvang_nodig_voor_traject": True})["kinderopvang_bevorderen"]
    assert d.value is None
    assert d.missing == ("kinderen",)
    d = decide({"kinderen": [{"geboortedatum": "2005-01-01"}]})["kinderopvang_bevorderen"]
    assert d.value is None
    assert d.missing == ("opvang_nodig_voor_traject",)


def test_kinderopvang_child_without_birth_date(decide):
    d = decide({"kinderen": [{}], "opvang_nodig_voor_traject": True})["kinderopvang_bevorderen"]
    assert d.value is None
    assert d.missing == ("kinderen",)  # the fact; the derivation names the field
    assert any("kinderen[].geboortedatum" in step.missing for step in d.derivation().steps)
