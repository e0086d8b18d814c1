"""Artikel 4 (Aanspraak op ondersteuning): lid 1, set aside by lid 4 (income), lid 5 (voorliggende
voorziening) and artikel 2, eerste lid (non-residents)."""

from decimal import Decimal

import pytest

LID1, LID4, LID5 = ("4", 1, None), ("4", 4, None), ("4", 5, None)
ART2_LID1 = ("2", 1, None)

FAVOURABLE = {
    "woont_in_gemeente": True, "uitkering": "wwb", "ingeschreven_als_werkzoekende": True,
    "gesubsidieerde_arbeid": False, "gezinsinkomen": "1200.00", "voorliggende_voorziening_toereikend": False,
}


def cites(decision):
    return [(c.article, c.paragraph, c.item) for c in decision.citations]


def aanspraak(decide, **changes):
    case = {**FAVOURABLE, **changes}
    return decide({k: v for k, v in case.items() if v is not None})["aanspraak_op_ondersteuning"]


# ------------------------------------------------------------------ lid 1


@pytest.mark.parametrize("group", [
    {"uitkering": "wwb", "ingeschreven_als_werkzoekende": False},
    {"uitkering": "ioaw", "ingeschreven_als_werkzoekende": False},
    {"uitkering": "ioaz", "ingeschreven_als_werkzoekende": False},
    {"uitkering": "anw", "ingeschreven_als_werkzoekende": True},
    {"uitkering": "geen", "ingeschreven_als_werkzoekende": True},
    {"uitkering": "geen", "ingeschreven_als_werkzoekende": False, "gesubsidieerde_arbeid": True},
], ids=["wwb", "ioaw", "ioaz", "anw-er", "nugger", "gesubsidieerde-arbeid"])
def test_each_group_of_lid_1_has_aanspraak(decide, group):
    d = aanspraak(decide, **group)
    assert d.value is True
    assert cites(d) == [LID1]
    assert d.citations[0].label == "artikel 4, eerste lid"
    assert d.missing == ()


def test_nobody_of_lid_1(decide):
    d = aanspraak(decide, uitkering="geen", ingeschreven_als_werkzoekende=False)
    assert d.value is False
    assert cites(d)[0] == LID1


@pytest.mark.parametrize("changes", [{"gezinsinkomen": "3000.00"}, {"voorliggende_voorziening_toereikend": True},
                                     {"woont_in_gemeente": False}], ids=["lid-4", "lid-5", "residence"])
def test_nobody_of_lid_1_is_refused_under_lid_1_not_under_an_exception(decide, changes):
    """Lid 4 ('bovenbedoelde personen'), lid 5 and the residence rule except from lid 1: for someone
    lid 1 gives nothing, they have nothing to except, and the answer rests on lid 1."""
    d = aanspraak(decide, uitkering="geen", ingeschreven_als_werkzoekende=False, **changes)
    assert d.value is False
    assert cites(d) == [LID1]


def test_anw_without_registration_has_no_aanspraak(decide):
    d = aanspraak(decide, uitkering="anw", ingeschreven_als_werkzoekende=False)
    assert d.value is False
    assert cites(d)[0] == LID1


# ------------------------------------------------------------------ lid 4: income boundary


@pytest.mark.parametrize("income", ["2500.00", "2500", Decimal("2500.00"), 2500])
def test_income_of_exactly_2500_is_not_more(decide, income):
    # lezing: 'meer bedraagt dan' -- precisely € 2.500,00 is not more
    d = aanspraak(decide, gezinsinkomen=income)
    assert d.value is True
    assert cites(d) == [LID1]


@pytest.mark.parametrize("income", ["2500.01", Decimal("2500.01"), "3000"])
def test_income_above_2500_sets_lid_1_aside(decide, income):
    d = aanspraak(decide, gezinsinkomen=income)
    assert d.value is False
    assert cites(d) == [LID4]
    assert d.citations[0].label == "artikel 4, vierde lid"


@pytest.mark.parametrize("group", [
    {"uitkering": "wwb"},
    {"uitkering": "geen", "ingeschreven_als_werkzoekende": False, "gesubsidieerde_arbeid": True},
], ids=["uitkeringsgerechtigde", "gesubsidieerde-arbeid"])
def test_income_limit_applies_to_all_persons_of_lid_1(decide, group):
    # lezing: the text ('bovenbedoelde personen'), not the toelichting (Nuggers and Anw-ers only)
    d = aanspraak(decide, gezinsinkomen="2500.01", **group)
    assert d.value is False
    assert cites(d)[0] == LID4


