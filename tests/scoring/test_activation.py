"""A framework version scores reports only once activated, and only one whose weights add up (the
一级 indicators to exactly 100, as Decimal) can be activated; an active one keeps them adding up."""

import json
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from departments.models import Region
from evaluations.models import Indicator, IndicatorFramework
from evaluations.scoring.frameworks import framework_applicable
from evaluations.scoring.services import framework_activate, framework_copy, framework_ensure_default

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return Region.objects.create(name="长沙市测试区", short_name="测试区")


@pytest.fixture
def draft(region):
    """A copy of the default for the region from 2030: inactive, weights adding up to 100."""
    return framework_copy(framework=framework_ensure_default(), region=region, from_year=2030)


def set_top_total(framework, total: D) -> None:
    """Move one branch (一级, its 二级, one 三级) so the 一级 weights add up to ``total``; inner levels stay consistent."""
    leaf = Indicator.objects.filter(framework=framework, children__isnull=True).exclude(parent=None).first()
    delta = total - sum(i.weight for i in Indicator.objects.filter(framework=framework, parent=None))
    node = leaf
    while node is not None:
        Indicator.objects.filter(pk=node.pk).update(weight=node.weight + delta)
        node = node.parent


def test_a_copy_is_inactive_and_scores_nothing_until_activated(draft, region):
    assert draft.is_active is False
    assert framework_applicable(region_id=region.pk, year=2030).region_id is None  # the default still applies
    framework_activate(framework=draft)
    assert framework_applicable(region_id=region.pk, year=2030) == draft


@pytest.mark.parametrize(
    ("total", "activates"), [(D("99.99"), False), (D("100"), True), (D("100.00"), True), (D("100.01"), False)]
)
def test_activation_at_the_boundaries_of_100(draft, total, activates):
    set_top_total(draft, total)
    problems = draft.weight_problems()
    assert (problems == []) is activates
    if activates:
        framework_activate(framework=draft)
        assert IndicatorFramework.objects.get(pk=draft.pk).is_active
    else:
        with pytest.raises(ValidationError) as error:
            framework_activate(framework=draft)
        assert f"一级指标权重合计为{total.normalize():f}，应为100" in str(error.value)
        assert not IndicatorFramework.objects.get(pk=draft.pk).is_active  # nothing changed


def admin_client():
    User = get_user_model()
    User.objects.create_superuser("root", password="x")
    client = Client()
    client.force_login(User.objects.get(username="root"))
    return client


def test_admin_activate_action_refuses_bad_weights_and_activates_good_ones(draft):
    client = admin_client()
    url = reverse("admin:evaluations_indicatorframework_changelist")
    set_top_total(draft, D("95"))
    page = client.post(url, {"action": "activate", "_selected_action": [draft.pk]}, follow=True).content.decode()
    assert "不能启用" in page and "一级指标权重合计为95，应为100" in page
    assert not IndicatorFramework.objects.get(pk=draft.pk).is_active
    set_top_total(draft, D("100"))
    page = client.post(url, {"action": "activate", "_selected_action": [draft.pk]}, follow=True).content.decode()
    assert "已启用" in page and IndicatorFramework.objects.get(pk=draft.pk).is_active
    client.post(url, {"action": "deactivate", "_selected_action": [draft.pk]})
    assert not IndicatorFramework.objects.get(pk=draft.pk).is_active


def test_a_framework_added_in_admin_starts_inactive(region):
    client = admin_client()
    response = client.post(
        reverse("admin:evaluations_indicatorframework_add"),
        {
            "name": "新版本",
            "region": region.pk,
            "from_year": 2031,
            "description": "",
            "total_caps": "[]",
            "indicators-TOTAL_FORMS": 0,
            "indicators-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert IndicatorFramework.objects.get(name="新版本").is_active is False


def test_an_active_framework_refuses_an_indicator_change_that_breaks_its_weights(draft):
    framework_activate(framework=draft)
    leaf = Indicator.objects.filter(framework=draft, children__isnull=True).first()
    client = admin_client()
    url = reverse("admin:evaluations_indicator_change", args=[leaf.pk])
    form = {
        "framework": draft.pk,
        "parent": leaf.parent_id,
        "order": leaf.order,
        "name": leaf.name,
        "weight": str(leaf.weight + 1),
        "explanation": leaf.explanation,
        "computation": leaf.computation,
        "computation_params": json.dumps(leaf.computation_params),
        "rule_shape": leaf.rule_shape,
        "rule_params": json.dumps(leaf.rule_params),
    }
    page = client.post(url, form).content.decode()
    assert "该指标体系已启用" in page
    assert Indicator.objects.get(pk=leaf.pk).weight == leaf.weight
    framework_change = reverse("admin:evaluations_indicatorframework_change", args=[draft.pk])
    assert "已启用" in client.get(framework_change).content.decode()


def inline_post(client, framework, change):
    """The framework's change form as the browser would post it, with ``change(rows)`` applied."""
    from django.contrib import admin
    from django.test import RequestFactory

    model_admin = admin.site._registry[IndicatorFramework]
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="root")
    inline = model_admin.get_inline_instances(request, framework)[0]
    formset = inline.get_formset(request, framework)(instance=framework, prefix="indicators")
    rows = []
    for form in formset.forms:
        row = {}
        for name in form.fields:
            value = form[name].value()
            row[name] = "" if value is None else value
        rows.append(row)
    change(rows)
    data = {
        "name": framework.name,
        "region": framework.region_id or "",
        "from_year": framework.from_year,
        "description": framework.description,
        "total_caps": json.dumps(framework.total_caps),
        "indicators-TOTAL_FORMS": len(rows),
        "indicators-INITIAL_FORMS": len(rows),
        "indicators-MIN_NUM_FORMS": 0,
        "indicators-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if name == "DELETE":
                if value:
                    data[f"indicators-{index}-DELETE"] = "on"
                continue
            data[f"indicators-{index}-{name}"] = value
    url = reverse("admin:evaluations_indicatorframework_change", args=[framework.pk])
    return client.post(url, data)


def test_an_active_framework_refuses_inline_weight_changes_that_break_it_and_takes_those_that_keep_it(draft):
    client = admin_client()
    framework_activate(framework=draft)
    leaf = Indicator.objects.filter(framework=draft, children__isnull=True).first()

    def heavier(rows):
        next(row for row in rows if row["id"] == leaf.pk)["weight"] = str(leaf.weight + 1)

    response = inline_post(client, draft, heavier)
    assert response.status_code == 200 and "该指标体系已启用" in response.content.decode()
    assert Indicator.objects.get(pk=leaf.pk).weight == leaf.weight

    def renamed(rows):
        next(row for row in rows if row["id"] == leaf.pk)["name"] = "改名的指标"

    response = inline_post(client, draft, renamed)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Indicator.objects.get(pk=leaf.pk).name == "改名的指标"
