"""Applying a previewed import to a report: the one write path shared by the browser and the command.

Inside one transaction: lock the report and refuse it if it is no longer editable
(``evaluations.workflow``), write through ``budgets.importing.budget_import_apply`` (the section
save services), then record the change of every section exactly like a form save does
(``evaluations.section_audit``) and touch the report's "last saved" time. Any refusal rolls back
everything.
"""

from django.db import transaction

from budgets.importing import budget_import_apply
from budgets.importing.layout import BASIC_DATA_TABLE, BUDGET_TABLE, FUNCTIONAL_LINES, PROJECT_LINES, THREE_PUBLIC_TABLE
from evaluations.models import Evaluation
from evaluations.section_audit import section_save_audit
from evaluations.section_data import section_snapshot
from evaluations.selectors import evaluation_queryset, report_bundle
from evaluations.services import evaluation_narratives_save
from evaluations.workflow import evaluation_lock_for_edit

# Which section of the report each imported sheet belongs to (evaluations.sections).
SHEET_SECTIONS = {
    BUDGET_TABLE.name: "budget-table",
    THREE_PUBLIC_TABLE.name: "three-public",
    FUNCTIONAL_LINES.name: "spending",
    PROJECT_LINES.name: "projects",
    BASIC_DATA_TABLE.name: "basic-data",
}


def evaluation_budget_import(*, evaluation: Evaluation, state: dict, baseline: str, user=None, source: str = ""):
    """Save a previewed import into the report's budget data; returns the names of the changed sheets.

    Raises ``WorkflowError`` (report locked), ``ImportConflict`` (data changed since the preview)
    or ``ValidationError`` (a model refused a value); in each case nothing is saved.
    """
    with transaction.atomic():
        locked = evaluation_lock_for_edit(evaluation)
        before_bundle = report_bundle(evaluation_queryset().get(pk=locked.pk))
        before = {slug: section_snapshot(before_bundle, slug) for slug in SHEET_SECTIONS.values()}
        saved = budget_import_apply(
            department=locked.department,
            fiscal_year_id=locked.fiscal_year_id,
            state=state,
            baseline=baseline,
            user=user,
            source=source,
        )
        evaluation_narratives_save(evaluation=locked, values={}, user=user)  # the "last saved" time
        after_bundle = report_bundle(evaluation_queryset().get(pk=locked.pk))
        for sheet in saved:
            slug = SHEET_SECTIONS[sheet]
            after = section_snapshot(after_bundle, slug)
            section_save_audit(evaluation=locked, slug=slug, before=before[slug], after=after, user=user)
    return saved
