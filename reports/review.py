"""The reviewer's side: the district dashboard for a year, approval with a stored snapshot, and
serving what was approved byte for byte."""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache

from django.core import serializers
from django.db import transaction
from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.urls import reverse

from budgets.models import DepartmentBudget, FunctionalCategory
from budgets.money import format_amount_table
from departments.access import reviewable_departments
from departments.models import DepartmentProfile, FiscalYear
from evaluations.gates import approval_gate
from evaluations.models import Evaluation, EvaluationStatus, ReportSummary
from evaluations.scoring.models import ManualScore
from evaluations.scoring.services import scoring_freeze
from evaluations.selectors import evaluation_queryset
from evaluations.workflow import WorkflowError, evaluation_approve, refuse_if_blocked

from . import stored
from .models import ApprovedSnapshot
from .rendering import PdfError, render_report_pdf
from .stored import approved_name

logger = logging.getLogger(__name__)

NOT_STARTED = "not_started"
NOT_SUBMITTED_STATUSES = {NOT_STARTED, EvaluationStatus.DRAFT, EvaluationStatus.RETURNED}
STATUS_FILTERS = {NOT_STARTED: "未创建", **dict(EvaluationStatus.choices)}


@dataclass
class DashboardRow:
    department: object
    evaluation: Evaluation | None
    summary: ReportSummary | None = None  # the stored summary (score, grade, findings, completeness)

    @property
    def status(self) -> str:
        return self.evaluation.status if self.evaluation else NOT_STARTED

    @property
    def status_label(self) -> str:
        return STATUS_FILTERS[self.status]

    @property
    def submitted(self) -> bool:
        return self.status not in NOT_SUBMITTED_STATUSES

    @property
    def total_actual(self) -> Decimal | None:
        return self.summary.total_actual if self.summary else None

    @property
    def last_change(self) -> datetime | None:
        return self.summary.last_change if self.summary else None

    @property
    def total_display(self) -> str:
        return format_amount_table(self.total_actual, missing="—")

    @property
    def urls(self) -> dict[str, str]:
        """The row's links, built from one reversed pattern per link (reverse() per row is slow at 1,000 rows)."""
        pk = str(self.evaluation.pk)
        return {name: pattern.replace("/0/", f"/{pk}/", 1) for name, pattern in row_url_patterns().items()}


@cache
def row_url_patterns() -> dict[str, str]:
    return {name: reverse(f"reports:{name}", args=[0]) for name in ("review", "preview", "pdf", "docx")}


def dashboard_years():
    return list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))


def dashboard_departments(*, user, year: int, status: str = "") -> QuerySet:
    """The active departments the user reviews for ``year`` (never one the user fills), in code
    order, each annotated with ``report_status`` (None: not started), filtered by ``status``
    (a status, ``not_started`` or ``not_submitted``) in the database."""
    queryset = (
        reviewable_departments(user)
        .filter(is_active=True)
        .annotate(report=FilteredRelation("evaluations", condition=Q(evaluations__fiscal_year_id=year)))
        .annotate(report_status=F("report__status"))
        .order_by("code")
    )
    if status == "not_submitted":
        return queryset.filter(
            Q(report_status__isnull=True) | Q(report_status__in=NOT_SUBMITTED_STATUSES - {NOT_STARTED})
        )
    if status == NOT_STARTED:
        return queryset.filter(report_status__isnull=True)
    if status:
        return queryset.filter(report_status=status)
    return queryset


def dashboard_counts(*, user, year: int) -> dict[str, int]:
    """Departments by report status (``not_started`` included), one grouped query."""
    counts = dict.fromkeys(STATUS_FILTERS, 0)
    for report_status, n in (
        dashboard_departments(user=user, year=year)
        .order_by()
        .values("report_status")
        .annotate(n=Count("pk"))
        .values_list("report_status", "n")
    ):
        counts[report_status or NOT_STARTED] += n
    return counts


def dashboard_stale_count(*, user, year: int) -> int:
    """Rows whose stored summary waits for a recomputation after a reference-data change (ADR 11)."""
    return ReportSummary.objects.filter(
        stale=True, evaluation__fiscal_year_id=year, evaluation__department__in=dashboard_departments(user=user, year=year)
    ).count()


def dashboard_rows_for(departments, *, year: int) -> list[DashboardRow]:
    """Rows of ``departments`` (in their order) with their report and its stored summary: one query."""
    departments = list(departments)
    evaluations = {
        evaluation.department_id: evaluation
        for evaluation in Evaluation.objects.filter(
            department_id__in=[department.pk for department in departments], fiscal_year_id=year
        ).select_related("summary")
    }
    rows = []
    for department in departments:
        evaluation = evaluations.get(department.pk)
        summary = getattr(evaluation, "summary", None) if evaluation is not None else None
        rows.append(DashboardRow(department, evaluation, summary))
    return rows


def dashboard_rows(*, user, year: int, status: str = "") -> list[DashboardRow]:
    """Every department of the filter with its report and stored summary, in a fixed number of queries."""
    departments = dashboard_departments(user=user, year=year, status=status).select_related("region")
    return dashboard_rows_for(departments, year=year)


NOT_SUBMITTED_NAMES_SHOWN = 200


