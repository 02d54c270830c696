"""Admin is no back door: every admin change view of report data has no writable field, and a
POST to it is refused — report data changes only through the services (lock, workflow, audit)."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationStatus

pytestmark = pytest.mark.django_db

# Report data: what a department's report is made of, its workflow and its history.
REPORT_DATA = {
    "evaluations.evaluation",
    "evaluations.performancegoal",
    "evaluations.keyworkitem",
    "evaluations.statustransition",
    "evaluations.reviewcomment",
    "evaluations.reviewcommentreply",
    "evaluations.findingacknowledgement",
    "evaluations.manualscore",
    "evaluations.scoringsnapshot",
    "evaluations.reportsummary",
    "budgets.departmentbudget",
    "budgets.functionalspendingline",
    "budgets.projectline",
    "budgets.threepublicline",
    "departments.departmentprofile",
    "departments.leadershippost",
    "departments.internaldivision",
    "departments.auditevent",
    "reports.approvedsnapshot",
}
REPORT_ROOTS = {"evaluations.evaluation", "budgets.departmentbudget", "departments.departmentprofile"}
FORM_CONTROL = re.compile(r"<(?:input|select|textarea)\b[^>]*>", re.IGNORECASE)
NAME = re.compile(r'\bname="([^"]+)"')
CHANGE_FORM = re.compile(r'<form[^>]*id="\w+_form"[^>]*>(.*?)</form>', re.DOTALL)


def report_data_admins():
    return [model for model in admin.site._registry if model._meta.label_lower in REPORT_DATA]


def test_the_list_of_report_data_covers_every_model_that_hangs_off_a_report():
    """A new model with a foreign key to a report, a budget or a profile must be added above."""
    for model in apps.get_models():
        for field in model._meta.fields:
            if field.is_relation and field.related_model and field.related_model._meta.label_lower in REPORT_ROOTS:
                assert model._meta.label_lower in REPORT_DATA, model._meta.label_lower


def test_report_data_is_in_admin_for_reading():
    labels = {model._meta.label_lower for model in report_data_admins()}
    assert {"evaluations.evaluation", "budgets.departmentbudget", "departments.departmentprofile"} <= labels


@pytest.mark.parametrize("model", report_data_admins(), ids=lambda m: m._meta.label)
def test_admin_change_view_of_report_data_has_no_writable_field(client, demo, model):
    client.force_login(get_user_model().objects.get(username="admin"))
    opts = model._meta
    obj = model.objects.first()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url).content.decode()
    form = CHANGE_FORM.search(page)
    assert form, f"no change form on {url}"
    # Hidden inputs (ids, management forms of read-only inlines) are not fields a person can edit;
    # the POST below shows that nothing is accepted anyway.
    writable = {
        NAME.search(tag).group(1)
        for tag in FORM_CONTROL.findall(form.group(1))
        if NAME.search(tag) and 'type="hidden"' not in tag
    }
    assert writable == set(), f"{opts.label} admin can write {sorted(writable)}"
    assert 'name="_save"' not in page

    assert client.post(url, {}).status_code == 403
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
    assert client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])).status_code == 403


def test_admin_cannot_approve_a_report_or_change_a_figure(client, clean_evaluation):
    """The issue's back door: status and figures were editable with no lock and no audit."""
    client.force_login(get_user_model().objects.get(username="admin"))
    url = reverse("admin:evaluations_evaluation_change", args=[clean_evaluation.pk])
    response = client.post(url, {"status": EvaluationStatus.APPROVED, "department": clean_evaluation.department_id})
    assert response.status_code == 403
    assert Evaluation.objects.get(pk=clean_evaluation.pk).status == EvaluationStatus.DRAFT
    assert "草稿" in client.get(url).content.decode()  # the status is shown, read-only
