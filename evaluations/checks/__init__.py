"""Consistency checks of a report (domain.md §5): one pure rule per module in ``rules/``.

``run_checks(snapshot)`` runs every rule of ``registry.RULES`` over a ``ReportSnapshot`` and
returns the findings in outline order. Database-facing reads (findings of an evaluation with
their acknowledgements, findings per section for the forms, submission blockers) are in
``evaluations.checks.selectors``; the acknowledgement write is in ``evaluations.checks.services``.
"""

from .findings import ERROR, NOTE, WARNING, Figure, Finding
from .registry import RULES


def run_checks(report) -> list[Finding]:
    findings = [finding for rule in RULES for finding in rule.check(report)]
    return sorted(findings, key=Finding.sort_key)


__all__ = ["ERROR", "NOTE", "RULES", "WARNING", "Figure", "Finding", "run_checks"]
