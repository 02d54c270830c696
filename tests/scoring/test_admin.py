"""Frameworks in the admin: editable while unused, read-only once a submitted report uses them, copyable."""

import json
from decimal import Decimal as D

import pytest
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationStatus, Indicator, IndicatorFramework
from evaluations.scoring.frameworks import evaluation_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo):
    client.login(username="admin", password="tianxin2018")
    return client


def indicator_url(indicator):
    return reverse("admin:evaluations_indicator_change", args=[indicator.pk])


def post_indicator(client, indicator, **changes):
    data = {
        "framework": indicator.framework_id,
        "parent": indicator.parent_id or "",
        "order": indicator.order,
        "name": indicator.name,
        "weight": indicator.weight,
        "explanation": indicator.explanation,
        "computation": indicator.computation,
        "computation_params": '{"basis": "actual"}' if indicator.computation_params else "{}",
        "rule_shape": indicator.rule_shape,
        "rule_params": changes.pop("rule_params", None) or json.dumps(indicator.rule_params),
    }
    data.update(changes)
    return client.post(indicator_url(indicator), data)


def test_unused_framework_is_editable_and_validates_rule_parameters(admin_client):
    leaf = Indicator.objects.get(name="在职人员控制率")
    response = post_indicator(admin_client, leaf, rule_params='{"threshold": "100"}')
    assert response.status_code == 200 and "评分参数缺少" in response.content.decode()
    response = post_indicator(
        admin_client, leaf, rule_params='{"threshold": "100", "direction": "above", "deduct_per_point": "1"}'
    )
    assert response.status_code == 302
    assert Indicator.objects.get(pk=leaf.pk).rule_params["deduct_per_point"] == "1"


def test_framework_page_shows_the_tree_and_the_weight_check(admin_client):
    framework = IndicatorFramework.objects.get()
    page = admin_client.get(
        reverse("admin:evaluations_indicatorframework_change", args=[framework.pk])
    ).content.decode()
    assert "在职人员控制率" in page and "各级权重合计正确" in page and "可修改" in page


def test_framework_used_by_a_submitted_report_is_read_only(admin_client, seed_evaluation):
    framework = evaluation_framework(seed_evaluation)
    # As submission does: the status changes and the framework is fixed on the report.
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.SUBMITTED, framework=framework)
    page = admin_client.get(
        reverse("admin:evaluations_indicatorframework_change", args=[framework.pk])
    ).content.decode()
    assert "不能再修改" in page and 'name="_save"' not in page
    leaf = Indicator.objects.get(name="在职人员控制率")
    response = post_indicator(admin_client, leaf, weight="9")
    assert response.status_code == 403
    assert Indicator.objects.get(pk=leaf.pk).weight == D("5")
    delete = admin_client.post(
        reverse("admin:evaluations_indicatorframework_delete", args=[framework.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403 and IndicatorFramework.objects.filter(pk=framework.pk).exists()


def test_copy_as_new_version(admin_client):
    framework = IndicatorFramework.objects.get()
    response = admin_client.post(
        reverse("admin:evaluations_indicatorframework_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [framework.pk]},
    )
    assert response.status_code == 302
    copy = IndicatorFramework.objects.exclude(pk=framework.pk).get()
    assert copy.from_year == framework.from_year + 1 and copy.indicators.count() == framework.indicators.count()
    assert copy.weight_problems() == [] and not copy.is_active  # a copy applies to no report until activated
    assert not copy.indicators.filter(parent__framework=framework).exists()
