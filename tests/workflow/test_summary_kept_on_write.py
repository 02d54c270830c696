"""The stored report summary (``ReportSummary``) always equals a fresh computation, whatever the
sequence of writes: section saves with changing figures, comments and their 说明 and resolutions,
warning acknowledgements, manual scores, submission, return, approval and reopening."""

import io
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from evaluations.checks import run_checks
from evaluations.checks.selectors import evaluation_findings, findings_summary
from evaluations.checks.services import finding_acknowledge
from evaluations.models import Evaluation, EvaluationStatus, ReportSummary, ReviewComment
from evaluations.scoring.selectors import scoring_table
from evaluations.scoring.services import manual_score_set, scoring_freeze
from evaluations.snapshots import report_snapshot
from evaluations.summary_store import SUMMARY_FIELDS, summaries_compute
from evaluations.workflow import (
    WorkflowError,
    comment_add,
    comment_reply,
    comment_resolve,
    evaluation_approve,
    evaluation_reopen,
    evaluation_return,
    evaluation_submit,
)
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db


def stored(evaluation) -> dict:
    row = ReportSummary.objects.get(evaluation=evaluation)
    return {name: getattr(row, name) for name in SUMMARY_FIELDS}


def assert_summary_is_fresh(evaluation, step: str) -> None:
    evaluation = Evaluation.objects.select_related("department").get(pk=evaluation.pk)
    fresh = summaries_compute([evaluation])[evaluation.pk]
    assert stored(evaluation) == fresh, step
    # and the one-report pages' own reads agree with it
    views = evaluation_findings(evaluation)
    counts = findings_summary(views)
    row = ReportSummary.objects.get(evaluation=evaluation)
    assert row.warnings == counts["warnings"] and row.notes == counts["notes"], step
    assert row.warnings_unacknowledged == counts["warnings"] - counts["acknowledged"], step
    assert row.errors == counts["errors"] - sum(1 for v in views if v.finding.code == "incomplete_section"), step
    assert row.open_comments == ReviewComment.objects.filter(evaluation=evaluation, resolved_at__isnull=True).count()
    table = scoring_table(evaluation)
    assert row.score == (table.total if table else None), step
    assert row.grade == ((table.grade or "") if table else ""), step


def save_section(client, evaluation, slug: str, label: str, value: str):
    url = reverse("evaluations:section", args=[evaluation.pk, slug])
    page = SectionPage(client.get(url))
    page.fill(label, value)
    return client.post(url, page.data("save"))


def test_random_sequences_of_writes_keep_the_summary_equal_to_a_fresh_computation(clean_evaluation):
    User = get_user_model()
    filler, reviewer = User.objects.get(username="filler2"), User.objects.get(username="reviewer")
    filler_client = Client()
    filler_client.force_login(filler)
    rng = random.Random(20181231)
    evaluation = clean_evaluation
    assert_summary_is_fresh(evaluation, "after load_demo")

    def status():
        return Evaluation.objects.get(pk=evaluation.pk).status

    def section_budget():
        value = rng.choice(["331", "250.5", "0", "1200", "478.90", "90"])
        save_section(filler_client, evaluation, "budget-table", "部门决算数 基本支出", value)

    def section_profile():
        save_section(filler_client, evaluation, "profile", "实有在职人数", str(rng.randint(0, 30)))

    def comment():
        comment_add(evaluation=evaluation, user=reviewer, section="profile", text=f"请核对（{rng.random():.3f}）")

    def reply():
        open_comment = ReviewComment.objects.filter(evaluation=evaluation, resolved_at__isnull=True).first()
        if open_comment:
            comment_reply(comment=open_comment, user=filler, text="已核对。")

    def resolve():
        open_comment = ReviewComment.objects.filter(evaluation=evaluation, resolved_at__isnull=True).first()
        if open_comment:
            comment_resolve(comment=open_comment, user=reviewer)

    def acknowledge():
        warnings = [f for f in run_checks(report_snapshot(evaluation)) if f.is_warning]
        if warnings:
            finding_acknowledge(
                evaluation=evaluation, finding_key=rng.choice(warnings).key, reason="情况属实，保留。", user=filler
            )

    def manual_score():
        rows = [row for row in scoring_table(evaluation).rows if row.can_be_scored_by_hand]
        if rows:
            row = rng.choice(rows)
            manual_score_set(
                evaluation=evaluation,
                indicator_id=row.indicator_id,
                score=rng.choice([0, 1, row.weight]),
                reason="自评",
                user=filler,
            )

    def submit():
        evaluation_submit(evaluation=evaluation, user=filler)

    def send_back():
        evaluation_return(evaluation=evaluation, user=reviewer, reason="请补充说明。")

    def approve():
        close = {c.pk: "已当面沟通" for c in ReviewComment.objects.filter(evaluation=evaluation, resolved_at=None)}
        approved = evaluation_approve(evaluation=evaluation, user=reviewer, close=close)
        scoring_freeze(evaluation=approved, replace=True)  # as reports.review.report_approve does

    def reopen():
        evaluation_reopen(evaluation=evaluation, user=reviewer, reason="决算数据调整")

    steps = [
        section_budget,
        section_profile,
        comment,
        reply,
        resolve,
        acknowledge,
        manual_score,
        manual_score,
        submit,
        submit,
        send_back,
        approve,
        reopen,
    ]
    done = []
    for number in range(60):
        step = rng.choice(steps)
        try:
            step()
            done.append(step.__name__)
        except (WorkflowError, ValidationError):
            pass  # refused in the current state: nothing changed, the summary still holds
        assert_summary_is_fresh(evaluation, f"step {number}: {step.__name__} ({status()})")
    # the sequence really went through the states and the writes
    assert {"section_budget", "comment", "submit", "manual_score"} <= set(done)
    assert any(name in done for name in ("approve", "send_back"))


