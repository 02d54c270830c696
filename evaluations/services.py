"""Writes of the yearly report. Every section page saves through ``evaluation_section_save``:
it locks the report row, refuses a report that is no longer editable, refuses a stale page
(someone else saved the same section since it was opened), then calls the one service that
writes each part of the section, all in one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone

from budgets.services import budget_get_or_create, budget_lists_copy
from departments.audit import audit_record
from departments.models import AuditAction, Department, FiscalYear
from departments.services import ordered_rows_replace, profile_copy, profile_get_or_create

from .completeness import section_fingerprint
from .models import Evaluation, KeyWorkItem, PerformanceGoal
from .outlines.selectors import outline_applicable, outline_for
from .sections import REGISTRY, section_for
from .sections.audit import section_save_audit
from .selectors import evaluation_queryset, report_bundle
from .summary_store import summary_refresh
from .workflow import WorkflowError, evaluation_lock_for_edit

__all__ = ["SectionBusy", "SectionConflict", "WorkflowError", "evaluation_section_save", "evaluation_start"]

# Narratives that carry over to next year's draft. The ``*_override`` texts restate figures of
# their year, so they are not copied.
COPIED_NARRATIVES = ("project_fund_management", "goal_rationality_analysis", "output_analysis", "problems_and_measures")


class SectionConflict(Exception):
    """Someone else saved this section after the page was opened."""

    def __init__(self, *, saved_at, fingerprint: str):
        self.saved_at = saved_at
        self.fingerprint = fingerprint
        when = timezone.localtime(saved_at).strftime("%Y年%m月%d日 %H:%M:%S")
        self.message = (
            f"未保存：在您打开本页之后，本部分已被其他人修改并保存（报告最近一次保存于 {when}）。"
            "为避免覆盖对方的内容，您的修改没有保存，仍保留在下面的表单中。"
            "请在新窗口中打开本页查看对方保存的内容；如确认以您填写的内容为准，再次点击保存即可覆盖。"
        )
        super().__init__(self.message)


class SectionBusy(Exception):
    """Another save of this report holds the lock longer than the database waits (SQLite under load)."""

    message = "未保存：其他人正在保存本报告，请稍候几秒再点击保存。您填写的内容仍保留在下面的表单中。"


def evaluation_narratives_save(*, evaluation: Evaluation, values: dict, user=None) -> Evaluation:
    """Set the report's own texts (narratives and overrides of drafted sentences)."""
    allowed = {name for section in REGISTRY.values() for name in section.narratives}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not narrative fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(evaluation, name, (value or "").strip())
    evaluation.full_clean()
    evaluation.save(update_fields=[*values, "updated_at"])
    return evaluation


def _rows(model, evaluation, rows):
    return ordered_rows_replace(model=model, parent_field="evaluation", parent=evaluation, rows=rows, fields=("text",))


def evaluation_section_save(
    *, evaluation: Evaluation, slug: str, data: dict, fingerprint: str, user=None
) -> Evaluation:
    """Save one section page, all or nothing.

    ``fingerprint`` is the section's fingerprint when the page was rendered; if the stored
    section differs now, ``SectionConflict`` is raised and nothing is written. Raises
    ``WorkflowError`` (with the reason) once the report has left the editable states,
    ``SectionBusy`` when SQLite gave up waiting for a concurrent save, and ``ValidationError``
    when a model refuses a value (the transaction is then rolled back).
    """
    if slug not in outline_for(evaluation).slugs:
        raise KeyError(slug)
    try:
        return _section_save_locked(evaluation=evaluation, slug=slug, data=data, fingerprint=fingerprint, user=user)
    except OperationalError as error:
        if "locked" in str(error):  # SQLite: a concurrent writer kept the lock past the timeout
            raise SectionBusy() from error
        raise


def _section_save_locked(*, evaluation: Evaluation, slug: str, data: dict, fingerprint: str, user) -> Evaluation:
    with transaction.atomic():
        locked = evaluation_lock_for_edit(evaluation)
        section = section_for(slug)
        bundle = report_bundle(evaluation_queryset().get(pk=locked.pk))
        current = section_fingerprint(bundle, section)
        if fingerprint != current:
            raise SectionConflict(saved_at=locked.updated_at, fingerprint=current)
        before = section.snapshot(bundle)
        section.save(bundle, data, user)
        # The narratives (or just the "last saved" time) of the report row, saved last.
        evaluation_narratives_save(evaluation=locked, values=data.get("narratives", {}), user=user)
        after = section.snapshot(report_bundle(evaluation_queryset().get(pk=locked.pk)))
        section_save_audit(evaluation=locked, section=section, before=before, after=after, user=user)
        summary_refresh(locked)
    return locked


