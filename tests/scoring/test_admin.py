"""Frameworks in the admin: forms per scoring shape (no JSON), copies inactive, activation by weights,
read-only once a submitted report uses them."""

import re
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from departments.models import Region
from evaluations.models import Evaluation, EvaluationStatus, Indicator, IndicatorFramework
from evaluations.scoring.frameworks import evaluation_framework, framework_applicable
from evaluations.scoring.selectors import scoring_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo):
    client.login(username="admin", password="tianxin2018")
    return client


def indicator_url(indicator):
    return reverse("admin:evaluations_indicator_change", args=[indicator.pk])


def bands_data(rows, prefix="band", initial=None):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial if initial is not None else 0),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                data[f"{prefix}-{index}-{key}"] = "on"
            elif value is not None and value is not False:
                data[f"{prefix}-{index}-{key}"] = str(value)
    return data


def form_data(indicator, **changes):
    """What the indicator page posts as it shows the indicator now (rule fields from the form itself)."""
    from evaluations.scoring.rule_forms import IndicatorForm

    form = IndicatorForm(instance=indicator)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "pk"):
            value = value.pk
        if value is None:
            continue
        if isinstance(field.widget.__class__, type) and field.widget.__class__.__name__ == "CheckboxInput":
            if value:
                data[name] = "on"
            continue
        data[name] = str(value)
    bands = [dict(band.initial) for band in form.bands.forms if band.initial]
    data.update(bands_data(bands, initial=len(bands)))
    data.update({key: value for key, value in changes.items() if not key.startswith("band")})
    if "bands" in changes:
        data = {key: value for key, value in data.items() if not key.startswith("band-")}
        data.update(bands_data(changes["bands"], initial=min(len(bands), len(changes["bands"]))))
    return {key: value for key, value in data.items() if value is not None}


def post_indicator(client, indicator, **changes):
    return client.post(indicator_url(indicator), form_data(indicator, **changes))


def field_errors(response, field):
    return [str(error) for error in response.context["adminform"].form.errors.get(field, [])]


# no JSON ---------------------------------------------------------------------------------------


def test_admin_pages_show_no_json(admin_client):
    framework = IndicatorFramework.objects.get()
    for url in (
        reverse("admin:evaluations_indicatorframework_change", args=[framework.pk]),
        reverse("admin:evaluations_indicatorframework_add"),
        indicator_url(Indicator.objects.get(name="预算调整率")),
        indicator_url(Indicator.objects.get(name="在职人员控制率")),
        reverse("admin:evaluations_indicator_add"),
    ):
        page = admin_client.get(url).content.decode()
        assert "rule_params" not in page and "computation_params" not in page and "total_caps" not in page, url
        textareas = set(re.findall(r'<textarea[^>]*name="([^"]+)"', page))
        assert textareas <= {"description", "explanation"}, (url, textareas)
        assert "&quot;threshold&quot;" not in page and "&quot;bands&quot;" not in page
    bands_page = admin_client.get(indicator_url(Indicator.objects.get(name="预算调整率"))).content.decode()
    assert "分档计分的各档" in bands_page and 'name="band-3-score"' in bands_page
    assert "(0%，5%]得2分" in bands_page  # the rule in words


# each shape's form at its boundaries --------------------------------------------------------------


def test_threshold_form_saves_labelled_values_as_the_rule(admin_client):
    leaf = Indicator.objects.get(name="在职人员控制率")
    response = post_indicator(admin_client, leaf, threshold="", deduct_per_point="0")
    assert response.status_code == 200
    assert field_errors(response, "threshold") == ["请填写阈值（%）。"]
    response = post_indicator(admin_client, leaf, deduct_per_point="0")
    assert field_errors(response, "deduct_per_point") == ["每个百分点扣分必须大于 0。"]
    response = post_indicator(admin_client, leaf, deduct_per_point="abc")
    assert field_errors(response, "deduct_per_point") == ["每个百分点扣分必须是数字，如 100 或 0.5。"]
    assert 'value="abc"' in response.content.decode()  # what was typed comes back
    response = post_indicator(admin_client, leaf, deduct_per_point="0.01", threshold="95", threshold_direction="above")
    assert response.status_code == 302
    leaf.refresh_from_db()
    assert leaf.rule_params == {"threshold": "95", "direction": "above", "deduct_per_point": "0.01"}
    assert leaf.criteria == "≤95%得满分5分；每高于1个百分点扣0.01分，扣完为止"