def test_the_next_years_report_follows_last_years_figures(seed_evaluation):
    """上年数 come from last year's record: a save in 2018 refreshes the 2019 report's summary too."""
    from evaluations.services import evaluation_start
    from tests.factories import FiscalYearFactory

    filler = get_user_model().objects.get(username="filler")
    later = evaluation_start(
        department=seed_evaluation.department, fiscal_year=FiscalYearFactory(year=2019, is_open=True), user=filler
    )
    client = Client()
    client.force_login(filler)
    for value in ("500", "12.5"):
        save_section(client, seed_evaluation, "budget-table", "部门决算数 基本支出", value)
        assert_summary_is_fresh(seed_evaluation, value)
        assert_summary_is_fresh(later, value)


def test_rebuild_summaries_recomputes_what_was_written_around_the_services(clean_evaluation):
    ReportSummary.objects.filter(evaluation=clean_evaluation).update(errors=99, score=None, grade="")
    ReportSummary.objects.exclude(evaluation=clean_evaluation).delete()
    call_command("rebuild_summaries", "--year", "2018", stdout=io.StringIO())
    for evaluation in Evaluation.objects.all():
        assert_summary_is_fresh(evaluation, "rebuilt")


def test_a_framework_edit_marks_the_reports_using_it_stale_and_refreshes_them(
    clean_evaluation, django_capture_on_commit_callbacks
):
    from evaluations.scoring.models import Indicator

    before = ReportSummary.objects.get(evaluation=clean_evaluation).score
    indicator = Indicator.objects.filter(framework__region__isnull=True, children__isnull=True).first()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        indicator.weight = indicator.weight + 1
        indicator.save()
    assert ReportSummary.objects.get(evaluation=clean_evaluation).stale
    for callback in callbacks:
        callback()
    row = ReportSummary.objects.get(evaluation=clean_evaluation)
    assert not row.stale
    assert_summary_is_fresh(clean_evaluation, "after the framework edit")
    assert before is not None


def test_reports_without_a_summary_get_one_after_migrate(clean_evaluation):
    ReportSummary.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert ReportSummary.objects.count() == Evaluation.objects.count()
    assert ReportSummary.objects.get(evaluation=clean_evaluation).sections_total > 0
    assert clean_evaluation.status == EvaluationStatus.DRAFT


def test_an_edit_of_many_reference_rows_in_one_transaction_refreshes_once(
    clean_evaluation, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from evaluations.scoring.models import Indicator

    leaves = list(Indicator.objects.filter(framework__region__isnull=True, children__isnull=True)[:5])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():  # as admin saves a framework with its indicators
            for leaf in leaves:
                leaf.weight += 1
                leaf.save()
    assert len(leaves) == 5
    names = sorted(callback.__name__ for callback in callbacks)
    assert names == ["_refresh_after_commit", "reference_version_bump"]  # once each, not once per row
    for callback in callbacks:
        callback()
    assert_summary_is_fresh(clean_evaluation, "after the framework edit")


def test_a_rolled_back_savepoint_does_not_lose_the_refresh_of_a_later_edit(
    clean_evaluation, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from evaluations.scoring.models import Indicator

    first, second = Indicator.objects.filter(framework__region__isnull=True, children__isnull=True)[:2]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            try:
                with transaction.atomic():  # an inline row that fails validation in the database
                    first.weight += 1
                    first.save()
                    raise RuntimeError
            except RuntimeError:
                pass
            second.weight += 1
            second.save()
    assert sorted(callback.__name__ for callback in callbacks) == ["_refresh_after_commit", "reference_version_bump"]
    for callback in callbacks:
        callback()
    assert_summary_is_fresh(clean_evaluation, "after the second edit")
