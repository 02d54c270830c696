"""The 填报人's workflow actions: submitting the report (送审, after a confirmation page) and
answering review comments; the reviewer's resolving of a comment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from departments.access import FILLER, REVIEWER, Action, access, restrict

from .checklist_views import blocker_links
from .confirmation import SUBMIT, transition_summary
from .models import ReviewComment
from .selectors import evaluation_queryset
from .workflow import WorkflowError, comment_reply, comment_resolve, evaluation_submit


@access(FILLER)
def submit(request, pk: int):
    """GET: the confirmation page (score, kept warnings, comments, changes, what still blocks);
    POST: 提交审核."""
    evaluation = get_object_or_404(restrict(evaluation_queryset(), request.user, action=Action.EDIT), pk=pk)
    if request.method == "POST":
        try:
            evaluation_submit(evaluation=evaluation, user=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
            return redirect("evaluations:checklist", pk=evaluation.pk)
        messages.success(request, "报告已提交，等待财政局审核。审核期间不能修改；如被退回，首页会提示退回理由。")
        return redirect("home")
    summary = transition_summary(evaluation, SUBMIT)
    return render(
        request,
        "evaluations/confirm_transition.html",
        {
            "evaluation": evaluation,
            "summary": summary,
            "title": "确认提交审核",
            "button": "提交审核",
            "button_class": "btn-primary",
            "action_url": reverse("evaluations:submit", args=[evaluation.pk]),
            "cancel_url": reverse("evaluations:checklist", args=[evaluation.pk]),
            "blocker_links": blocker_links(evaluation, summary.blockers, may_edit=True),
        },
    )


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _comment(request, pk: int, comment_pk: int, action: Action) -> ReviewComment:
    evaluation = get_object_or_404(restrict(evaluation_queryset(), request.user, action=action), pk=pk)
    return get_object_or_404(ReviewComment.objects.select_related("evaluation"), pk=comment_pk, evaluation=evaluation)


@require_POST
@access(FILLER)
def comment_reply_view(request, pk: int, comment_pk: int):
    """The 填报人 of the department answers a review comment with a 说明."""
    comment = _comment(request, pk, comment_pk, Action.EDIT)
    try:
        comment_reply(comment=comment, user=request.user, text=request.POST.get("text", ""))
    except WorkflowError as error:
        messages.error(request, error.message)
    except ValidationError as error:  # e.g. a 说明 over its length limit: a message, never a 500
        messages.error(request, "说明未保存：" + "；".join(error.messages))
    else:
        messages.success(request, "说明已提交，审核人将在审核页面看到。")
    return _back(request, reverse("evaluations:section", args=[pk, comment.section]))


@require_POST
@access(REVIEWER)
def comment_resolve_view(request, pk: int, comment_pk: int):
    """A reviewer of the department marks a review comment resolved."""
    comment = _comment(request, pk, comment_pk, Action.REVIEW)
    try:
        comment_resolve(comment=comment, user=request.user)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "该条审核意见已标记为已解决。")
    return _back(request, reverse("reports:review", args=[pk]))
