"""Citations in the style of the Aanwijzingen voor de regelgeving, derived from where a rule sits."""

import pytest

from dsl.citation import Citation, ordinal


@pytest.mark.parametrize("n, word", [
    (1, "eerste"), (2, "tweede"), (3, "derde"), (4, "vierde"), (5, "vijfde"), (8, "achtste"), (10, "tiende"),
    (11, "elfde"), (12, "twaalfde"), (19, "negentiende"), (20, "twintigste"), (21, "eenentwintigste"),
    (22, "tweeëntwintigste"), (23, "drieëntwintigste"), (28, "achtentwintigste"), (31, "eenendertigste"),
])
def test_ordinals(n, word):
    assert ordinal(n) == word


@pytest.mark.parametrize("citation, label", [
    (Citation("4"), "artikel 4"),
    (Citation("4", 4), "artikel 4, vierde lid"),
    (Citation("8", 3, "a"), "artikel 8, derde lid, onder a"),
    (Citation("1", None, "d"), "artikel 1, onder d"),
    (Citation("10a", 2, "b"), "artikel 10a, tweede lid, onder b"),
    (Citation(None, None, None, "Werk boven inkomen", 2), "paragraaf Werk boven inkomen, tweede alinea"),
])
def test_labels(citation, label):
    assert citation.label == label
    d = citation.to_dict()
    assert d["label"] == label
    assert (d["article"], d["paragraph"], d["item"]) == (citation.article, citation.paragraph, citation.item)


def test_contains():
    assert Citation("4").contains(Citation("4", 1))
    assert Citation("4", 1).contains(Citation("4", 1))
    assert Citation("8", 3).contains(Citation("8", 3, "a"))
    assert not Citation("4", 1).contains(Citation("4", 4))
    assert not Citation("4").contains(Citation("40"))


def test_citations_in_the_model_follow_the_file(schinnen):
    model = schinnen.versions[0].program.model
    labels = [r.citation.label for r in model.rules_for("beeindiging_mogelijk")]
    # the power sits in the opening words of lid 3: 'aanhef en onder' (Aanwijzingen 3.29)
    assert labels == ["artikel 8, derde lid", "artikel 8, derde lid, aanhef en onder a",
                      "artikel 8, derde lid, aanhef en onder b", "artikel 8, derde lid, aanhef en onder c",
                      "artikel 8, derde lid, aanhef en onder d"]