def test_steps_form_boundaries(admin_client):
    leaf = Indicator.objects.get(name="预算完成率")
    response = post_indicator(admin_client, leaf, step="0", deduct_per_step="-1")
    assert field_errors(response, "step") == ["档距必须大于 0。"]
    assert field_errors(response, "deduct_per_step") == ["每档扣分必须大于 0。"]
    response = post_indicator(admin_client, leaf, step="0.01", deduct_per_step="0.5", target="100")
    assert response.status_code == 302
    leaf.refresh_from_db()
    assert leaf.rule_params == {"target": "100", "direction": "below", "step": "0.01", "deduct_per_step": "0.5"}


def test_bands_form_rows(admin_client):
    leaf = Indicator.objects.get(name="预算调整率")  # weight 3
    too_much = [{"low": "0", "low_inclusive": True, "high": "5", "high_inclusive": True, "score": "3.01"}]
    response = post_indicator(admin_client, leaf, bands=too_much)
    assert response.status_code == 200 and "第1档分值3.01应在 0 到权重3之间" in response.content.decode()
    overlapping = [
        {"low": "0", "low_inclusive": True, "high": "5", "high_inclusive": True, "score": "3"},
        {"low": "5", "low_inclusive": True, "high": "10", "high_inclusive": True, "score": "2"},
    ]
    response = post_indicator(admin_client, leaf, bands=overlapping)
    assert "第1档与第2档的区间重叠" in response.content.decode()
    empty = [{"low": "10", "low_inclusive": True, "high": "5", "high_inclusive": True, "score": "1"}]
    response = post_indicator(admin_client, leaf, bands=empty)
    errors = response.context["adminform"].form.bands.forms[0].errors
    assert errors["high"] == ["上限须大于下限（相等时须同时含上限和下限）。"]
    no_score = [{"low": "0", "low_inclusive": True, "high": "5", "high_inclusive": True, "score": ""}]
    response = post_indicator(admin_client, leaf, bands=no_score)
    assert response.context["adminform"].form.bands.forms[0].errors["score"] == ["请填写得分。"]
    good = [
        {"low": "0", "low_inclusive": True, "high": "5", "high_inclusive": True, "score": "3"},
        {"low": "5", "low_inclusive": False, "high": None, "high_inclusive": True, "score": "0"},
    ]
    response = post_indicator(admin_client, leaf, bands=good)
    form = response.context and response.context["adminform"].form
    assert response.status_code == 302, (form.errors, form.bands.errors, form.bands.non_form_errors())
    leaf.refresh_from_db()
    assert leaf.rule_params == {
        "bands": [{"from": "0", "to": "5", "score": "3"}, {"from": "5", "from_inclusive": False, "score": "0"}]
    }
    assert leaf.criteria == "[0%，5%]得3分；>5%得0分"


def test_computation_parameter_is_a_labelled_choice(admin_client):
    leaf = Indicator.objects.get(name="“三公经费”变动率")
    assert leaf.computation_params == {"basis": "actual"}
    response = post_indicator(admin_client, leaf, param_three_public_change_rate_basis="budget")
    assert response.status_code == 302
    leaf.refresh_from_db()
    assert leaf.computation_params == {"basis": "budget"}


