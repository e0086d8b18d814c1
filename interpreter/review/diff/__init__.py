"""The semantic diff of two versions of a regulation, for reviewers.

A line diff of a .rules file says which characters moved; a reviewer needs to
know what changed in the law's terms and whom it affects. The pipeline, one
module a step:

- ``sides``: each side (a folder, a file, or a git revision) loaded and compiled;
- ``provisions``: provisions matched across the versions (added, removed,
  renumbered, law text changed, rule changed), with ``wording`` stating rule
  changes in domain terms ("grens voor gezinsinkomen: € 2.500,00 -> € 2.750,00");
- ``generate``: cases generated around every constant of either version, when
  the reviewer gives none;
- ``impact``: both versions evaluated on the same cases, counted per decision and
  explained by the changed provisions;
- ``report``: all of it together (``compare``, ``run``); ``render``: as text,
  Markdown or JSON.
"""

from interpreter.review.diff.generate import SEED, generate_cases
from interpreter.review.diff.cases import CasesError, GivenCase, read_cases
from interpreter.review.diff.impact import CaseFailure, DecisionImpact, Example, measure_impact
from interpreter.review.diff.provisions import (FLAG_RULE_ONLY, FLAG_TEXT_ONLY, DeclarationChange, ProvisionChange,
                                                compare_declarations, compare_provisions, match_provisions)
from interpreter.review.diff.render import render_json, render_markdown, render_text
from interpreter.review.diff.report import Report, compare, run
from interpreter.review.diff.sides import DiffError, Side, load_side, materialise
from interpreter.review.diff.wording import constant_changes, rule_changes, text_change

__all__ = ["SEED", "generate_cases", "CasesError", "GivenCase", "CaseFailure", "DecisionImpact", "Example", "measure_impact", "read_cases",
           "FLAG_RULE_ONLY", "FLAG_TEXT_ONLY", "DeclarationChange", "ProvisionChange", "compare_declarations",
           "compare_provisions", "match_provisions", "render_json", "render_markdown", "render_text", "Report",
           "compare", "run", "DiffError", "Side", "load_side", "materialise", "constant_changes", "rule_changes",
           "text_change"]
