"""Artikel 9 (Hardheidsclausule)."""

import pytest


@pytest.mark.parametrize("onbillijk", [True, False])
def test_hardheidsclausule(decide, onbillijk):
    d = decide({"onbillijkheid_van_overwegende_aard": onbillijk})["hardheidsclausule_van_toepassing"]
    assert d.value is onbillijk
    c = d.citations[0]
    assert (c.article, c.paragraph, c.item) == ("9", None, None)
    assert c.label == "artikel 9"


def test_hardheidsclausule_unknown(decide):
    d = decide({})["hardheidsclausule_van_toepassing"]
    assert d.value is None
    assert d.citations == ()
    assert d.missing == ("onbillijkheid_van_overwegende_aard",)


def test_hardheidsclausule_sets_no_other_decision_aside(decide):
    # lezing: the college 'kan' deviate; no other decision changes
    base = {"woont_in_gemeente": True, "uitkering": "wwb", "ingeschreven_als_werkzoekende": True,
            "gesubsidieerde_arbeid": False, "gezinsinkomen": "9000", "voorliggende_voorziening_toereikend": False}
    without = decide({**base, "onbillijkheid_van_overwegende_aard": False})
    with_ = decide({**base, "onbillijkheid_van_overwegende_aard": True})
    for name, d in without.decisions.items():
        if name != "hardheidsclausule_van_toepassing":
            assert with_[name].value == d.value, name
            assert with_[name].citations == d.citations, name
