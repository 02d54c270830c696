"""附件1 评分表 (landscape) and 附件2 基础数据表 as the report includes them: HTML and PDF.

Rendered inside a minimal page with the report's print stylesheet, through the reports app's own
PDF pipeline (static-only fetcher), so the partials are checked before the report includes them.
The PDF is rendered once per module from hand-made data (no database); the seed's own figures are
checked in the HTML.
"""

import io
from decimal import Decimal

import pypdf
import pytest
from django.template import engines

from evaluations.scoring.basic_data import basic_data_table
from evaluations.scoring.default_framework import TREE
from evaluations.scoring.engine import IndicatorSpec, score_table
from evaluations.scoring.selectors import attachments_context, basic_data_attachment_context
from tests.checks.builders import clean_report

PAGE = engines["django"].from_string(
    '{% load static %}<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<link rel="stylesheet" href="{% static \'css/print.css\' %}"></head><body>'
    '<article class="report"><h2>四、存在的主要问题及改进措施或有关建议</h2><p>正文。</p></article>'
    '{% include "reports/inc/attachment_scoring.html" %}{% include "reports/inc/attachment_basic_data.html" %}'
    "</body></html>"
)


def default_specs() -> list[IndicatorSpec]:
    specs, counter = [], iter(range(1, 1000))

    def walk(nodes, parent_id):
        for order, node in enumerate(nodes, start=1):
            spec = IndicatorSpec(
                next(counter),
                parent_id,
                order,
                node.name,
                Decimal(node.weight),
                node.explanation,
                node.computation,
                node.computation_params,
                node.rule_shape,
                node.rule_params,
            )
            specs.append(spec)
            walk(node.children, spec.id)

    walk(TREE, None)
    return specs


@pytest.fixture(scope="module")
def rendered():
    from reports.rendering import html_to_pdf

    report = clean_report()
    html = PAGE.render(
        {
            "scoring_attachment": {
                "number": 1,
                "title": "测试单位2018年度部门整体支出绩效自评评分表",
                "table": score_table(report, default_specs(), framework_name="默认体系"),
            },
            "basic_data_attachment": {
                "number": 2,
                "title": "测试单位2018年度部门整体支出绩效评价基础数据表",
                "table": basic_data_table(report),
            },
        }
    )
    return html, pypdf.PdfReader(io.BytesIO(html_to_pdf(html))).pages


def test_scoring_table_pages_are_landscape_and_basic_data_portrait(rendered):
    _, pages = rendered
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages]
    texts = [p.extract_text() for p in pages]
    scoring = [i for i, t in enumerate(texts) if "评分说明" in t or "社会公众或服务对象满意度" in t]
    basic = next(i for i, t in enumerate(texts) if "附件2" in t)
    assert sizes[0] == (595, 842)  # the report body stays A4 portrait
    assert scoring and all(sizes[i] == (842, 595) for i in scoring)
    assert sizes[basic] == (595, 842)
    assert texts[scoring[0]].lstrip().startswith("附件1")  # a new page, 附件1 at the top
    assert texts[basic].lstrip().startswith("附件2")


def test_pdf_text_carries_the_scores_and_the_base_data(rendered):
    text = "".join(p.extract_text() for p in rendered[1]).replace("\n", "")
    for expected in (
        "在职人员控制率",
        "90.00%",
        "预算完成率",
        "100.00%",
        "总分（暂计）",
        "2017年决算数",
        "财政供养人员情况",
    ):
        assert expected in text, expected
    assert text.count("总分（暂计）") == 1  # the total once, at the end, not repeated on every page


@pytest.mark.django_db
def test_seed_attachments_html(seed_evaluation):
    html = PAGE.render(attachments_context(seed_evaluation))  # a draft shows the system's notes
    assert html.index("附件1") < html.index("附件2")
    assert "长沙市天心区政务服务中心2018年度部门整体支出绩效自评评分表" in html
    assert "长沙市天心区政务服务中心2018年度部门整体支出绩效评价基础数据表" in html
    assert '<th scope="row">在职人员控制率</th>' in html and "125.00%" in html
    assert "等级：待定（尚有20项指标未评分）" in html and "11.00" in html
    assert '<td class="amount">148.35</td>' in html and "系统中没有上年度记录" in html
    official = PAGE.render(attachments_context(seed_evaluation) | {"final": True})  # as approved: no system notes
    assert "系统中没有上年度记录" not in official and "（默认，2015年起）" not in official
    assert '<td class="amount">148.35</td>' in official


@pytest.mark.django_db
def test_frozen_table_is_what_the_attachment_shows(seed_evaluation):
    from evaluations.models import Indicator
    from evaluations.scoring.services import scoring_freeze

    scoring_freeze(evaluation=seed_evaluation)
    Indicator.objects.filter(name="预算完成率").update(weight=Decimal("50"))
    table = attachments_context(seed_evaluation)["scoring_attachment"]["table"]
    assert table.frozen_at and table.total == Decimal("11.00")
    assert "存档" in PAGE.render(attachments_context(seed_evaluation))


@pytest.mark.django_db
def test_basic_data_takes_last_year_from_last_years_record(seed_evaluation):
    from budgets.models import DepartmentBudget, ThreePublicLine
    from departments.models import FiscalYear

    FiscalYear.objects.create(year=2017)
    prior = DepartmentBudget.objects.create(
        department=seed_evaluation.department, fiscal_year_id=2017, project_actual=Decimal("120.00")
    )
    ThreePublicLine.objects.create(
        budget=prior, kind="reception", budget_amount=Decimal("3"), actual_amount=Decimal("2.50")
    )
    table = basic_data_attachment_context(seed_evaluation)["basic_data_attachment"]["table"]
    rows = {row.label: row.cells for row in table.rows}
    assert table.prior_source == "2017年度记录"
    assert rows["项目支出"] == ("120.00", "148.35", "148.35")
    assert rows["3. 公务接待费"] == ("2.50", "2.00", "0.00")
    assert rows["2. 因公出国（境）费"][0] == "未填写"  # last year's other kinds were not recorded
