"""Applying a previewed import to a report: the one write path shared by the browser and the command.

Inside one transaction: lock the report and refuse it if it is no longer editable
(``evaluations.workflow``), write through ``budgets.importing.budget_import_apply`` (the section
save services), then record the change of every section exactly like a form save does
(``evaluations.sections.audit``) and touch the report's "last saved" time. Any refusal rolls back
everything.
"""

from django.db import transaction

from budgets.importing import ImportPreview, budget_import_apply, budget_import_prepare
from budgets.importing.layout import Layout
from evaluations.models import Evaluation
from evaluations.outlines.selectors import outline_for
from evaluations.sections import REGISTRY
from evaluations.sections.audit import section_save_audit
from evaluations.selectors import evaluation_queryset, report_bundle
from evaluations.services import evaluation_narratives_save
from evaluations.summary_store import summary_refresh
from evaluations.workflow import evaluation_lock_for_edit

# Which section each imported sheet writes: declared by the sections (``Section.excel_sheets``).
SHEET_SECTIONS = {sheet: section for section in REGISTRY.values() for sheet in section.excel_sheets}


def evaluation_layout(evaluation: Evaluation) -> Layout:
    """The workbook sheets of the report's outline (export, template and import agree on it)."""
    return outline_for(evaluation).excel_layout()


def evaluation_budget_import_prepare(*, evaluation: Evaluation, data: bytes) -> ImportPreview:
    """Check and read a workbook for the report, in the layout of its outline. Writes nothing."""
    return budget_import_prepare(
        department=evaluation.department,
        fiscal_year_id=evaluation.fiscal_year_id,
        data=data,
        layout=evaluation_layout(evaluation),
    )


def evaluation_budget_import(*, evaluation: Evaluation, state: dict, baseline: str, user=None, source: str = ""):
    """Save a previewed import into the report's budget data; returns the names of the changed sheets.

    Raises ``WorkflowError`` (report locked), ``ImportConflict`` (data changed since the preview)
    or ``ValidationError`` (a model refused a value); in each case nothing is saved.
    """
    with transaction.atomic():
        locked = evaluation_lock_for_edit(evaluation)
        before_bundle = report_bundle(evaluation_queryset().get(pk=locked.pk))
        before = {sheet: section.snapshot(before_bundle) for sheet, section in SHEET_SECTIONS.items()}
        saved = budget_import_apply(
            department=locked.department,
            fiscal_year_id=locked.fiscal_year_id,
            state=state,
            baseline=baseline,
            user=user,
            source=source,
            layout=evaluation_layout(locked),
        )
        evaluation_narratives_save(evaluation=locked, values={}, user=user)  # the "last saved" time
        after_bundle = report_bundle(evaluation_queryset().get(pk=locked.pk))
        for sheet in saved:
            section = SHEET_SECTIONS[sheet]
            after = section.snapshot(after_bundle)
            section_save_audit(evaluation=locked, section=section, before=before[sheet], after=after, user=user)
        summary_refresh(locked)
    return saved
