"""The 评分表 shows the report's framework; an administrator changes it until submission (audited)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from departments.models import AuditEvent
from evaluations.models import Evaluation, EvaluationStatus, IndicatorFramework
from evaluations.scoring.frameworks import evaluation_framework
from evaluations.scoring.services import evaluation_framework_set, framework_activate, framework_copy
from evaluations.workflow import WorkflowError

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional(seed_evaluation):
    default = IndicatorFramework.objects.get()
    copy = framework_copy(framework=default, region=seed_evaluation.department.region, from_year=2017)
    copy.name = "天心区版"
    copy.save()
    return copy


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_scoring_page_names_the_framework_and_only_admins_may_change_it(client, seed_evaluation):
    url = reverse("evaluations:scoring", args=[seed_evaluation.pk])
    page = login(client, "filler").get(url).content.decode()
    assert "评分指标体系：" in page and "默认，适用于没有本区域版本的区域" in page and "2015年起" in page
    assert 'name="framework"' not in page
    page = login(client, "admin").get(url).content.decode()
    assert 'name="framework"' in page and "更换评分指标体系" in page


def test_admin_changes_the_framework_of_a_draft(client, seed_evaluation, regional):
    framework_activate(framework=regional)
    assert evaluation_framework(seed_evaluation) == regional  # the region's active version applies
    default = IndicatorFramework.objects.get(region__isnull=True)
    url = reverse("evaluations:scoring_framework", args=[seed_evaluation.pk])
    login(client, "admin")
    response = client.post(url, {"framework": default.pk})
    assert response.status_code == 302
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.framework == default
    event = AuditEvent.objects.get(field="评分指标体系")
    assert event.old_value == str(regional) and event.new_value == str(default) and event.username == "admin"
    page = client.get(reverse("evaluations:scoring", args=[seed_evaluation.pk])).content.decode()
    assert default.name in page and "已确定用于本报告" in page


def test_an_inactive_framework_is_refused_at_the_field(client, seed_evaluation, regional):
    login(client, "admin")
    response = client.post(
        reverse("evaluations:scoring_framework", args=[seed_evaluation.pk]), {"framework": regional.pk}
    )
    assert response.status_code == 400
    assert "请选择本区域或默认的、已启用的评分指标体系" in response.content.decode()
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.framework_id is None and not AuditEvent.objects.filter(field="评分指标体系").exists()


def test_refused_after_submission(client, seed_evaluation, regional):
    framework_activate(framework=regional)
    default = IndicatorFramework.objects.get(region__isnull=True)
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.SUBMITTED, framework=default)
    seed_evaluation.refresh_from_db()
    login(client, "admin")
    page = client.get(reverse("evaluations:scoring", args=[seed_evaluation.pk])).content.decode()
    assert 'name="framework"' not in page
    response = client.post(
        reverse("evaluations:scoring_framework", args=[seed_evaluation.pk]), {"framework": regional.pk}
    )
    assert response.status_code == 403
    with pytest.raises(WorkflowError, match="已提交过"):
        evaluation_framework_set(
            evaluation=seed_evaluation, framework_id=regional.pk, user=get_user_model().objects.get(username="admin")
        )
    seed_evaluation.refresh_from_db()
    assert evaluation_framework(seed_evaluation) == default


def test_a_filler_cannot_change_it(client, seed_evaluation, regional):
    framework_activate(framework=regional)
    login(client, "filler")
    response = client.post(
        reverse("evaluations:scoring_framework", args=[seed_evaluation.pk]), {"framework": regional.pk}
    )
    assert response.status_code == 403
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.framework_id is None
