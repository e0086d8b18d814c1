"""Artikel 7 (Budget- en subsidieplafonds): lid 1 (budgetplafond), lid 2 (personenplafond)."""

ART7, LID1, LID2 = ("7", None, None), ("7", 1, None), ("7", 2, None)


def cites(decision):
    return [(c.article, c.paragraph, c.item) for c in decision.citations]


def plafond(decide, **facts):
    return decide(facts)["weigeringsgrond_plafond"]


def test_budgetplafond(decide):
    d = plafond(decide, budgetplafond_bereikt=True, personenplafond_bereikt=False)
    assert d.value is True
    assert cites(d) == [LID1]
    assert d.citations[0].label == "artikel 7, eerste lid, tweede volzin"


def test_personenplafond(decide):
    # lezing: the personenplafond is read as a ground for refusal, like the budgetplafond
    d = plafond(decide, budgetplafond_bereikt=False, personenplafond_bereikt=True)
    assert d.value is True
    assert cites(d) == [LID2]
    assert d.citations[0].label == "artikel 7, tweede lid"


def test_both_ceilings_cited_in_order(decide):
    d = plafond(decide, budgetplafond_bereikt=True, personenplafond_bereikt=True)
    assert d.value is True
    assert cites(d) == [LID1, LID2]


def test_no_ceiling_reached_cites_the_article(decide):
    d = plafond(decide, budgetplafond_bereikt=False, personenplafond_bereikt=False)
    assert d.value is False
    assert cites(d) == [ART7]
    assert d.citations[0].label == "artikel 7"


def test_one_ceiling_reached_decides_without_the_other(decide):
    d = plafond(decide, budgetplafond_bereikt=True)
    assert d.value is True
    assert cites(d) == [LID1]
    d = plafond(decide, personenplafond_bereikt=True)
    assert d.value is True
    assert cites(d) == [LID2]


def test_unknown(decide):
    d = plafond(decide, budgetplafond_bereikt=False)
    assert d.value is None
    assert d.missing == ("personenplafond_bereikt",)
    d = plafond(decide)
    assert d.value is None
    assert d.missing == ("budgetplafond_bereikt", "personenplafond_bereikt")
