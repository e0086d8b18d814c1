"""Artikel 6 (Sluitende aanpak): lid 1, set aside by lid 2 (volledige ontheffing)."""

import pytest

LID1, LID2 = ("6", 1, None), ("6", 2, None)


def cites(decision):
    return [(c.article, c.paragraph, c.item) for c in decision.citations]


@pytest.mark.parametrize("uitkering", ["wwb", "ioaw", "ioaz"])
@pytest.mark.parametrize("ontheffing", ["geen", "gedeeltelijk"])
def test_every_beneficiary_gets_an_offer(decide, uitkering, ontheffing):
    # lezing: only a full exemption sets lid 1 aside; a partial one does not
    d = decide({"uitkering": uitkering, "ontheffing_arbeidsverplichting": ontheffing,
                "woont_in_gemeente": True})["aanbod_voorziening"]
    assert d.value is True
    assert cites(d) == [LID1]
    assert d.citations[0].label == "artikel 6, eerste lid"


def test_full_exemption_sets_lid_1_aside(decide):
    d = decide({"uitkering": "wwb", "ontheffing_arbeidsverplichting": "volledig"})["aanbod_voorziening"]
    assert d.value is False
    assert cites(d) == [LID2]
    assert d.citations[0].label == "artikel 6, tweede lid"


@pytest.mark.parametrize("uitkering", ["anw", "geen"])
def test_no_offer_for_non_beneficiaries(decide, uitkering):
    d = decide({"uitkering": uitkering, "ontheffing_arbeidsverplichting": "geen"})["aanbod_voorziening"]
    assert d.value is False
    assert cites(d) == [LID1]


def test_exemption_unknown_for_beneficiary(decide):
    d = decide({"uitkering": "wwb", "woont_in_gemeente": True})["aanbod_voorziening"]
    assert d.value is None
    assert d.citations == ()
    assert d.missing == ("ontheffing_arbeidsverplichting",)


def test_non_beneficiary_decided_without_knowing_the_exemption(decide):
    d = decide({"uitkering": "geen"})["aanbod_voorziening"]
    assert d.value is False
    assert d.missing == ()
    # lid 1 gives no offer to a non-beneficiary; lid 2 might apply too, but did not give the value
    assert cites(d) == [LID1]


def test_benefit_unknown(decide):
    d = decide({"ontheffing_arbeidsverplichting": "geen", "woont_in_gemeente": True})["aanbod_voorziening"]
    assert d.value is None
    assert d.missing == ("uitkering",)


def test_full_exemption_decides_even_if_benefit_unknown(decide):
    d = decide({"ontheffing_arbeidsverplichting": "volledig"})["aanbod_voorziening"]
    assert d.value is False
    assert cites(d) == [LID2]


@pytest.mark.parametrize("uitkering", ["geen", "anw"])
def test_full_exemption_of_someone_lid_1_does_not_concern_rests_on_lid_1(decide, uitkering):
    """Lid 2 excepts from lid 1 ('Het eerste lid is niet van toepassing op ...'): for someone who
    is no uitkeringsgerechtigde, lid 1 offers nothing, and the exemption has nothing to except."""
    d = decide({"uitkering": uitkering, "ingeschreven_als_werkzoekende": True, "woont_in_gemeente": True,
                "ontheffing_arbeidsverplichting": "volledig"})["aanbod_voorziening"]
    assert d.value is False
    assert cites(d) == [LID1]


@pytest.mark.parametrize("woont, value, first", [(True, True, LID1), (False, False, ("2", 1, None))])
def test_residence_limits_the_offer(decide, woont, value, first):
    """lezing (artikel 2, eerste lid, issue 8): artikel 40 WWB applies to the offer of lid 1 too."""
    d = decide({"uitkering": "ioaw", "ontheffing_arbeidsverplichting": "geen", "woont_in_gemeente": woont})
    assert d["aanbod_voorziening"].value is value
    assert cites(d["aanbod_voorziening"])[0] == first


def test_residence_unknown_leaves_the_offer_open(decide):
    d = decide({"uitkering": "wwb", "ontheffing_arbeidsverplichting": "geen"})["aanbod_voorziening"]
    assert d.value is None and d.missing == ("woont_in_gemeente",)
