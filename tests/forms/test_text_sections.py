"""一 3 goals, 二（三） variance, 三 and 四: lists and texts of the report."""

import pytest

from budgets.models import DepartmentBudget
from evaluations.models import Evaluation

pytestmark = pytest.mark.django_db


def reload(evaluation) -> Evaluation:
    return Evaluation.objects.get(pk=evaluation.pk)


def test_goals_edit_add_and_reorder(open_section, submit, seed_evaluation):
    page = open_section("goals")
    assert page.value("绩效目标（第1行）").startswith("组织政务中心及大厅工作人员进行业务培训")
    assert "一是组织政务中心" in page.text()  # how the report will number them
    page.fill("绩效目标（第5行）", "新增目标")
    page.fill("顺序（绩效目标第5行）", "0")  # first
    assert submit("goals", page).status_code == 302
    texts = [goal.text for goal in reload(seed_evaluation).goals.all()]
    assert texts[0] == "新增目标" and len(texts) == 5


def test_goals_need_at_least_one_unless_draft(open_section, submit, seed_evaluation):
    page = open_section("goals")
    for n in range(1, 5):
        page.check(f"删除（绩效目标第{n}行）")
    assert "请至少填写一项绩效目标" in submit("goals", page).content.decode()
    assert reload(seed_evaluation).goals.count() == 4
    assert submit("goals", page, button="save_draft").status_code == 302
    assert reload(seed_evaluation).goals.count() == 0


def test_variance_shows_the_draft_and_saves_an_override(open_section, submit, seed_evaluation):
    page = open_section("variance")
    assert "预决算数没有差异" in page.text()
    assert "148.35" in page.text()
    page.fill("预决算差异成因分析（自拟）", "三者相等，没有差异。")
    assert submit("variance", page).status_code == 302
    assert reload(seed_evaluation).variance_analysis_override == "三者相等，没有差异。"


def test_variance_with_a_difference_needs_a_reason_to_be_complete(open_section, submit, seed_evaluation):
    DepartmentBudget.objects.filter(department=seed_evaluation.department).update(project_adjusted="150.00")
    page = open_section("variance")
    assert "调整预算数较年初预算数增加1.65万元" in page.text()
    assert "请说明差异原因" in page.text()
    response = submit("variance", page)
    assert response.status_code == 200
    assert "本部分尚不完整" in response.content.decode()
    page.fill("预决算差异成因分析（自拟）", "调整预算增加1.65万元。差异原因：【请说明差异原因】")
    assert "替换为实际的差异原因" in submit("variance", page).content.decode()
    assert submit("variance", page, button="save_draft").status_code == 302  # a draft may keep it
    page = open_section("variance")
    page.fill("预决算差异成因分析（自拟）", "调整预算增加1.65万元，原因是追加了热线平台运维经费。")
    assert submit("variance", page).status_code == 302
    assert "热线平台" in reload(seed_evaluation).variance_analysis_override


@pytest.mark.parametrize(
    ("slug", "label", "field"),
    [
        ("performance", "整体绩效目标合理性分析", "goal_rationality_analysis"),
        ("performance", "整体绩效产出情况分析", "output_analysis"),
        ("problems", "存在的主要问题及改进措施或有关建议", "problems_and_measures"),
        ("projects", "项目资金管理情况", "project_fund_management"),
    ],
)
def test_narratives_save_and_are_required_unless_draft(open_section, submit, seed_evaluation, slug, label, field):
    page = open_section(slug)
    assert page.value(label) == getattr(seed_evaluation, field)
    page.fill(label, "  新的文字①②③  ")
    assert submit(slug, page).status_code == 302
    assert getattr(reload(seed_evaluation), field) == "新的文字①②③"
    page = open_section(slug)
    page.fill(label, "")
    assert f"请填写{label}" in submit(slug, page).content.decode()
    assert submit(slug, page, button="save_draft").status_code == 302
    assert getattr(reload(seed_evaluation), field) == ""
