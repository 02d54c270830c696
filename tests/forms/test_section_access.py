"""Only a 填报人 of the department edits its report, and only while the report is editable."""

import pytest
from django.contrib.auth import get_user_model

from departments.models import DepartmentProfile
from evaluations.models import Evaluation, EvaluationStatus
from evaluations.outlines.selectors import DEFAULT_OUTLINE
from tests.forms.conftest import section_url
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("slug", DEFAULT_OUTLINE.slugs)
def test_anonymous_is_sent_to_login(client, seed_evaluation, slug):
    response = client.get(section_url(seed_evaluation, slug))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(section_url(seed_evaluation, slug), {"save": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("slug", ["profile", "projects"])
def test_another_departments_filler_gets_404(client, seed_evaluation, slug):
    login(client, "filler2")
    assert client.get(section_url(seed_evaluation, slug)).status_code == 404
    assert client.post(section_url(seed_evaluation, slug), {"save": "1"}).status_code == 404
    assert client.get(f"/evaluations/{seed_evaluation.pk}/fill/").status_code == 404


def test_reviewer_cannot_open_or_save_section_pages(client, seed_evaluation):
    login(client, "reviewer")
    assert client.get(section_url(seed_evaluation, "profile")).status_code == 403
    assert client.post(section_url(seed_evaluation, "profile"), {"profile-staff_actual": "99"}).status_code == 403
    profile = DepartmentProfile.objects.get(department=seed_evaluation.department)
    assert profile.staff_actual == 10


def test_unknown_section_is_404(filler_client, seed_evaluation):
    assert filler_client.get(section_url(seed_evaluation, "nonsense")).status_code == 404


@pytest.mark.parametrize("status", [EvaluationStatus.SUBMITTED, EvaluationStatus.APPROVED])
def test_report_that_is_not_editable_refuses_saves_with_a_reason(filler_client, open_section, seed_evaluation, status):
    page = open_section("profile")
    page.fill("实有在职人数", "99")
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=status)
    response = filler_client.post(section_url(seed_evaluation, "profile"), page.data(), follow=True)
    text = response.content.decode()
    assert "不能修改" in text and "审核人" in text
    assert DepartmentProfile.objects.get(department=seed_evaluation.department).staff_actual == 10

    shown = SectionPage(filler_client.get(section_url(seed_evaluation, "profile")))
    assert "<fieldset disabled>" in shown.html
    assert 'name="save"' not in shown.html


def test_returned_report_is_editable_again(filler_client, open_section, submit, seed_evaluation):
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.RETURNED)
    page = open_section("profile")
    page.fill("实有在职人数", "11")
    assert submit("profile", page).status_code == 302
    assert DepartmentProfile.objects.get(department=seed_evaluation.department).staff_actual == 11


def test_start_is_only_for_own_department(client, seed_evaluation):
    from tests.factories import FiscalYearFactory

    FiscalYearFactory(year=2019, is_open=True)
    login(client, "filler2")
    response = client.post("/evaluations/start/", {"department": seed_evaluation.department_id})
    assert response.status_code == 404
    assert not Evaluation.objects.filter(department=seed_evaluation.department, fiscal_year_id=2019).exists()
    login(client, "reviewer")
    assert client.post("/evaluations/start/", {"department": seed_evaluation.department_id}).status_code == 403


def test_save_service_refuses_when_the_status_changed_after_the_page_was_checked(seed_evaluation):
    """A submission landing between the view's check and the save: the row lock decides."""
    from evaluations.completeness import section_fingerprint
    from evaluations.sections import section_for
    from evaluations.selectors import report_bundle
    from evaluations.services import WorkflowError, evaluation_section_save

    fingerprint = section_fingerprint(report_bundle(seed_evaluation), section_for("problems"))
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    with pytest.raises(WorkflowError, match="不能修改"):
        evaluation_section_save(
            evaluation=seed_evaluation,
            slug="problems",
            data={"narratives": {"problems_and_measures": "改过"}},
            fingerprint=fingerprint,
        )
    assert Evaluation.objects.get(pk=seed_evaluation.pk).problems_and_measures != "改过"