def test_income_above_threshold_decides_even_if_voorliggende_voorziening_unknown(decide):
    d = aanspraak(decide, gezinsinkomen="2500.01", voorliggende_voorziening_toereikend=None)
    assert d.value is False
    assert cites(d) == [LID4]
    assert d.missing == ()


def test_income_unknown_with_everything_else_favourable(decide):
    d = aanspraak(decide, gezinsinkomen=None)
    assert d.value is None
    assert d.citations == ()
    assert d.missing == ("gezinsinkomen",)


def test_income_unknown_but_not_needed_when_nobody_of_lid_1(decide):
    # without aanspraak under lid 1, the exceptions (which only take it away) cannot change the answer
    d = aanspraak(decide, uitkering="geen", ingeschreven_als_werkzoekende=False, gezinsinkomen=None,
                  voorliggende_voorziening_toereikend=None)
    assert d.value is False
    assert d.missing == ()


def test_everything_unknown_names_facts_in_declaration_order(decide):
    d = decide({})["aanspraak_op_ondersteuning"]
    assert d.value is None
    assert d.missing == ("uitkering", "ingeschreven_als_werkzoekende", "woont_in_gemeente",
                         "gesubsidieerde_arbeid", "gezinsinkomen", "voorliggende_voorziening_toereikend")


# ------------------------------------------------------------------ lid 5


def test_voorliggende_voorziening_sets_lid_1_aside(decide):
    d = aanspraak(decide, voorliggende_voorziening_toereikend=True)
    assert d.value is False
    assert cites(d) == [LID5]
    assert d.citations[0].label == "artikel 4, vijfde lid"


def test_voorliggende_voorziening_unknown(decide):
    d = aanspraak(decide, voorliggende_voorziening_toereikend=None)
    assert d.value is None
    assert d.missing == ("voorliggende_voorziening_toereikend",)


def test_income_and_voorliggende_voorziening_both_cited_in_order(decide):
    d = aanspraak(decide, gezinsinkomen="4000", voorliggende_voorziening_toereikend=True)
    assert d.value is False
    assert cites(d) == [LID4, LID5]


# ------------------------------------------------------------------ artikel 2, eerste lid


def test_non_resident_sets_lid_1_aside(decide):
    d = aanspraak(decide, woont_in_gemeente=False)
    assert d.value is False
    assert cites(d) == [ART2_LID1]


def test_non_resident_with_income_above_threshold_cites_both_in_regulation_order(decide):
    d = aanspraak(decide, woont_in_gemeente=False, gezinsinkomen="2500.01")
    assert d.value is False
    assert cites(d) == [ART2_LID1, LID4]
    assert [c.label for c in d.citations] == ["artikel 2, eerste lid, tweede volzin", "artikel 4, vierde lid"]


def test_residence_unknown(decide):
    d = aanspraak(decide, woont_in_gemeente=None)
    assert d.value is None
    assert d.missing == ("woont_in_gemeente",)


def test_derivation_shows_the_exception_set_lid_1_aside(decide):
    d = aanspraak(decide, gezinsinkomen="2500.01")
    steps = {(s.citation.article, s.citation.paragraph, s.kind): s for s in d.derivation().steps}
    base = steps[("4", 1, "regel")]
    assert base.applies is True
    assert [(c.article, c.paragraph) for c in base.set_aside_by] == [("4", 4)]
    assert steps[("4", 4, "uitzondering")].status == "beslissend"


def test_aanspraak_decided_whatever_the_benefit_when_registered(decide):
    """Three-valued logic alone leaves 'uitkeringsgerechtigde of nugger' open when the benefit is
    unknown; but a registered job seeker has aanspraak whatever the benefit (onder a, b or c)."""
    case = {**FAVOURABLE}
    del case["uitkering"]
    for u in ("wwb", "ioaw", "ioaz", "anw", "geen"):  # every completion agrees ...
        assert decide({**case, "uitkering": u})["aanspraak_op_ondersteuning"].value is True
    d = decide(case)["aanspraak_op_ondersteuning"]  # ... so the value is not open
    assert d.value is True
    assert d.missing == ()
    assert cites(d) == [LID1]


def test_aanspraak_open_when_the_benefit_matters(decide):
    # not registered: wwb/ioaw/ioaz give aanspraak, anw and geen do not
    case = {**FAVOURABLE, "ingeschreven_als_werkzoekende": False}
    del case["uitkering"]
    d = decide(case)["aanspraak_op_ondersteuning"]
    assert d.value is None
    assert d.missing == ("uitkering",)
