"""Pages of the 填报人: the home list, starting this year's report, and one page per section.

Views stay thin: each section's forms come from its module (``evaluations.sections``), in the
report's outline (``evaluations.outlines``); every write goes through ``evaluations.services``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from budgets.selectors import catalogue_for_year
from departments.access import AUTHENTICATED, FILLER, Action, access, editable_departments, restrict

from .checks.selectors import evaluation_findings, findings_for_section
from .completeness import section_fingerprint, sections_status, sections_statuses
from .forms import EvaluationStartForm
from .models import Evaluation, EvaluationStatus
from .navigation import landing_section, section_nav
from .notices import comment_threads, deadlines_for, notices_for, open_comment_counts
from .outlines.selectors import outline_for, outlines_for
from .scoring.selectors import scoring_table
from .sections.base import NOT_READ
from .selectors import (
    evaluation_is_editable,
    evaluation_queryset,
    fiscal_year_open_current,
    fiscal_years_open,
    report_bundle,
    report_bundles,
)
from .services import SectionBusy, SectionConflict, WorkflowError, evaluation_section_save, evaluation_start
from .workflow import evaluation_locked_reason


@access(AUTHENTICATED)
def home(request):
    """The reports the user may see, newest year first, with how many sections are complete."""
    evaluations = list(restrict(evaluation_queryset(), request.user).order_by("-fiscal_year", "department__code"))
    editable = set(editable_departments(request.user).values_list("pk", flat=True))
    bundles = report_bundles(evaluations)
    statuses_by_pk = sections_statuses(bundles, outlines_for(evaluations))  # 评分表 read in bulk
    rows = []
    for evaluation in evaluations:
        statuses = statuses_by_pk[evaluation.pk]
        rows.append(
            {
                "evaluation": evaluation,
                "done": sum(s.complete for s in statuses),
                "total": len(statuses),
                "can_edit": evaluation.department_id in editable,
                "editable": evaluation_is_editable(evaluation),
            }
        )
    offers = []
    deadlines = []
    if editable:
        started = {(e.department_id, e.fiscal_year_id) for e in evaluations}
        departments = list(editable_departments(request.user).order_by("code"))
        open_years = fiscal_years_open()
        deadlines = deadlines_for(
            years=open_years, departments=departments, evaluations=evaluations, today=timezone.localdate()
        )
        for year in open_years:
            for department in departments:
                if (department.pk, year.year) in started:
                    continue
                offers.append(
                    {
                        "department": department,
                        "year": year.year,
                        "has_previous": any(d == department.pk and y < year.year for d, y in started),
                        "form": EvaluationStartForm(
                            initial={"department": department.pk, "year": year.year},
                            auto_id=f"id_start_{department.pk}_{year.year}_%s",  # ids unique on the page
                        ),
                    }
                )
    context = {
        "evaluations": evaluations,
        "rows": rows,
        "offers": offers,
        "notices": notices_for(evaluations),
        "deadlines": deadlines,
    }
    return render(request, "evaluations/home.html", context)


@access(FILLER)
@require_POST
def start(request):
    """开始填报: create the report of an open year (the latest when none is named) for one of the
    user's departments."""
    form = EvaluationStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请在“我的报告”页面选择要开始填报的部门。")
        return redirect("home")
    department = get_object_or_404(editable_departments(request.user), pk=form.cleaned_data["department"])
    wanted = form.cleaned_data.get("year")
    open_years = {year.year: year for year in fiscal_years_open()}
    year = open_years.get(wanted) if wanted else fiscal_year_open_current()
    if year is None:
        if wanted:
            messages.error(request, f"{wanted}年度未开放填报，请联系财政局。")
        else:
            messages.error(request, "目前没有开放填报的年度，请联系财政局。")
        return redirect("home")
    try:
        evaluation = evaluation_start(
            department=department, fiscal_year=year, copy_previous=form.cleaned_data["copy_previous"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("home")
    messages.success(request, f"已创建{department.full_name}{year.year}年度绩效自评报告，请逐部分填写。")
    return redirect("evaluations:section", pk=evaluation.pk, slug=outline_for(evaluation).slugs[0])


@access(FILLER)
def fill(request, pk: int):
    """Open a report for filling in: the first section with an open review comment, else the first
    incomplete section (``navigation.landing_section``)."""
    evaluation = get_object_or_404(restrict(evaluation_queryset(), request.user, action=Action.EDIT), pk=pk)
    statuses = sections_status(report_bundle(evaluation))
    first = landing_section(statuses, open_comment_counts(evaluation))
    return redirect("evaluations:section", pk=evaluation.pk, slug=first.section.slug)


def preview_url(evaluation: Evaluation, anchor: str) -> str:
    """The rendered report (``reports:preview``) scrolled to a section's heading."""
    return f"{reverse('reports:preview', args=[evaluation.pk])}#{anchor}"


@access(FILLER)
def section(request, pk: int, slug: str):
    """One section of the outline: its forms, the drafted sentences and the derived figures."""
    evaluation = get_object_or_404(restrict(evaluation_queryset(), request.user, action=Action.EDIT), pk=pk)
    outline = outline_for(evaluation)
    item = outline.get(slug)
    if item is None:
        raise Http404
    section = item.section
    bundle = report_bundle(evaluation)
    editable = evaluation_is_editable(evaluation)
    catalogue = catalogue_for_year(evaluation.fiscal_year_id) if section.needs_catalogue else None
    fingerprint = section_fingerprint(bundle, section)
    page_error = None
    conflict = None

    if request.method == "POST":
        if not editable:
            messages.error(request, evaluation_locked_reason(evaluation))
            return redirect("evaluations:section", pk=pk, slug=slug)
        draft = "save_draft" in request.POST
        forms = section.build(bundle, data=request.POST, draft=draft, catalogue=catalogue, outline=outline)
        if forms.is_valid():
            try:
                evaluation_section_save(
                    evaluation=evaluation,
                    slug=slug,
                    data=section.cleaned(forms),
                    fingerprint=request.POST.get("fingerprint", ""),
                    user=request.user,
                )
            except SectionConflict as error:
                conflict = error.message
                fingerprint = error.fingerprint
            except SectionBusy as error:
                page_error = error.message
            except WorkflowError as error:
                messages.error(request, error.message)
                return redirect("evaluations:section", pk=pk, slug=slug)
            except ValidationError as error:
                page_error = "；".join(error.messages)
            else:
                return _saved(request, evaluation, slug, draft)
        else:
            fingerprint = request.POST.get("fingerprint", fingerprint)
    else:
        forms = section.build(bundle, catalogue=catalogue, outline=outline)

    score_table = scoring_table(evaluation) if outline.uses_score_table else NOT_READ
    statuses = sections_status(bundle, outline, score_table=score_table)
    findings = evaluation_findings(evaluation, bundle=bundle)
    nav = section_nav(statuses, findings, open_comment_counts(evaluation))
    current = next(s for s in statuses if s.section.slug == slug)
    section_findings = findings_for_section(evaluation, slug, findings=findings)
    position = [s.section.slug for s in statuses].index(slug)
    context = {
        "evaluation": evaluation,
        "section": current.section,
        "status": current,
        "statuses": statuses,
        "nav": nav,
        "done": sum(s.complete for s in statuses),
        "previous_section": statuses[position - 1].section if position > 0 else None,
        "next_section": statuses[position + 1].section if position + 1 < len(statuses) else None,
        "forms": forms,
        "editable": editable,
        "locked_reason": evaluation_locked_reason(evaluation),
        "fingerprint": fingerprint,
        "conflict": conflict,
        "page_error": page_error,
        "error_count": forms.error_count() if forms.bound else 0,
        "error_links": forms.error_links() if forms.bound else [],
        "preview_url": preview_url(evaluation, item.anchor),
        "review_comments": comment_threads(evaluation, slug),
        "may_reply": evaluation.status != EvaluationStatus.APPROVED,
        "catalogue": list(catalogue.values()) if catalogue else [],
        "catalogue_missing": section.needs_catalogue and not catalogue,
        "section_findings": section_findings,
        "list_findings": section.list_findings(forms, section_findings),
        **section.context(bundle, forms, outline, **section.score_table_kwargs(score_table)),
    }
    return render(request, section.template, context)


def _saved(request, evaluation: Evaluation, slug: str, draft: bool):
    bundle = report_bundle(evaluation_queryset().get(pk=evaluation.pk))
    current = next(s for s in sections_status(bundle) if s.section.slug == slug)
    if current.complete:
        messages.success(request, f"已保存“{current.section.label}”。本部分已填写完整。")
    elif draft:
        messages.success(
            request, f"已保存草稿“{current.section.label}”。本部分尚未填写完整：{'、'.join(current.missing)}。"
        )
    else:
        messages.success(request, f"已保存“{current.section.label}”。")
    return redirect("evaluations:section", pk=evaluation.pk, slug=slug)
