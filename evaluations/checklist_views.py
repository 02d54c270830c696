"""The checklist page (检查清单) and the 评分表 page of a report, with their two POST actions.

Visible to the report's 填报人 and to reviewers in scope; only the 填报人 of the department,
while the report is editable, may acknowledge a warning (with a reason) or score an indicator.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from departments.access import FILLER, FILLER_OR_REVIEWER, Action, access, editable_departments, restrict

from .checks.forms import AcknowledgeForm
from .checks.selectors import evaluation_findings, findings_summary
from .checks.services import finding_acknowledge
from .gates import FINDING, submission_gate
from .outlines.selectors import outline_for
from .scoring.basic_data import basic_data_table
from .scoring.forms import ManualScoreForm
from .scoring.frameworks import evaluation_framework, framework_choices_for, may_change_framework
from .scoring.selectors import scoring_table
from .scoring.services import evaluation_framework_set, manual_score_set
from .selectors import evaluation_is_editable, evaluation_queryset, report_bundle
from .snapshots import snapshot_for_bundle
from .workflow import WorkflowError


def _visible(request, pk):
    return get_object_or_404(restrict(evaluation_queryset(), request.user), pk=pk)


def _editable(request, pk):
    return get_object_or_404(restrict(evaluation_queryset(), request.user, action=Action.EDIT), pk=pk)


def _may_edit(request, evaluation) -> bool:
    return (
        evaluation_is_editable(evaluation)
        and editable_departments(request.user).filter(pk=evaluation.department_id).exists()
    )


def _reverse(name, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _section_links(evaluation, outline, may_edit: bool) -> dict[str, str]:
    """Where a finding's “去修改” goes: the section form for the 填报人, the preview for reviewers."""
    links = {}
    preview = _reverse("reports:preview", evaluation.pk)
    for section in outline:
        url = _reverse("evaluations:section", evaluation.pk, section.slug) if may_edit else None
        if url is None and preview is not None:
            url = f"{preview}#{section.anchor}"
        if url:
            links[section.slug] = url
    return links


def blocker_links(evaluation, blockers, *, may_edit: bool) -> list[tuple]:
    """Each blocker with the link to where it is fixed: the section form (填报人) or the preview
    (reviewer) for a finding or a comment's section, the 评分表 for a score, the review page for a
    comment seen by a reviewer."""
    outline = outline_for(evaluation)
    sections = _section_links(evaluation, outline, may_edit)
    links = []
    for blocker in blockers:
        if blocker.target == "scoring":
            url = reverse("evaluations:scoring", args=[evaluation.pk]) + (
                f"#{blocker.anchor}" if blocker.anchor else ""
            )
        elif blocker.target == "comment" and not may_edit:
            url = f"{reverse('reports:review', args=[evaluation.pk])}#{blocker.anchor}"
        elif blocker.target == "comment":
            url = f"{reverse('evaluations:section', args=[evaluation.pk, blocker.section])}#{blocker.anchor}"
        elif blocker.section in sections:
            url = sections[blocker.section]
            if may_edit and blocker.anchor:
                url = f"{reverse('evaluations:checklist', args=[evaluation.pk])}#{blocker.anchor}"
        else:
            url = None
        links.append((blocker, url))
    return links


def _checklist_context(request, evaluation, *, failed_key=None, failed_form=None) -> dict:
    bundle = report_bundle(evaluation)
    report = snapshot_for_bundle(bundle)
    findings = evaluation_findings(evaluation, report=report, bundle=bundle)
    may_edit = _may_edit(request, evaluation)
    outline = outline_for(evaluation)
    links = _section_links(evaluation, outline, may_edit)
    groups = []
    for section in outline:
        views = [view for view in findings if view.finding.section == section.slug]
        if views:
            groups.append({"section": section, "findings": views, "url": links.get(section.slug)})
    scoring = scoring_table(evaluation, report=report)
    gate = submission_gate(evaluation, findings=findings, table=scoring)
    failed_elsewhere = failed_form is not None and not any(
        view.finding.key == failed_key and view.finding.is_warning for view in findings
    )
    return {
        "evaluation": evaluation,
        "groups": groups,
        "failed_elsewhere": failed_elsewhere,
        "summary": findings_summary(findings) | {"blockers": len(gate)},
        # scores and comments that block submission (findings are listed by section below)
        "other_blockers": blocker_links(evaluation, [b for b in gate if b.kind != FINDING], may_edit=may_edit),
        "may_edit": may_edit,
        "failed_key": failed_key,
        "failed_form": failed_form,
        "scoring": scoring,
        "preview_url": _reverse("reports:preview", evaluation.pk),
    }


@access(FILLER_OR_REVIEWER)
def checklist(request, pk: int):
    evaluation = _visible(request, pk)
    return render(request, "evaluations/checklist.html", _checklist_context(request, evaluation))


