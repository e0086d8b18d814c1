"""Artikel 5 (Verplichtingen van de cliënt): leden 1-5."""

import pytest


def cite(decision):
    c = decision.citations[0]
    return (c.article, c.paragraph, c.item)


def cites(decision):
    return [(c.article, c.paragraph, c.item) for c in decision.citations]


# ------------------------------------------------------------------ lid 1


@pytest.mark.parametrize("uitkering, aangeboden, expected", [
    ("wwb", True, True), ("ioaz", True, True), ("wwb", False, False), ("anw", True, False), ("geen", True, False),
])
def test_gebruik_voorziening_verplicht(decide, uitkering, aangeboden, expected):
    d = decide({"uitkering": uitkering, "voorziening_aangeboden": aangeboden})["gebruik_voorziening_verplicht"]
    assert d.value is expected
    assert cite(d) == ("5", 1, None)
    assert d.citations[0].label == "artikel 5, eerste lid"


def test_gebruik_voorziening_verplicht_unknown(decide):
    d = decide({"uitkering": "wwb"})["gebruik_voorziening_verplicht"]
    assert d.value is None
    assert d.missing == ("voorziening_aangeboden",)


# ------------------------------------------------------------------ lid 2


@pytest.mark.parametrize("deelname", [True, False])
def test_gehouden_aan_verplichtingen(decide, deelname):
    d = decide({"neemt_deel_aan_voorziening": deelname})["gehouden_aan_verplichtingen"]
    assert d.value is deelname
    assert cite(d) == ("5", 2, None)


def test_gehouden_aan_verplichtingen_unknown(decide):
    d = decide({})["gehouden_aan_verplichtingen"]
    assert d.value is None
    assert d.missing == ("neemt_deel_aan_voorziening",)


# ------------------------------------------------------------------ lid 3


def test_verlaging_when_beneficiary_breaks_obligations(decide):
    d = decide({"uitkering": "wwb", "neemt_deel_aan_voorziening": True,
                "verplichtingen_nagekomen": False})["verlaging_uitkering"]
    assert d.value is True
    assert cite(d) == ("5", 3, None)
    assert d.citations[0].label == "artikel 5, derde lid"


@pytest.mark.parametrize("case", [
    {"uitkering": "wwb", "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": True},
    {"uitkering": "wwb", "neemt_deel_aan_voorziening": False, "verplichtingen_nagekomen": False},
    {"uitkering": "anw", "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False},
    {"uitkering": "geen", "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False},
], ids=["complies", "no-participation", "anw-no-benefit-to-lower", "no-benefit"])
def test_no_verlaging(decide, case):
    d = decide(case)["verlaging_uitkering"]
    assert d.value is False
    assert cite(d) == ("5", 3, None)


def test_verlaging_unknown(decide):
    d = decide({"uitkering": "wwb", "neemt_deel_aan_voorziening": True})["verlaging_uitkering"]
    assert d.value is None
    assert d.missing == ("verplichtingen_nagekomen",)


def test_bijzondere_omstandigheden_do_not_set_verlaging_aside(decide):
    # lezing: lid 5 only says the college may deviate; it is a decision of its own
    res = decide({"uitkering": "wwb", "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False,
                  "bijzondere_omstandigheden": True})
    assert res["verlaging_uitkering"].value is True
    assert res["afwijking_mogelijk"].value is True


# ------------------------------------------------------------------ lid 4 (and artikel 8, vierde lid)


@pytest.mark.parametrize("uitkering", ["wwb", "anw", "geen"])
def test_terugvordering_lid_4_for_every_person(decide, uitkering):
    # lezing: the text ('de persoon'), so also for an uitkeringsgerechtigde
    d = decide({"uitkering": uitkering, "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False,
                "onjuiste_inlichtingen": False})["terugvordering_mogelijk"]
    assert d.value is True
    assert cites(d) == [("5", 4, None)]
    assert d.citations[0].label == "artikel 5, vierde lid"


def test_terugvordering_lid_4_decides_even_if_art_8_unknown(decide):
    d = decide({"neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False})["terugvordering_mogelijk"]
    assert d.value is True
    assert cites(d) == [("5", 4, None)]


def test_terugvordering_both_grounds_cited_in_order(decide):
    d = decide({"neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False,
                "onjuiste_inlichtingen": True})["terugvordering_mogelijk"]
    assert d.value is True
    assert cites(d) == [("5", 4, None), ("8", 4, None)]


def test_terugvordering_only_art_8_lid_4(decide):
    d = decide({"neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": True,
                "onjuiste_inlichtingen": True})["terugvordering_mogelijk"]
    assert d.value is True
    assert cites(d) == [("8", 4, None)]
    assert d.citations[0].label == "artikel 8, vierde lid"


def test_no_terugvordering(decide):
    d = decide({"neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": True,
                "onjuiste_inlichtingen": False})["terugvordering_mogelijk"]
    assert d.value is False
    assert cite(d) == ("5", 4, None)  # the 'anders onwaar' of lid 4


def test_terugvordering_unknown_when_art_8_lid_4_open(decide):
    d = decide({"neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": True})["terugvordering_mogelijk"]
    assert d.value is None
    assert d.missing == ("onjuiste_inlichtingen",)


def test_terugvordering_unknown_names_all_facts_in_order(decide):
    d = decide({})["terugvordering_mogelijk"]
    assert d.value is None
    assert d.missing == ("neemt_deel_aan_voorziening", "verplichtingen_nagekomen", "onjuiste_inlichtingen")


# ------------------------------------------------------------------ lid 5


BREACH = {"uitkering": "wwb", "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False}


@pytest.mark.parametrize("omstandigheden", [True, False])
def test_afwijking_mogelijk(decide, omstandigheden):
    """Where lid 3 (and 4) apply, deviation turns on the special circumstances (see also
    test_fidelity_powers.py: without lid 3 or 4 there is nothing to deviate from)."""
    d = decide({**BREACH, "bijzondere_omstandigheden": omstandigheden})["afwijking_mogelijk"]
    assert d.value is omstandigheden
    assert cite(d) == ("5", 5, None)
    assert d.citations[0].label == "artikel 5, vijfde lid"


def test_afwijking_unknown(decide):
    d = decide(BREACH)["afwijking_mogelijk"]
    assert d.value is None
    assert d.missing == ("bijzondere_omstandigheden",)
