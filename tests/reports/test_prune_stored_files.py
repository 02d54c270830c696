"""``prune_stored_files``: stored PDFs of submitted reports that nothing serves any more are listed,
and deleted with ``--delete``; the current one, young files and approved files stay."""

import io
import os
import time

import pytest
from django.core.management import call_command

from evaluations.models import Evaluation, EvaluationStatus
from reports import stored
from reports.archive import store_submitted_pdf, stored_pdf_name

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 3600


def age(name, seconds=TWO_DAYS):
    path = stored.report_storage().path(name)
    then = time.time() - seconds
    os.utime(path, (then, then))


def submitted(evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    return Evaluation.objects.get(pk=evaluation.pk)


def prune(*args) -> list[str]:
    out = io.StringIO()
    call_command("prune_stored_files", *args, stdout=out)
    return out.getvalue().splitlines()


def test_superseded_pdfs_are_listed_then_deleted_and_the_serving_ones_stay(clean_evaluation, seed_evaluation):
    report = submitted(clean_evaluation)
    before_score = store_submitted_pdf(report)
    goal = report.goals.first()
    goal.text += "（审核时补充）"
    goal.save()
    current = store_submitted_pdf(report)  # the content changed: a new file serves
    returned = store_submitted_pdf(submitted(seed_evaluation))
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.RETURNED)
    approved = stored.store(f"approved/2018/{clean_evaluation.pk}/{'0' * 64}.pdf", b"%PDF approved")
    for name in (before_score, current, returned, approved):
        age(name)
    young = stored.store(f"submitted/2018/{seed_evaluation.pk}/{'1' * 64}.pdf", b"%PDF being written")

    listed = prune()
    assert sorted(listed[:-1]) == sorted([before_score, returned])
    assert listed[-1] == "共 2 个已被取代的文件；加 --delete 删除。"
    assert all(stored.exists(name) for name in (before_score, returned))

    assert prune("--delete")[-1] == "已删除 2 个已被取代的文件。"
    assert not stored.exists(before_score) and not stored.exists(returned)
    assert all(stored.exists(name) for name in (current, approved, young))
    assert stored_pdf_name(report) == current  # still served without a render
    assert prune()[-1] == "共 0 个已被取代的文件；加 --delete 删除。"


def test_nothing_stored_nothing_listed(demo):
    assert prune() == ["共 0 个已被取代的文件；加 --delete 删除。"]
