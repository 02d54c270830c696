"""Frameworks as versioned reference data: the shipped default, validation, version choice, immutability."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from departments.models import Region
from evaluations.models import Evaluation, EvaluationStatus, Indicator, IndicatorFramework
from evaluations.scoring.default_framework import FROM_YEAR
from evaluations.scoring.frameworks import evaluation_framework, framework_applicable
from evaluations.scoring.services import framework_ensure_default

pytestmark = pytest.mark.django_db


@pytest.fixture
def default():
    return framework_ensure_default()


def test_default_framework_has_the_hunan_2015_weights_and_adds_up(default):
    assert default.region is None and default.from_year == FROM_YEAR
    assert default.weight_problems() == []
    top = {i.name: i.weight for i in default.indicators.filter(parent__isnull=True)}
    assert top == {"投入": D("13"), "过程": D("64"), "产出": D("13"), "效果": D("10")}
    leaves = {i.name: i for i in default.indicators.filter(parent__parent__isnull=False)}
    staff, three_public, completion = leaves["在职人员控制率"], leaves["“三公经费”变动率"], leaves["预算完成率"]
    assert (staff.weight, staff.rule_shape, staff.rule_params["deduct_per_point"]) == (D("5"), "threshold", "0.5")
    assert (three_public.weight, three_public.rule_params["deduct_per_point"]) == (D("8"), "0.8")
    assert three_public.computation_params == {"basis": "actual"}
    assert (completion.weight, completion.rule_shape, completion.rule_params["deduct_per_step"]) == (
        D("5"),
        "steps",
        "2",
    )
    assert completion.parent.name == "预算执行" and completion.parent.weight == D("21")
    for indicator in default.indicators.all():
        indicator.full_clean()
    assert "湖南" in default.description and "默认" in default.description


def test_loading_the_default_again_changes_nothing(default):
    Indicator.objects.filter(framework=default, name="预算完成率").update(weight=D("6"))
    again = framework_ensure_default()
    assert again.pk == default.pk and IndicatorFramework.objects.count() == 1
    assert Indicator.objects.get(framework=default, name="预算完成率").weight == D("6")  # admins own it now


def test_the_newest_applicable_version_is_chosen(default):
    region = Region.objects.create(name="长沙市测试区", short_name="测试区")
    other = Region.objects.create(name="长沙市其他区", short_name="其他区")
    regional = IndicatorFramework.objects.create(name="测试区2018版", region=region, from_year=2018)
    IndicatorFramework.objects.create(name="测试区2020版", region=region, from_year=2020)
    assert framework_applicable(region_id=region.pk, year=2018) == regional
    assert framework_applicable(region_id=region.pk, year=2019) == regional
    assert framework_applicable(region_id=region.pk, year=2017) == default
    assert framework_applicable(region_id=other.pk, year=2018) == default
    assert framework_applicable(region_id=other.pk, year=2014) is None


def test_one_version_per_region_and_year(default):
    duplicate = IndicatorFramework(name="另一个默认", from_year=FROM_YEAR)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "已有默认指标体系版本" in str(error.value)


def test_reading_the_framework_records_nothing(seed_evaluation, default):
    assert seed_evaluation.framework_id is None
    assert evaluation_framework(seed_evaluation) == default
    assert Evaluation.objects.get(pk=seed_evaluation.pk).framework_id is None


def test_indicator_validation(default):
    leaf = default.indicators.get(name="预算完成率")
    group = leaf.parent
    cases = [
        (Indicator(framework=default, parent=group, name="无规则", weight=D("1")), "须选择"),
        (
            Indicator(
                framework=default, parent=group, name="混搭", weight=D("1"), computation="manual", rule_shape="steps"
            ),
            "人工评分",
        ),
        (
            Indicator(
                framework=default,
                parent=group,
                name="坏参数",
                weight=D("1"),
                computation="budget_completion_rate",
                rule_shape="threshold",
                rule_params={"threshold": "100"},
            ),
            "缺少",
        ),
        (Indicator(framework=default, parent=leaf, name="第四级", weight=D("1")), "最多分三级"),
        (Indicator(framework=default, name="一级带公式", weight=D("1"), computation="staff_control_rate"), "只汇总"),
    ]
    for indicator, message in cases:
        with pytest.raises(ValidationError) as error:
            indicator.full_clean()
        assert message in str(error.value), indicator.name


def test_weight_problems_are_reported(default):
    Indicator.objects.filter(framework=default, name="预算完成率").update(weight=D("6"))
    problems = default.weight_problems()
    assert any("预算执行" in p for p in problems) and any("一级指标权重合计" not in p for p in problems)


def test_framework_of_a_submitted_report_refuses_edits(seed_evaluation, default):
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(framework=default)
    leaf = default.indicators.get(name="在职人员控制率")
    leaf.full_clean()  # a draft report does not lock it
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    assert default.is_locked()
    for obj in (leaf, default):
        with pytest.raises(ValidationError) as error:
            obj.full_clean()
        assert "不能再修改" in str(error.value)
