"""The 填报人's workflow actions: submitting the report (送审) and closing review comments."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from departments.access import FILLER, FILLER_OR_REVIEWER, access, restrict

from .models import ReviewComment
from .selectors import evaluation_queryset
from .workflow import WorkflowError, comment_resolve, evaluation_submit


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


@require_POST
@access(FILLER_OR_REVIEWER)
def comment_resolve_view(request, pk: int, comment_pk: int):
    """The filler marks a review comment as dealt with (or the reviewer withdraws it)."""
    evaluation = get_object_or_404(restrict(evaluation_queryset(), request.user), pk=pk)
    comment = get_object_or_404(ReviewComment, pk=comment_pk, evaluation=evaluation)
    comment_resolve(comment=comment, user=request.user)
    messages.success(request, "该条审核意见已标记为已解决。")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("home")
