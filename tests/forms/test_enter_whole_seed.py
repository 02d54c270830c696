"""The whole seed report can be typed in through the section pages, without JavaScript.

A new department starts an empty 2018 report; every figure, list and text of the seed is entered
by label, using only the spare rows the pages offer (saving drafts in between, as a user without
JavaScript would). Afterwards each section holds exactly what the demo's seed report holds.
"""

import pytest
from django.contrib.auth import get_user_model

from departments.models import DepartmentMembership, FiscalYear
from evaluations.demo import seed_2018
from evaluations.outlines.selectors import outline_for
from evaluations.selectors import evaluation_queryset, report_bundle
from evaluations.services import evaluation_start
from tests.factories import DepartmentFactory
from tests.forms.conftest import section_url
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_report(client, seed_evaluation):
    department = DepartmentFactory(unit_nature="civil_servant_managed")
    user = get_user_model().objects.create_user("newfiller", password="x")
    DepartmentMembership.objects.create(user=user, department=department)
    client.force_login(user)
    return evaluation_start(department=department, fiscal_year=FiscalYear.objects.get(year=2018), copy_previous=False)


def enter(client, evaluation, slug, *, fields=None, lists=(), final_button="save"):
    """Fill ``fields`` (label → value) and the rows of each list, saving drafts until every row is in.

    ``lists``: (row filler, rows); the filler gets (page, row number, row) and returns False when the
    page has no such row yet.
    """
    entered = [0] * len(lists)
    while True:
        page = SectionPage(client.get(section_url(evaluation, slug)))
        for label, value in (fields or {}).items():
            page.fill(label, value)
        for i, (fill_row, rows) in enumerate(lists):
            while entered[i] < len(rows) and fill_row(page, entered[i] + 1, rows[entered[i]]):
                entered[i] += 1
        done = all(entered[i] == len(rows) for i, (_, rows) in enumerate(lists))
        response = client.post(section_url(evaluation, slug), page.data(final_button if done else "save_draft"))
        assert response.status_code == 302, SectionPage(response).text()[-3000:]
        if done:
            return


def row(fill):
    def fill_row(page, n, values):
        first_label = fill(n, values)[0][0]
        if not page.has(first_label):
            return False
        for label, value in fill(n, values):
            page.fill(label, value)
        return True

    return fill_row


def without_ids(value):
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def test_the_whole_seed_can_be_entered_through_the_pages(client, empty_report, seed_evaluation):
    seed = seed_2018
    enter(
        client,
        empty_report,
        "profile",
        fields={
            "编制类型": seed.PROFILE["staffing_type"],  # the <option> value
            "编制数": str(seed.PROFILE["staff_quota"]),
            "实有在职人数": str(seed.PROFILE["staff_actual"]),
            "在职人员称谓": seed.PROFILE["staff_noun"],
            "主要职责": seed.PROFILE["duties"],
        },
        lists=[
            (row(lambda n, p: [(f"职务（第{n}行）", p[0]), (f"人数（第{n}行）", str(p[1]))]), seed.LEADERSHIP_POSTS),
            (row(lambda n, name: [(f"机构名称（第{n}行）", name)]), seed.DIVISIONS),
            (row(lambda n, text: [(f"重点工作（第{n}行）", text)]), seed.KEY_WORK),
        ],
    )
    enter(
        client,
        empty_report,
        "spending",
        lists=[
            (
                row(
                    lambda n, line: [
                        (f"功能分类科目（第{n}行）", line[0]),
                        (f"报告中的名称（第{n}行）", line[1]),
                        (f"金额（第{n}行）", str(line[2])),
                    ]
                ),
                seed.FUNCTIONAL_LINES,
            )
        ],
    )
    enter(client, empty_report, "goals", lists=[(row(lambda n, text: [(f"绩效目标（第{n}行）", text)]), seed.GOALS)])
    rows = {"initial": "年初部门预算", "adjusted": "调整预算数", "actual": "部门决算数"}
    cols = {"basic": "基本支出", "project": "项目支出", "special": "政府专项"}
    cells = {}
    for field, amount in seed.BUDGET.items():
        if field.startswith("asset_purchase_"):
            cells[f"其中：资产购置支出 {cols[field.removeprefix('asset_purchase_')]}"] = str(amount)
        else:
            col, column_row = field.split("_")
            cells[f"{rows[column_row]} {cols[col]}"] = str(amount)
    enter(client, empty_report, "budget-table", fields=cells)
    kinds = {
        "abroad": "因公出国（境）",
        "vehicle_purchase": "公车购置",
        "vehicle_operation": "公车运行维护",
        "reception": "公务接待",
    }
    three = {}
    for kind, (planned, actual) in seed.THREE_PUBLIC.items():
        three[f"{kinds[kind]}预算数"] = str(planned)
        three[f"{kinds[kind]}决算数"] = str(actual)
    enter(client, empty_report, "three-public", fields=three)
    enter(client, empty_report, "variance")
    enter(
        client,
        empty_report,
        "projects",
        fields={"项目资金管理情况": seed.NARRATIVES["project_fund_management"]},
        lists=[
            (
                row(
                    lambda n, p: [
                        (f"项目名称（第{n}行）", p[0]),
                        (f"功能分类科目（第{n}行）", p[1]),
                        (f"决算（第{n}行）", str(p[2])),
                        (f"主要用途（第{n}行）", p[3]),
                        (f"管理和监督方式（第{n}行）", p[4]),
                    ]
                ),
                seed.PROJECT_LINES,
            )
        ],
    )
    enter(
        client,
        empty_report,
        "performance",
        fields={
            "整体绩效目标合理性分析": seed.NARRATIVES["goal_rationality_analysis"],
            "整体绩效产出情况分析": seed.NARRATIVES["output_analysis"],
        },
    )
    enter(
        client,
        empty_report,
        "problems",
        fields={"存在的主要问题及改进措施或有关建议": seed.NARRATIVES["problems_and_measures"]},
    )
    enter(client, empty_report, "basic-data", final_button="save_draft")  # the seed has no 基础数据

    entered = report_bundle(evaluation_queryset().get(pk=empty_report.pk))
    original = report_bundle(evaluation_queryset().get(pk=seed_evaluation.pk))
    for item in outline_for(seed_evaluation):
        assert without_ids(item.section.snapshot(entered)) == without_ids(item.section.snapshot(original)), item.slug


def test_every_visible_input_has_a_label(filler_client, seed_evaluation):
    for item in outline_for(seed_evaluation):
        page = SectionPage(filler_client.get(section_url(seed_evaluation, item.slug)))
        assert page.unlabelled() == [], item.slug
