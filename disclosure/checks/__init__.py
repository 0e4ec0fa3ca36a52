"""The rule catalog over the stored corpus (see catalog.py for what a rule is).

    catalog()              every rule, in catalog order
    run_checks(con)        check every stored report, replace the findings, return them
    review(con, id, ...)   confirm or dismiss a finding, with a note
"""
from . import arithmetic, copies, cross_year, hierarchy, narrative, peers, structure, text, timing, values  # noqa: F401  (register)
from .catalog import ERROR, INFO, SEVERITIES, SEVERITY_LABELS, WARNING, Finding, Rule, catalog, get  # noqa: F401
from .run import CheckRun, review, run_checks  # noqa: F401