@transaction.atomic
def evaluation_start(
    *, department: Department, fiscal_year: FiscalYear, copy_previous: bool = True, user=None
) -> Evaluation:
    """Create the department's report for ``fiscal_year``, optionally as a copy of its latest earlier report.

    Copied: the profile's texts (编制类型, 主要职责), 领导职数 and 内设机构, 重点工作, 绩效目标, the
    functional and project lines without amounts, and the narratives of 二（四）, 三 and 四. Not
    copied: any amount or head count, and the overrides of drafted sentences (they restate
    last year's figures).
    """
    if not fiscal_year.is_open:
        raise ValidationError(f"{fiscal_year.year}年度尚未开放填报，请联系财政局。")
    outline = outline_applicable(region_id=department.region_id, year=fiscal_year.year)
    evaluation = Evaluation(department=department, fiscal_year=fiscal_year, outline=outline)
    evaluation.full_clean()
    previous = None
    if copy_previous:
        previous = (
            evaluation_queryset()
            .filter(department=department, fiscal_year_id__lt=fiscal_year.year)
            .order_by("-fiscal_year")
            .first()
        )
    if previous is not None:
        for name in COPIED_NARRATIVES:
            setattr(evaluation, name, getattr(previous, name))
    evaluation.save()
    audit_record(
        department_id=department.pk,
        fiscal_year_id=fiscal_year.year,
        user=user,
        action=AuditAction.CREATE,
        object_label=str(evaluation),
        new_value=f"复制自{previous.fiscal_year_id}年度报告（不含金额）" if previous else "新建空白报告",
    )

    keys = {"department": department, "fiscal_year_id": fiscal_year.year}
    if previous is None:
        profile_get_or_create(**keys)
        budget_get_or_create(**keys)
    else:
        profile_copy(department=department, from_year=previous.fiscal_year_id, to_year=fiscal_year.year)
        budget_lists_copy(department=department, from_year=previous.fiscal_year_id, to_year=fiscal_year.year)
        _rows(KeyWorkItem, evaluation, [{"text": item.text} for item in previous.key_work_items.all()])
        _rows(PerformanceGoal, evaluation, [{"text": goal.text} for goal in previous.goals.all()])
    summary_refresh(evaluation)
    return evaluation


class SectionsInvalid(Exception):
    """Imported values a section's forms refuse: ``problems`` lists them in Chinese (nothing was saved)."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def evaluation_sections_import(
    *, evaluation: Evaluation, sections: dict, fingerprints: dict, user=None, source: str = "", summary: str = ""
) -> list[str]:
    """Save several sections at once from an import, all or nothing; returns the saved slugs.

    ``sections`` maps a slug to ``build(bundle) -> cleaned data`` (called inside the transaction,
    on the locked report, so the data is built from what is stored now; it raises
    ``SectionsInvalid`` for values a form refuses). ``fingerprints`` are the sections' fingerprints
    at the preview: if one differs now, ``SectionConflict`` is raised. Each section is saved
    through its own ``save`` and audited field by field like a form save, plus ONE 导入 event.
    """
    saved = []
    with transaction.atomic():
        locked = evaluation_lock_for_edit(evaluation)
        slugs = outline_for(locked).slugs
        for slug, build in sections.items():
            if slug not in slugs:
                raise KeyError(slug)
            section = section_for(slug)
            bundle = report_bundle(evaluation_queryset().get(pk=locked.pk))
            current = section_fingerprint(bundle, section)
            if fingerprints.get(slug) != current:
                raise SectionConflict(saved_at=locked.updated_at, fingerprint=current)
            data = build(bundle)
            before = section.snapshot(bundle)
            section.save(bundle, data, user)
            evaluation_narratives_save(evaluation=locked, values=data.get("narratives", {}), user=user)
            after = section.snapshot(report_bundle(evaluation_queryset().get(pk=locked.pk)))
            section_save_audit(evaluation=locked, section=section, before=before, after=after, user=user)
            saved.append(slug)
        audit_record(
            department_id=locked.department_id,
            fiscal_year_id=locked.fiscal_year_id,
            user=user,
            action=AuditAction.IMPORT,
            object_label=source[:200],
            new_value=summary,
        )
        summary_refresh(locked)
    return saved
