"""What the template shows for reports other than the demo: empty items, overrides, per-year layouts."""

import re

import pytest
from django.conf import settings as django_settings

from reports.rendering import render_report_html
from tests.factories import EvaluationFactory

pytestmark = pytest.mark.django_db


def paragraphs_after(html: str, heading: str) -> list[str]:
    """The <p> texts between the heading containing ``heading`` and the next heading."""
    after_heading = html[html.index(heading) :].split("</h", 1)[1]
    section = re.split(r"<h[1-4]", after_heading, maxsplit=1)[0]
    return re.findall(r"<p>(.*?)</p>", section, flags=re.S)


def test_an_empty_report_says_what_is_missing_instead_of_leaving_blanks():
    evaluation = EvaluationFactory()
    html = render_report_html(evaluation=evaluation)
    assert "<p></p>" not in html and '<td class="amount"></td>' not in html
    assert paragraphs_after(html, "3、绩效目标情况")[0] == "无"
    assert paragraphs_after(html, "四、存在的主要问题")[0] == "（未填写）"
    assert paragraphs_after(html, "1、项目资金管理情况")[0] == "（未填写）"
    key_work = paragraphs_after(html, "1、部门基本情况")
    assert key_work[-2:] == ["2018年主要完成了以下几项重点工作：", "无"]
    body = html.split('<article class="report attachment')[0]  # the attachments have their own tables
    assert body.count('<td class="amount">未填写</td>') == 4 * 4 + 2 * 4


def test_overrides_replace_drafts_and_line_breaks_make_paragraphs(seed_evaluation):
    seed_evaluation.variance_analysis_override = "年初预算与决算一致。\n\n调整原因：无。"
    seed_evaluation.problems_and_measures = "一、制度有待完善。\n二、记录有待加强。"
    seed_evaluation.save()
    html = render_report_html(evaluation=seed_evaluation)
    assert paragraphs_after(html, "（三）项目支出") == ["年初预算与决算一致。", "调整原因：无。"]
    assert paragraphs_after(html, "四、存在的主要问题") == ["一、制度有待完善。", "二、记录有待加强。"]
    assert "预决算数没有差异" not in html


def test_the_title_and_dated_headings_follow_the_year():
    evaluation = EvaluationFactory(fiscal_year__year=2021)
    html = render_report_html(evaluation=evaluation)
    assert "<span>天心区部门整体支出（2021年度）</span><span>绩效自评报告</span>" in html
    assert "（一）2021年度整体支出情况" in html and "（二）2021年“三公”经费支出情况" in html
    assert "2018" not in re.sub(r"<head>.*</head>", "", html, flags=re.S)


def test_an_outline_names_its_own_report_template(settings, tmp_path):
    from evaluations.models import ReportOutline

    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "report_county.html").write_text("{{ title }}（本县版式）", encoding="utf-8")
    settings.TEMPLATES = [
        {**django_settings.TEMPLATES[0], "DIRS": [tmp_path, *django_settings.TEMPLATES[0]["DIRS"]]},
    ]
    evaluation = EvaluationFactory(fiscal_year__year=2019)
    outline = evaluation.outline or ReportOutline.objects.get(region=None, active=True)
    outline.template = "reports/report_county.html"
    outline.save()
    evaluation.outline = outline
    evaluation.save()
    assert render_report_html(evaluation=evaluation) == "天心区部门整体支出（2019年度）绩效自评报告（本县版式）"


def test_variance_sentence_follows_the_figures_unless_overridden(seed_evaluation):
    from budgets.models import DepartmentBudget

    budget = DepartmentBudget.objects.get(department=seed_evaluation.department, fiscal_year_id=2018)
    budget.project_adjusted = budget.project_initial + 10
    budget.save()
    text = paragraphs_after(render_report_html(evaluation=seed_evaluation), "（三）项目支出")[0]
    assert "调整预算数为158.35万元" in text
    assert "调整预算数较年初预算数增加10万元" in text and "决算数较调整预算数减少10万元" in text
    assert "差异原因" in text and "没有差异" not in text
