"""What each section of the outline holds, read from a ``ReportBundle`` (no queries of its own).

- ``section_snapshot(bundle, slug)``: the section's stored data as plain JSON-able values. The
  section forms start from it, and its hash is the conflict fingerprint: two people who opened
  the same section see the same fingerprint until one of them saves (other sections don't count).
- ``section_missing(bundle, slug)``: what a complete section still needs, in the report's terms.
  The same rules make "保存" (not "保存草稿") refuse an incomplete section.
"""

import hashlib
import json
from dataclasses import dataclass

from budgets.forms import (
    ASSET_ROW_LABEL,
    BASIC_DATA_COLUMNS,
    BASIC_DATA_ROWS,
    BUDGET_TABLE_COLUMNS,
    BUDGET_TABLE_ROWS,
    THREE_PUBLIC_COLUMNS,
    basic_data_field_name,
)
from budgets.models import DepartmentBudget, ThreePublicKind, ThreePublicLine
from budgets.money import format_amount_table
from budgets.services import BASIC_DATA_FIELDS, BUDGET_TABLE_FIELDS
from departments.models import DepartmentProfile
from departments.services import PROFILE_FIELDS

from . import drafting
from .sections import SECTIONS, Section
from .selectors import ReportBundle

NARRATIVES = {
    "profile": ("profile_summary_override", "key_work_intro_override"),
    "spending": ("spending_summary_override",),
    "variance": ("variance_analysis_override",),
    "projects": ("project_fund_management", "project_implementation_override"),
    "performance": ("goal_rationality_analysis", "output_analysis"),
    "problems": ("problems_and_measures",),
}
# Narratives a complete section must have (the others are optional overrides of a draft).
REQUIRED_NARRATIVES = {
    "project_fund_management": "项目资金管理情况",
    "goal_rationality_analysis": "整体绩效目标合理性分析",
    "output_analysis": "整体绩效产出情况分析",
    "problems_and_measures": "存在的主要问题及改进措施或有关建议",
}
VARIANCE_PLACEHOLDER = "【请说明差异原因】"


def _amount(value) -> str | None:
    return None if value is None else format_amount_table(value)


def _narratives(bundle: ReportBundle, slug: str) -> dict:
    return {name: getattr(bundle.evaluation, name) for name in NARRATIVES.get(slug, ())}


def _budget(bundle: ReportBundle) -> DepartmentBudget:
    return bundle.budget or DepartmentBudget()


def _functional_lines(bundle):
    return list(bundle.budget.functional_lines.all()) if bundle.budget else []


def _project_lines(bundle):
    return list(bundle.budget.project_lines.all()) if bundle.budget else []


def _three_public(bundle) -> dict[str, ThreePublicLine]:
    lines = {line.kind: line for line in bundle.budget.three_public_lines.all()} if bundle.budget else {}
    return {kind: lines.get(kind) or ThreePublicLine(kind=kind) for kind in ThreePublicKind.values}


def section_snapshot(bundle: ReportBundle, slug: str) -> dict:
    evaluation = bundle.evaluation
    if slug == "profile":
        profile = bundle.profile or DepartmentProfile()
        return {
            "profile": {field: getattr(profile, field) for field in PROFILE_FIELDS},
            "posts": [{"id": p.pk, "title": p.title, "count": p.count} for p in profile.leadership_posts.all()]
            if bundle.profile
            else [],
            "divisions": [{"id": d.pk, "name": d.name} for d in profile.divisions.all()] if bundle.profile else [],
            "key_work": [{"id": k.pk, "text": k.text} for k in evaluation.key_work_items.all()],
            "narratives": _narratives(bundle, slug),
        }
    if slug == "spending":
        return {
            "lines": [
                {
                    "id": line.pk,
                    "category": line.category.code,
                    "display_name": line.display_name,
                    "amount": _amount(line.amount),
                }
                for line in _functional_lines(bundle)
            ],
            "narratives": _narratives(bundle, slug),
        }
    if slug == "goals":
        return {"goals": [{"id": g.pk, "text": g.text} for g in evaluation.goals.all()]}
    if slug == "budget-table":
        budget = _budget(bundle)
        return {"values": {field: _amount(getattr(budget, field)) for field in BUDGET_TABLE_FIELDS}}
    if slug == "three-public":
        return {
            "lines": {
                kind: {column: _amount(getattr(line, column)) for column, _ in THREE_PUBLIC_COLUMNS}
                for kind, line in _three_public(bundle).items()
            }
        }
    if slug == "projects":
        return {
            "lines": [
                {
                    "id": line.pk,
                    "name": line.name,
                    "category": line.category.code if line.category_id else None,
                    "initial": _amount(line.initial),
                    "adjusted": _amount(line.adjusted),
                    "actual": _amount(line.actual),
                    "purpose": line.purpose,
                    "management": line.management,
                    "is_key": line.is_key,
                }
                for line in _project_lines(bundle)
            ],
            "narratives": _narratives(bundle, slug),
        }
    if slug == "basic-data":
        budget = _budget(bundle)
        return {"values": {field: _amount(getattr(budget, field)) for field in BASIC_DATA_FIELDS}}
    if slug in NARRATIVES:
        return {"narratives": _narratives(bundle, slug)}
    raise KeyError(slug)


