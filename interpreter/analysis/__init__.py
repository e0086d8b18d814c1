"""Proof for drafters (`grondslag analyse`) and counterfactuals ('wat moet anders?') on Z3.

A tool package: it reads the checked model and evaluates cases through the engine;
the engine never imports it.
"""

from interpreter.analysis.counterfactual import WhyNot, why_not
from interpreter.analysis.findings import Finding, Report, analyse

__all__ = ["analyse", "why_not", "Finding", "Report", "WhyNot"]
