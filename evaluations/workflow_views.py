"""The 填报人's workflow action: submitting the report for review (送审)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from departments.access import FILLER, access, restrict

from .selectors import evaluation_queryset
from .workflow import WorkflowError, evaluation_submit


@require_POST
@access(FILLER)
def submit(request, pk: int):
    evaluation = get_object_or_404(restrict(evaluation_queryset(), request.user, action="edit"), pk=pk)
    try:
        evaluation_submit(evaluation=evaluation, user=request.user)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect("evaluations:checklist", pk=evaluation.pk)
    messages.success(request, "报告已提交，等待财政局审核。审核期间不能修改；如被退回，首页会提示退回理由。")
    return redirect("home")