def section_fingerprint(bundle: ReportBundle, slug: str) -> str:
    text = json.dumps(section_snapshot(bundle, slug), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# ---------------------------------------------------------------- completeness

BUDGET_CELL_LABELS = {
    f"{col}_{row}": f"{row_label} {col_label}"
    for row, row_label in BUDGET_TABLE_ROWS
    for col, col_label in BUDGET_TABLE_COLUMNS
} | {f"asset_purchase_{col}": f"{ASSET_ROW_LABEL} {col_label}" for col, col_label in BUDGET_TABLE_COLUMNS}
BASIC_DATA_REQUIRED = {
    basic_data_field_name(row, column): f"{label} {column_label}"
    for row, label, required in BASIC_DATA_ROWS
    if required
    for column, column_label in BASIC_DATA_COLUMNS
} | {"carryover": "结转结余总额"}


def project_rows_required(budget: DepartmentBudget | None) -> bool:
    """Project lines are needed unless the department states 项目支出决算 of 0."""
    return budget is None or budget.project_actual is None or budget.project_actual != 0


def variance_problem(draft: str, override: str) -> str | None:
    """Why the 二（三） text cannot go into a finished report yet, or None."""
    text = drafting.overridable(override, draft)
    if VARIANCE_PLACEHOLDER in text:
        return "项目支出预决算数有差异，请说明差异原因"
    if drafting.MISSING in text:
        return "项目支出年初预算、调整预算和决算数（在“二（一）整体支出情况表”中填写）"
    return None


def section_missing(bundle: ReportBundle, slug: str) -> list[str]:
    evaluation = bundle.evaluation
    missing: list[str] = []
    if slug == "profile":
        profile = bundle.profile
        if profile is None or not profile.staffing_type:
            missing.append("编制类型")
        if profile is None or profile.staff_quota is None:
            missing.append("编制数")
        if profile is None or profile.staff_actual is None:
            missing.append("实有在职人数")
        if profile is None or not profile.duties.strip():
            missing.append("主要职责")
        if not list(evaluation.key_work_items.all()):
            missing.append("重点工作")
    elif slug == "spending":
        lines = _functional_lines(bundle)
        if not lines:
            missing.append("功能分类支出")
        elif any(line.amount is None for line in lines):
            missing.append("功能分类支出金额")
    elif slug == "goals":
        if not list(evaluation.goals.all()):
            missing.append("绩效目标")
    elif slug == "budget-table":
        budget = _budget(bundle)
        missing += [label for field, label in BUDGET_CELL_LABELS.items() if getattr(budget, field) is None]
    elif slug == "three-public":
        for kind, line in _three_public(bundle).items():
            label = ThreePublicKind(kind).label
            if line.budget_amount is None:
                missing.append(f"{label}预算数")
            if line.actual_amount is None:
                missing.append(f"{label}决算数")
    elif slug == "variance":
        problem = variance_problem(drafting.draft_variance_analysis(bundle), evaluation.variance_analysis_override)
        if problem:
            missing.append(problem)
    elif slug == "projects":
        lines = _project_lines(bundle)
        if not lines and project_rows_required(bundle.budget):
            missing.append("项目支出明细")
        if any(line.actual is None for line in lines):
            missing.append("项目决算数")
        if not evaluation.project_fund_management.strip():
            missing.append("项目资金管理情况")
    elif slug == "basic-data":
        budget = _budget(bundle)
        missing += [label for field, label in BASIC_DATA_REQUIRED.items() if getattr(budget, field) is None]
    if slug in ("performance", "problems"):
        missing += [
            label
            for name, label in REQUIRED_NARRATIVES.items()
            if name in NARRATIVES[slug] and not getattr(evaluation, name).strip()
        ]
    return missing


@dataclass(frozen=True)
class SectionStatus:
    section: Section
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def sections_status(bundle: ReportBundle) -> list[SectionStatus]:
    """Every section of the outline with what it still needs, in outline order."""
    return [SectionStatus(section, tuple(section_missing(bundle, section.slug))) for section in SECTIONS]


@dataclass(frozen=True)
class Completion:
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


def completion(bundle: ReportBundle) -> Completion:
    statuses = sections_status(bundle)
    return Completion(sum(s.complete for s in statuses), len(statuses))


def report_bundles(evaluations) -> dict[int, ReportBundle]:
    """Bundles of many reports in a fixed number of queries (for lists such as the home page).

    ``evaluations`` should come from ``evaluation_queryset()`` so goals and key work are prefetched.
    """
    evaluations = list(evaluations)
    departments = {e.department_id for e in evaluations}
    years = {e.fiscal_year_id for e in evaluations}
    profiles = {
        (p.department_id, p.fiscal_year_id): p
        for p in DepartmentProfile.objects.filter(
            department_id__in=departments, fiscal_year_id__in=years
        ).prefetch_related("leadership_posts", "divisions")
    }
    budgets = {
        (b.department_id, b.fiscal_year_id): b
        for b in DepartmentBudget.objects.filter(
            department_id__in=departments, fiscal_year_id__in=years
        ).prefetch_related("functional_lines__category", "project_lines__category", "three_public_lines")
    }
    return {
        e.pk: ReportBundle(
            evaluation=e,
            profile=profiles.get((e.department_id, e.fiscal_year_id)),
            budget=budgets.get((e.department_id, e.fiscal_year_id)),
        )
        for e in evaluations
    }