@access(FILLER)
@require_POST
def acknowledge(request, pk: int):
    """保留警告并说明理由 (填报人 of the department only, while the report is editable)."""
    evaluation = _editable(request, pk)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            finding_acknowledge(
                evaluation=evaluation,
                finding_key=form.cleaned_data["finding_key"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except WorkflowError as error:
            messages.error(request, error.message)
            return redirect("evaluations:checklist", pk=evaluation.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存理由，这一警告不再妨碍提交。")
            return redirect("evaluations:checklist", pk=evaluation.pk)
    context = _checklist_context(request, evaluation, failed_key=request.POST.get("finding_key", ""), failed_form=form)
    return render(request, "evaluations/checklist.html", context, status=400)


def _scoring_context(request, evaluation, *, failed_id=None, failed_form=None, framework_error="") -> dict:
    report = snapshot_for_bundle(report_bundle(evaluation))
    table = scoring_table(evaluation, report=report)
    may_score = _may_edit(request, evaluation) and table is not None and not table.frozen_at
    forms = {}
    if may_score:
        for row in table.rows:
            if not row.can_be_scored_by_hand:
                continue
            if row.indicator_id == failed_id:
                forms[row.indicator_id] = failed_form
            else:
                initial = {"score": row.score, "reason": _manual_reason(row)} if row.scored_by else None
                forms[row.indicator_id] = ManualScoreForm(initial=initial, weight=row.weight)
    rows = [{"row": row, "form": forms.get(row.indicator_id)} for row in table.rows] if table else []
    framework = evaluation_framework(evaluation)
    may_change = may_change_framework(request.user, evaluation) and not (table and table.frozen_at)
    return {
        "evaluation": evaluation,
        "framework": framework,
        "framework_choices": framework_choices_for(evaluation) if may_change else [],
        "may_change_framework": may_change,
        "framework_error": framework_error,
        "scoring": table,
        "rows": rows,
        "may_score": may_score,
        "basic_data": basic_data_table(report),
        "preview_url": _reverse("reports:preview", evaluation.pk),
        "basic_data_section": outline_for(evaluation).get("basic-data"),
    }


def _manual_reason(row) -> str:
    marker = "人工评分："
    return row.reason.split(marker, 1)[1] if marker in row.reason else ""


@access(FILLER_OR_REVIEWER)
def scoring(request, pk: int):
    evaluation = _visible(request, pk)
    return render(request, "evaluations/scoring.html", _scoring_context(request, evaluation))


@access(FILLER)
@require_POST
def manual_score(request, pk: int):
    """人工评分 of one indicator (``indicator`` in the form), with a reason (填报人 of the department)."""
    evaluation = _editable(request, pk)
    table = scoring_table(evaluation)
    try:
        indicator_id = int(request.POST.get("indicator", ""))
    except ValueError:
        indicator_id = None
    row = next((r for r in table.rows if r.indicator_id == indicator_id), None) if table else None
    if row is None:
        messages.error(request, "请选择要评分的指标。")
        return render(request, "evaluations/scoring.html", _scoring_context(request, evaluation), status=400)
    form = ManualScoreForm(request.POST, weight=row.weight)
    if form.is_valid():
        try:
            manual_score_set(
                evaluation=evaluation,
                indicator_id=indicator_id,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except WorkflowError as error:
            messages.error(request, error.message)
            return redirect("evaluations:scoring", pk=evaluation.pk)
        except ValidationError as error:
            if hasattr(error, "error_dict") and set(error.error_dict) - set(form.fields):
                form.add_error(None, "；".join(error.messages))
            else:
                form.add_error(None, error)
        else:
            messages.success(request, f"已保存“{row.name}”的评分。")
            return redirect(f"{reverse('evaluations:scoring', args=[evaluation.pk])}#indicator-{indicator_id}")
    context = _scoring_context(request, evaluation, failed_id=indicator_id, failed_form=form)
    return render(request, "evaluations/scoring.html", context, status=400)


@access(FILLER_OR_REVIEWER)
@require_POST
def change_framework(request, pk: int):
    """An administrator sets the report's 评分指标体系 (until submission); audited."""
    evaluation = _visible(request, pk)
    if not may_change_framework(request.user, evaluation):
        raise PermissionDenied
    try:
        evaluation_framework_set(evaluation=evaluation, framework_id=request.POST.get("framework"), user=request.user)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect("evaluations:scoring", pk=evaluation.pk)
    except ValidationError as error:
        context = _scoring_context(request, evaluation, framework_error="；".join(error.messages))
        return render(request, "evaluations/scoring.html", context, status=400)
    messages.success(request, "已更换本报告的评分指标体系。")
    return redirect("evaluations:scoring", pk=evaluation.pk)
