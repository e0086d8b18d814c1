"""Artikel 8 (Algemene bepalingen over voorzieningen): lid 3 onder a-d (beëindiging), lid 4 (terugvordering)."""

import itertools

import pytest

LID3 = ("8", 3, None)
ITEMS = {"a": ("8", 3, "a"), "b": ("8", 3, "b"), "c": ("8", 3, "c"), "d": ("8", 3, "d")}

# No ground at all: participates, complies, in the target group (wwb), no other work, contributes enough.
NO_GROUND = {
    "uitkering": "wwb", "ingeschreven_als_werkzoekende": False, "gesubsidieerde_arbeid": False,
    "woont_in_gemeente": True, "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": True,
    "arbeid_aanvaard_zonder_voorziening": False, "voorziening_draagt_onvoldoende_bij": False,
}
# The facts that make each ground apply.
GROUND = {
    "a": {"verplichtingen_nagekomen": False},
    "b": {"uitkering": "geen"},  # no longer in the target group
    "c": {"arbeid_aanvaard_zonder_voorziening": True},
    "d": {"voorziening_draagt_onvoldoende_bij": True},
}


def cites(decision):
    return [(c.article, c.paragraph, c.item) for c in decision.citations]


def beeindiging(decide, case):
    return decide(case)["beeindiging_mogelijk"]


def test_no_ground_cites_lid_3(decide):
    d = beeindiging(decide, NO_GROUND)
    assert d.value is False
    assert cites(d) == [LID3]
    assert d.citations[0].label == "artikel 8, derde lid"


@pytest.mark.parametrize("item", "abcd")
def test_each_ground_cited_by_item(decide, item):
    d = beeindiging(decide, {**NO_GROUND, **GROUND[item]})
    assert d.value is True
    assert cites(d) == [ITEMS[item]]
    # the power sits in the opening words of lid 3 ('kan een voorziening beëindigen:')
    assert d.citations[0].label == f"artikel 8, derde lid, aanhef en onder {item}"


@pytest.mark.parametrize("items", [
    "".join(c) for n in (2, 3, 4) for c in itertools.combinations("abcd", n)
])
def test_several_grounds_cited_in_order(decide, items):
    case = dict(NO_GROUND)
    for item in items:
        case.update(GROUND[item])
    d = beeindiging(decide, case)
    assert d.value is True
    assert cites(d) == [ITEMS[i] for i in items]


@pytest.mark.parametrize("case", [
    {"uitkering": "anw", "ingeschreven_als_werkzoekende": True},
    {"uitkering": "geen", "ingeschreven_als_werkzoekende": True},
    {"uitkering": "geen", "gesubsidieerde_arbeid": True},
], ids=["anw-er", "nugger", "gesubsidieerde-arbeid"])
def test_target_group_of_onder_b(decide, case):
    # lezing: the target group of the law is read as the persons of artikel 4, eerste lid
    d = beeindiging(decide, {**NO_GROUND, **case})
    assert d.value is False
    assert cites(d) == [LID3]


def test_onder_a_and_b_need_participation(decide):
    d = beeindiging(decide, {**NO_GROUND, "neemt_deel_aan_voorziening": False, "verplichtingen_nagekomen": False,
                             "uitkering": "geen"})
    assert d.value is False
    assert cites(d) == [LID3]


def test_onder_c_decides_when_only_participation_is_known(decide):
    # a power to end a voorziening presupposes one: participation is needed (issue 8)
    d = beeindiging(decide, {"neemt_deel_aan_voorziening": True, "arbeid_aanvaard_zonder_voorziening": True})
    assert d.value is True
    assert cites(d) == [ITEMS["c"]]
    assert beeindiging(decide, {"arbeid_aanvaard_zonder_voorziening": True}).value is None


def test_unknown_names_what_is_missing(decide):
    case = {**NO_GROUND}
    del case["voorziening_draagt_onvoldoende_bij"]
    d = beeindiging(decide, case)
    assert d.value is None
    assert d.citations == ()
    assert d.missing == ("voorziening_draagt_onvoldoende_bij",)


# ------------------------------------------------------------------ lid 4


def test_terugvordering_onjuiste_inlichtingen(decide):
    d = decide({"onjuiste_inlichtingen": True})["terugvordering_mogelijk"]
    assert d.value is True
    assert cites(d) == [("8", 4, None)]
    assert d.citations[0].label == "artikel 8, vierde lid"


def test_terugvordering_without_onjuiste_inlichtingen_falls_to_art_5(decide):
    d = decide({"onjuiste_inlichtingen": False, "neemt_deel_aan_voorziening": False})["terugvordering_mogelijk"]
    assert d.value is False
    assert cites(d) == [("5", 4, None)]
