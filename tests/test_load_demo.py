"""`load_demo` reproduces the seed report exactly — checked against the seed file itself."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from budgets.selectors import three_public_summary
from evaluations import drafting
from evaluations.selectors import report_bundle
from tests.seed_document import seed_paragraphs, seed_table

pytestmark = pytest.mark.django_db


def report_body_text(evaluation) -> str:
    """Every sentence the stored report holds: drafted sentences, lists and narratives."""
    bundle = report_bundle(evaluation)
    e = bundle.evaluation
    parts = [
        drafting.overridable(e.profile_summary_override, drafting.draft_profile_summary(bundle)),
        bundle.profile.duties,
        drafting.overridable(e.key_work_intro_override, drafting.draft_key_work_intro(bundle)),
        *drafting.ordinal_items(item.text for item in e.key_work_items.all()),
        drafting.overridable(e.spending_summary_override, drafting.draft_spending_summary(bundle)),
        drafting.draft_goals(bundle),
        drafting.overridable(e.variance_analysis_override, drafting.draft_variance_analysis(bundle)),
        e.project_fund_management,
        drafting.overridable(e.project_implementation_override, drafting.draft_project_implementation(bundle)),
        e.goal_rationality_analysis,
        e.output_analysis,
        e.problems_and_measures,
    ]
    return "\n".join(parts)


def test_every_sentence_of_the_seed_is_in_the_demo(seed_evaluation):
    body = report_body_text(seed_evaluation)
    paragraphs = seed_paragraphs()
    assert len(paragraphs) >= 15
    missing = [p for p in paragraphs if p not in body]
    assert missing == []


def test_seed_contradictions_are_kept(seed_evaluation):
    budget = report_bundle(seed_evaluation).budget
    by_label = {line.label: line.amount for line in budget.functional_lines.all()}
    assert by_label["干部教育培训支出"] == Decimal("5.10")
    projects = {line.name: line.actual for line in budget.project_lines.all()}
    assert projects["干部教育培训"] == Decimal("5.01")
    assert sum(projects.values()) == Decimal("148.25")
    assert budget.project_actual == Decimal("148.35")
    assert sum(by_label.values()) == Decimal("478.89")
    assert budget.total_actual == Decimal("478.90")


def test_overall_spending_table_matches_the_seed(seed_evaluation):
    budget = report_bundle(seed_evaluation).budget
    table = seed_table("（一）2018年度整体支出情况")
    expected_rows = {"年初部门预算": "initial", "调整预算数": "adjusted", "部门决算数": "actual"}
    assert set(expected_rows) | {"其中：资产购置支出"} == set(table)
    for label, column in expected_rows.items():
        figures = budget.column(column)
        assert [figures["total"], figures["basic"], figures["project"], figures["special"]] == table[label]
    assets = [
        budget.asset_purchase_total,
        budget.asset_purchase_basic,
        budget.asset_purchase_project,
        budget.asset_purchase_special,
    ]
    assert assets == table["其中：资产购置支出"]


def test_three_public_table_matches_the_seed(seed_evaluation):
    budget = report_bundle(seed_evaluation).budget
    table = seed_table("“三公”经费支出情况")
    summary = three_public_summary(budget.three_public_lines.all())
    for label, column in {"部门预算数": "budget", "部门决算数": "actual"}.items():
        figures = summary[column]
        assert [figures["abroad"], figures["vehicle"], figures["reception"], figures["total"]] == table[label]


def test_second_department_and_demo_accounts(demo):
    from departments.models import DepartmentMembership, ReviewerScope
    from evaluations.models import Evaluation

    assert Evaluation.objects.filter(fiscal_year_id=2018).count() == 2
    User = get_user_model()
    for username in ["filler", "filler2", "reviewer", "admin"]:
        assert User.objects.get(username=username).check_password("tianxin2018")
    assert User.objects.get(username="admin").is_superuser
    filler_departments = {
        m.user.username: m.department.full_name
        for m in DepartmentMembership.objects.select_related("user", "department")
    }
    assert filler_departments["filler"] == "长沙市天心区政务服务中心"
    assert filler_departments["filler2"] != filler_departments["filler"]
    assert ReviewerScope.objects.get(user__username="reviewer").region.name == "长沙市天心区"


def snapshot():
    rows = {}
    for app in ["departments", "budgets", "evaluations", "auth"]:
        for model in apps.get_app_config(app).get_models():
            # every field but a stored summary's computation time: recomputing it is not a change of data
            fields = [f.attname for f in model._meta.concrete_fields if f.name != "refreshed_at"]
            rows[model._meta.label] = sorted(model.objects.values_list(*fields), key=repr)
    return rows


def test_load_demo_twice_changes_nothing(demo, capsys):
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    out = capsys.readouterr().out
    assert "tianxin2018" in out and "filler" in out and "reviewer" in out