def test_every_indicator_of_the_default_round_trips_unchanged(admin_client, seed_evaluation):
    """Form → JSON → scoring gives the same as before for the default framework."""
    before_table = scoring_table(seed_evaluation)
    before = {i.pk: (i.rule_params, i.computation_params) for i in Indicator.objects.all()}
    for indicator in Indicator.objects.all():
        response = post_indicator(admin_client, indicator)
        form = response.context and response.context["adminform"].form
        assert response.status_code == 302, (
            indicator.name,
            form.errors,
            form.bands.errors,
            form.bands.non_form_errors(),
        )
    after = {i.pk: (i.rule_params, i.computation_params) for i in Indicator.objects.all()}
    for pk, (params, computation_params) in before.items():
        shape = Indicator.objects.get(pk=pk).rule_shape
        if shape == "bands":  # the inclusive ends that were default are written out no more
            assert after[pk][0]["bands"] == [
                {k: v for k, v in band.items() if not (k.endswith("_inclusive") and v is True)}
                for band in params["bands"]
            ]
        else:
            assert after[pk][0] == params, pk
        assert after[pk][1] == computation_params
    after_table = scoring_table(seed_evaluation)
    assert [(r.name, r.score, r.criteria) for r in after_table.rows] == [
        (r.name, r.score, r.criteria) for r in before_table.rows
    ]
    assert after_table.total == before_table.total


def test_live_preview_words_the_typed_rule_and_writes_nothing(admin_client):
    leaf = Indicator.objects.get(name="在职人员控制率")
    url = reverse("admin:evaluations_indicator_preview")
    answer = admin_client.post(url, form_data(leaf, threshold="90", deduct_per_point="2")).json()
    assert answer == {"text": "≤90%得满分5分；每高于1个百分点扣2分，扣完为止", "errors": []}
    answer = admin_client.post(url, form_data(leaf, deduct_per_point="")).json()
    assert answer["text"] == "" and "请填写每个百分点扣分。" in answer["errors"]
    assert Indicator.objects.get(pk=leaf.pk).rule_params["deduct_per_point"] == "0.5"
    assert admin_client.get(url).status_code == 405


def test_missing_parameters_are_named_by_their_labels_not_by_json_keys(admin_client):
    leaf = Indicator.objects.get(name="在职人员控制率")  # threshold, saved with all its parameters
    url = reverse("admin:evaluations_indicator_preview")
    answer = admin_client.post(url, form_data(leaf, deduct_per_point="")).json()
    assert answer == {"text": "", "errors": ["请填写每个百分点扣分。"]}
    answer = admin_client.post(url, form_data(leaf, rule_shape="bands")).json()
    assert answer == {"text": "", "errors": ["分档计分至少要有一档：请在下面的“分档”表中填写。"]}
    # Saving a switch to 整档扣分 without its parameters: the saved threshold parameters are not
    # checked as steps (「评分参数缺少：target、step、deduct_per_step」).
    response = post_indicator(admin_client, leaf, rule_shape="steps")
    assert response.status_code == 200
    assert field_errors(response, "rule_shape") == []
    assert field_errors(response, "target") == ["请填写目标值（%）。"]
    assert "评分参数缺少" not in response.content.decode()


def test_framework_caps_as_rows(admin_client):
    framework = IndicatorFramework.objects.get()
    url = reverse("admin:evaluations_indicatorframework_change", args=[framework.pk])
    page = admin_client.get(url)
    formsets = page.context["inline_admin_formsets"]
    data = {
        "name": framework.name,
        "from_year": framework.from_year,
        "region": "",
        "description": framework.description,
        "cap_computation": "budget_completion_rate",
        **bands_data(
            [{"low": "70", "low_inclusive": True, "high": "80", "high_inclusive": False, "score": "89"}], "cap"
        ),
    }
    for inline in formsets:
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is not None:
                    data[form.add_prefix(name)] = getattr(value, "pk", value)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    framework.refresh_from_db()
    assert framework.total_caps == [
        {
            "computation": "budget_completion_rate",
            "bands": [{"from": "70", "to": "80", "to_inclusive": False, "max_total": "89"}],
        }
    ]


# copy and activation ---------------------------------------------------------------------------


