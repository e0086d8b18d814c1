"""Provisions that are not executable: marked with a reason, and a clean `grondslag check`."""

import pytest

from dsl.citation import Citation

# Every provision the 2004 rule files mark 'niet uitvoerbaar' (as the encoding reads the ordinance).
NOT_EXECUTABLE = [
    ("1", 1, "e"), ("1", 1, "f"), ("1", 1, "g"), ("1", 1, "h"), ("1", 1, "i"), ("1", 1, "j"), ("1", 1, "k"),
    ("1", 1, "l"),
    ("2", 2, None), ("2", 3, None),
    ("3", 1, None), ("3", 2, None), ("3", 3, None),
    ("4", 2, None), ("4", 3, None),
    ("6", 3, None),
    ("7", 1, None, 1),  # the first volzin: the power to set ceilings; the second makes one a ground to refuse
    ("8", 1, None), ("8", 2, None),
    ("10", None, None), ("11", None, None),
]


def _cit(key) -> Citation:
    """(article, lid, onderdeel[, volzin]) -> its Citation."""
    return Citation(*key[:3], sentence=key[3] if len(key) > 3 else None)


@pytest.fixture(scope="module")
def model(schinnen):
    return schinnen.versions[0].program.model


def _provision(model, key):
    cit = _cit(key)
    found = [p for p in model.provisions if p.citation == cit]
    assert found, f"{cit.label} is not in the model"
    return found[0]


@pytest.mark.parametrize("key", NOT_EXECUTABLE, ids=lambda k: _cit(k).label)
def test_marked_with_a_reason(model, key):
    p = _provision(model, key)
    assert p.not_executable is not None
    assert len(p.not_executable.strip()) > 20  # a real reason, not a placeholder
    assert not p.encoded
    assert p.text  # the law text is there beside the reason


@pytest.mark.parametrize("article", ["3", "10", "11"])
def test_articles_without_decisions_are_wholly_not_executable(model, article):
    provisions = [p for p in model.provisions if p.citation.article == article]
    assert provisions
    leaves = [p for p in provisions if not p.has_children]
    assert leaves and all(p.not_executable for p in leaves)
    assert not any(r.citation.article == article for r in model.rules)
    assert not any(d.provision is not None and d.provision.article == article for d in model.decisions)


def test_no_other_provision_is_not_executable(model):
    marked = {p.citation for p in model.provisions if p.not_executable is not None}
    assert marked == {_cit(k) for k in NOT_EXECUTABLE}


def test_every_leaf_provision_is_encoded_or_not_executable(model):
    for p in model.provisions:
        if p.kind == "paragraaf" or p.has_children:
            continue
        assert p.encoded or p.not_executable is not None, p.citation.label


def test_not_executable_provisions_do_not_decide(schinnen, decide):
    res = decide({"uitkering": "wwb", "woont_in_gemeente": True})
    cited = {(c.article, c.paragraph, c.item) for d in res.decisions.values() for c in d.citations}
    assert not cited & set(NOT_EXECUTABLE)


def test_check_gives_no_error_and_no_warning(cli, schinnen_path):
    r = cli("check", schinnen_path)
    assert r.exit_code == 0, r.output
    assert "error:" not in r.output
    assert "warning:" not in r.output
    assert "0 errors, 0 warnings" in r.stderr


def test_check_json_is_empty(cli, schinnen_path):
    r = cli("check", schinnen_path, "--format", "json")
    assert r.exit_code == 0
    assert r.json() == []


def test_load_has_no_warnings(schinnen):
    assert schinnen.warnings == ()