def dashboard_not_submitted_names(*, user, year: int) -> list[str]:
    """The first names (with their status) of the departments that have not submitted; how many
    there are is ``dashboard_filter_count(counts, "not_submitted")``."""
    queryset = dashboard_departments(user=user, year=year, status="not_submitted")
    return [
        f"{name}（{STATUS_FILTERS[report_status or NOT_STARTED]}）"
        for name, report_status in queryset.values_list("full_name", "report_status")[:NOT_SUBMITTED_NAMES_SHOWN]
    ]


def dashboard_filter_count(counts: dict[str, int], status: str) -> int:
    """How many departments the filter ``status`` shows, from ``dashboard_counts`` (no query)."""
    if status == "not_submitted":
        return sum(counts[key] for key in NOT_SUBMITTED_STATUSES)
    return counts[status] if status else sum(counts.values())


def report_data_snapshot(evaluation: Evaluation) -> dict:
    """All data behind the report as plain JSON: the report, the department, profile, budget and lines."""
    keys = {"department_id": evaluation.department_id, "fiscal_year_id": evaluation.fiscal_year_id}
    profile = DepartmentProfile.objects.filter(**keys).first()
    budget = DepartmentBudget.objects.filter(**keys).first()
    objects = [evaluation.department, evaluation, *evaluation.goals.all(), *evaluation.key_work_items.all()]
    if profile:
        objects += [profile, *profile.leadership_posts.all(), *profile.divisions.all()]
    if budget:
        lines = [*budget.functional_lines.all(), *budget.project_lines.all(), *budget.three_public_lines.all()]
        category_ids = {line.category_id for line in lines if getattr(line, "category_id", None)}
        objects += [budget, *lines, *FunctionalCategory.objects.filter(pk__in=category_ids)]
    return {"format": 1, "objects": json.loads(serializers.serialize("json", objects))}


# Fields of the report row that change with the workflow, not with the report's content.
WORKFLOW_FIELDS = {"status", "status_changed_at"}


def report_fingerprint(evaluation: Evaluation) -> str:
    """The hash of what an approval archives: every datum behind the report (``report_data_snapshot``)
    and the manual scores of its 评分表. It changes with any edit, import or score, not with the status."""
    data = report_data_snapshot(evaluation)
    for obj in data["objects"]:
        if obj["model"] == "evaluations.evaluation":
            obj["fields"] = {k: v for k, v in obj["fields"].items() if k not in WORKFLOW_FIELDS}
    scores = list(
        ManualScore.objects.filter(evaluation=evaluation)
        .order_by("indicator_id")
        .values_list("indicator_id", "score", "reason", "user_id", "updated_at")
    )
    text = json.dumps([data, scores], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def report_approve(*, evaluation: Evaluation, user, close: dict[int, str] | None = None) -> Evaluation:
    """审核通过 and archive the PDF, the .docx and the data exactly as approved.

    The PDF (0.3–0.5 s, longer for a big report) and the .docx are rendered and written to the
    ``reports`` storage BEFORE the report row is locked — on SQLite that lock is the whole
    database's write lock — under names made of the content fingerprint (``stored.approved_name``),
    so a file written for an approval that is then refused is harmless. Then, in one transaction:
    lock, re-check the status and the fingerprint (a change in between refuses with a message),
    close the comments the reviewer closes with a reason, approve, freeze the 评分表, record the
    files' names and SHA-256 and the data snapshot.
    """
    current = evaluation_queryset().get(pk=evaluation.pk)
    if current.status != EvaluationStatus.SUBMITTED:
        raise WorkflowError(
            f"报告当前状态为“{current.get_status_display()}”，不能审核通过。页面可能已过期，请刷新后再试。"
        )
    refuse_if_blocked(approval_gate(current, closing=close or {}), "审核通过")
    fingerprint = report_fingerprint(current)
    try:
        pdf = render_report_pdf(evaluation=current, official=True, cache=False)
    except PdfError as error:  # nothing is approved without its PDF
        raise WorkflowError(f"未能审核通过：{error.message}") from error
    from .docx.export import render_report_docx  # python-docx only here (docs/adr/0014)

    docx = render_report_docx(evaluation=current, official=True)
    pdf_name, docx_name = approved_name(current, fingerprint, "pdf"), approved_name(current, fingerprint, "docx")
    try:
        stored.store(pdf_name, pdf)
        stored.store(docx_name, docx)
    except Exception as error:  # a full disk or an unreachable object store: nothing is approved
        logger.exception("storing the approved files of evaluation %s failed", current.pk)
        raise WorkflowError("未能保存审核通过的存档文件，未审核通过。请稍后再试或联系系统管理员。") from error

    def unchanged_since_render(locked):
        if report_fingerprint(locked) != fingerprint:
            raise WorkflowError("报告在生成审核存档期间被修改，未审核通过。请刷新页面，查看最新内容后重新审核。")

    with transaction.atomic():
        approved = evaluation_approve(evaluation=current, user=user, close=close, check=unchanged_since_render)
        scoring_freeze(evaluation=approved, replace=True)  # the 评分表 as approved, whatever the framework becomes
        ApprovedSnapshot.objects.update_or_create(
            evaluation=approved,
            defaults={
                "fingerprint": fingerprint,
                "pdf_name": pdf_name,
                "pdf_sha256": stored.sha256_of(pdf),
                "docx_name": docx_name,
                "docx_sha256": stored.sha256_of(docx),
                "data": report_data_snapshot(approved),
            },
        )
    return approved


DASHBOARD_PAGE_SIZE = 50