def test_copy_to_region_is_inactive_and_not_a_default(admin_client, seed_evaluation):
    framework = IndicatorFramework.objects.get()
    region = seed_evaluation.department.region
    response = admin_client.post(
        reverse("admin:evaluations_indicatorframework_changelist"),
        {"action": "copy_to_region", "_selected_action": [framework.pk]},
    )
    copy_url = reverse("admin:evaluations_indicatorframework_copy", args=[framework.pk])
    assert response.status_code == 302 and response["Location"] == copy_url
    refused = admin_client.post(copy_url, {"region": "", "from_year": "2018"})
    assert "请选择区域" in refused.content.decode()
    assert IndicatorFramework.objects.count() == 1
    response = admin_client.post(copy_url, {"region": region.pk, "from_year": "2018"})
    assert response.status_code == 302
    copy = IndicatorFramework.objects.exclude(pk=framework.pk).get()
    assert copy.region == region and copy.from_year == 2018 and copy.active is False
    assert copy.indicators.count() == framework.indicators.count() and copy.weight_problems() == []
    assert not copy.indicators.filter(parent__framework=framework).exists()
    # Inactive: every report still scores with the default.
    assert evaluation_framework(seed_evaluation) == framework
    assert framework_applicable(region_id=region.pk, year=2018) == framework
    other = Region.objects.create(name="长沙市岳麓区", short_name="岳麓区")
    assert framework_applicable(region_id=other.pk, year=2018) == framework


def _leaf_weights(framework, total):
    """Make the first 一级 indicator's weights so that the 一级 total is ``total``."""
    top = framework.indicators.filter(parent__isnull=True).order_by("order", "id")
    first = top[0]
    difference = D(total) - sum(i.weight for i in top)
    level2 = first.children.order_by("order", "id")[0]
    leaf = level2.children.order_by("order", "id")[0]
    for indicator in (first, level2, leaf):
        Indicator.objects.filter(pk=indicator.pk).update(weight=indicator.weight + difference)


def test_activation_refused_at_99_99_and_allowed_at_100(admin_client, seed_evaluation):
    framework = IndicatorFramework.objects.get()
    region = seed_evaluation.department.region
    admin_client.post(
        reverse("admin:evaluations_indicatorframework_copy", args=[framework.pk]),
        {"region": region.pk, "from_year": "2018"},
    )
    copy = IndicatorFramework.objects.get(active=False)
    _leaf_weights(copy, "99.99")
    changelist = reverse("admin:evaluations_indicatorframework_changelist")
    response = admin_client.post(changelist, {"action": "activate", "_selected_action": [copy.pk]}, follow=True)
    page = response.content.decode()
    assert "不能启用" in page and "一级指标权重合计为99.99，应为100" in page
    copy.refresh_from_db()
    assert copy.active is False and evaluation_framework(seed_evaluation) == framework
    _leaf_weights(copy, "100.00")
    response = admin_client.post(changelist, {"action": "activate", "_selected_action": [copy.pk]}, follow=True)
    copy.refresh_from_db()
    assert copy.active is True and "已启用" in response.content.decode()
    assert evaluation_framework(seed_evaluation) == copy


def test_a_new_framework_starts_inactive(admin_client):
    response = admin_client.post(
        reverse("admin:evaluations_indicatorframework_add"),
        {
            "name": "新版",
            "from_year": "2030",
            "region": "",
            "description": "",
            "cap_computation": "",
            **bands_data([], "cap"),
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0",
            "indicators-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert IndicatorFramework.objects.get(name="新版").active is False


# read-only once used ---------------------------------------------------------------------------


def test_framework_page_shows_the_tree_and_the_weight_check(admin_client):
    framework = IndicatorFramework.objects.get()
    page = admin_client.get(
        reverse("admin:evaluations_indicatorframework_change", args=[framework.pk])
    ).content.decode()
    assert "在职人员控制率" in page and "各级权重合计正确" in page and "可修改" in page and "已启用" in page


def test_framework_used_by_a_submitted_report_is_read_only(admin_client, seed_evaluation):
    framework = evaluation_framework(seed_evaluation)
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
    assert get_user_model().objects.filter(username="admin").exists()
