"""Outlines as data: a report follows the outline it started with; one definition of complete."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from departments.models import DepartmentMembership, FiscalYear
from evaluations.gates import FINDING, submission_gate
from evaluations.models import Evaluation, EvaluationStatus, OutlineEntry, ReportOutline
from evaluations.outlines.builtin import OUTLINE_HUNAN_2020
from evaluations.outlines.selectors import outline_for
from evaluations.scoring.selectors import score_tables
from evaluations.sections import Requirement, Section, SectionForms, register, unregister
from evaluations.sections.base import Paragraphs, report_paragraphs
from evaluations.sections.texts import narrative_form
from evaluations.services import evaluation_start
from reports.rendering import render_report_html
from tests.factories import DepartmentFactory, score_remaining_by_hand
from tests.reports.conftest import normalize
from tests.scoring.test_approval_freeze import make_submittable

pytestmark = pytest.mark.django_db


def hunan_outline_for(region) -> ReportOutline:
    """What an admin does with 保存为新的: copy the shipped Hunan outline to a region from 2020."""
    library = ReportOutline.objects.get(name=OUTLINE_HUNAN_2020["name"])
    copy = ReportOutline.objects.create(name="本区提纲", region=region, from_year=2020, active=True)
    for entry in library.entries.all():
        OutlineEntry.objects.create(
            outline=copy,
            order=entry.order,
            section=entry.section,
            number=entry.number,
            title=entry.title,
            heading=entry.heading,
            level=entry.level,
            group_heading=entry.group_heading,
        )
    return copy


@pytest.fixture
def report_2021(demo):
    department = Evaluation.objects.get(department__code="999001").department
    hunan_outline_for(department.region)
    year = FiscalYear.objects.create(year=2021, is_open=True)
    user = get_user_model().objects.get(username="filler2")
    return evaluation_start(department=department, fiscal_year=year, copy_previous=True, user=user)


def test_a_2021_report_in_a_region_with_the_later_outline_follows_it(report_2021, client):
    outline = outline_for(report_2021)
    assert outline.slugs[:3] == ["score-summary", "profile", "income-spending"]
    client.force_login(get_user_model().objects.get(username="filler2"))
    page = client.get(reverse("evaluations:section", args=[report_2021.pk, "income-spending"])).content.decode()
    assert "二（二）" in page and "部门整体支出概况" in page and "人员经费" in page
    nav = client.get(reverse("evaluations:section", args=[report_2021.pk, "score-summary"])).content.decode()
    assert "自评得分情况" in nav and "三（一）" in nav

    html = render_report_html(evaluation=report_2021)
    headings = [
        "一、自评得分情况",
        "二、基本情况",
        "（一）单位基本概况",
        "（二）部门整体支出概况",
        "三、部门整体支出或项目实施情况分析",
    ]
    positions = [html.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "（一）2021年度整体支出预决算情况" in html
    checklist = client.get(reverse("evaluations:checklist", args=[report_2021.pk])).content.decode()
    assert "二（二） 部门整体支出概况" in checklist  # its 未完成 finding, numbered as this outline numbers it


def test_the_2018_report_keeps_its_outline_when_a_later_one_is_published(seed_evaluation):
    hunan_outline_for(seed_evaluation.department.region)
    assert outline_for(seed_evaluation).slugs[0] == "profile"
    assert "一、部门概况" in render_report_html(evaluation=seed_evaluation)


def test_basic_spending_is_derived_from_personnel_and_public_funds_never_typed_twice(report_2021, client):
    client.force_login(get_user_model().objects.get(username="filler2"))
    url = reverse("evaluations:section", args=[report_2021.pk, "income-spending"])
    page = client.get(url).content.decode()
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    data = {
        "fingerprint": fingerprint,
        "save": "1",
        "figures-income_total": "120",
        "figures-personnel_actual": "70.5",
        "figures-public_funds_actual": "9.5",
        "text-income_spending_override": "",
    }
    assert client.post(url, data).status_code == 302
    budget = report_2021.department.budgets.get(fiscal_year_id=2021)
    assert budget.basic_actual == 80 and budget.personnel_actual == 70.5
    table = client.get(reverse("evaluations:section", args=[report_2021.pk, "budget-table"])).content.decode()
    assert 'name="table-basic_actual" value="80.00" disabled' in table  # shown, not an input
    assert 'name="table-basic_initial"' in table
    basic_data = client.get(reverse("evaluations:section", args=[report_2021.pk, "basic-data"])).content.decode()
    assert 'name="basic-public_funds_actual" value="9.50" disabled' in basic_data


def test_the_page_the_checklist_and_submission_agree_on_complete(seed_evaluation, client):
    """The seed has 9 of 10 sections complete: the page says so, the checklist names the tenth and
    submission is refused — one definition."""
    client.force_login(get_user_model().objects.get(username="filler"))
    page = client.get(reverse("evaluations:section", args=[seed_evaluation.pk, "basic-data"])).content.decode()
    assert "已完成 9/10 部分" in page
    checklist = client.get(reverse("evaluations:checklist", args=[seed_evaluation.pk])).content.decode()
    assert "“附 基础数据（公用经费、政府采购、结转结余）”尚未填写完整" in checklist
    assert reverse("evaluations:section", args=[seed_evaluation.pk, "basic-data"]) in checklist
    assert "basic-data" in [b.section for b in submission_gate(seed_evaluation) if b.kind == FINDING]


def test_forms_require_what_complete_means(seed_evaluation, client):
    """保存 with an empty required cell is refused at the field; 保存草稿 keeps it."""
    client.force_login(get_user_model().objects.get(username="filler"))
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "basic-data"])
    page = client.get(url).content.decode()
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    refused = client.post(url, {"fingerprint": fingerprint, "save": "1", "basic-public_funds_budget": "3"})
    assert refused.status_code == 200 and "请填写金额" in refused.content.decode()
    kept = client.post(url, {"fingerprint": fingerprint, "save_draft": "1", "basic-public_funds_budget": "3"})
    assert kept.status_code == 302


class ThrowawaySection(Section):
    slug = "throwaway"
    number = "五"
    title = "临时章节"
    heading = "五、临时章节"
    heading_level = 2
    # A text no section of the 2018 outline edits (a real module would add its own field).
    narratives = {"score_summary_override": "临时内容"}
    requirements = (
        Requirement(
            "临时内容", ("narratives", "score_summary_override"), form=("narratives", "score_summary_override")
        ),
    )

    def forms(self, bundle, *, data, draft, catalogue, outline):
        form = narrative_form("ThrowawayForm", {"score_summary_override": 4})
        return SectionForms(
            {"narratives": form(data, initial=self.narrative_values(bundle), draft=draft, prefix="text")}
        )

    def report_blocks(self, bundle):
        return [Paragraphs(report_paragraphs(bundle.evaluation.score_summary_override))]


THROWAWAY_TEMPLATE = """{% extends "evaluations/section_base.html" %}
{% load crispy_forms_tags %}
{% block unit_note %}{% endblock %}
{% block section_form %}{{ forms.narratives.score_summary_override|as_crispy_field }}{% endblock %}
"""


@pytest.fixture
def throwaway(settings, tmp_path):
    """The module above registered, and its page template where templates are found."""
    page = tmp_path / "evaluations" / "sections" / "throwaway.html"
    page.parent.mkdir(parents=True)
    page.write_text(THROWAWAY_TEMPLATE, encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    register(ThrowawaySection)
    yield
    unregister("throwaway")


def test_adding_a_section_is_one_module(throwaway, seed_evaluation, client):
    """The module above and its template, placed in the report's outline (as in admin), and nothing
    else: its page, the side nav's count, the checklist, submission and the report all follow it."""
    OutlineEntry.objects.create(
        outline=seed_evaluation.outline,
        order=99,
        section="throwaway",
        number="五",
        title="临时章节",
        heading="五、临时章节",
        level=2,
    )
    filler = get_user_model().objects.get(username="filler")
    make_submittable(seed_evaluation)  # the seed's own problems mended: only the new section stands in the way
    score_remaining_by_hand(seed_evaluation, filler)
    client.force_login(filler)
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "throwaway"])
    page = client.get(url).content.decode()
    assert "临时章节" in page and "已完成 10/11 部分" in page

    checklist = client.get(reverse("evaluations:checklist", args=[seed_evaluation.pk])).content.decode()
    assert "“五 临时章节”尚未填写完整，还缺：临时内容。" in checklist and f'href="{url}"' in checklist
    refused = client.post(reverse("evaluations:submit", args=[seed_evaluation.pk]), follow=True).content.decode()
    assert "还有 1 项问题需要处理后才能提交" in refused and "“五 临时章节”尚未填写完整" in refused
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.status == EvaluationStatus.DRAFT

    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    empty = client.post(url, {"fingerprint": fingerprint, "save": "1", "text-score_summary_override": ""})
    assert empty.status_code == 200 and "请填写自评得分情况（自拟）。" in empty.content.decode()  # what complete means
    text = "临时事项已于年内办结。"
    saved = client.post(
        url, {"fingerprint": fingerprint, "save": "1", "text-score_summary_override": text}, follow=True
    )
    assert "已保存“五 临时章节”。本部分已填写完整。" in saved.content.decode()
    assert "已完成 11/11 部分" in saved.content.decode()

    submitted = client.post(reverse("evaluations:submit", args=[seed_evaluation.pk]))
    assert submitted.status_code == 302 and submitted.url == reverse("home")
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.status == EvaluationStatus.SUBMITTED
    html = render_report_html(evaluation=seed_evaluation)
    assert '<h2 id="section-throwaway">五、临时章节</h2>' in html and text in html


def test_unknown_section_in_an_outline_is_a_404(seed_evaluation, client):
    client.force_login(get_user_model().objects.get(username="filler"))
    other = DepartmentFactory()
    DepartmentMembership.objects.create(user=get_user_model().objects.get(username="filler"), department=other)
    assert client.get(reverse("evaluations:section", args=[seed_evaluation.pk, "income-spending"])).status_code == 404


HUNAN_2021_HEADINGS = [
    "一、自评得分情况",
    "二、基本情况",
    "（一）单位基本概况",
    "（二）部门整体支出概况",
    "（三）支出使用方向和主要内容",
    "（四）部门整体支出绩效目标",
    "三、部门整体支出或项目实施情况分析",
    "（一）2021年度整体支出预决算情况",
    "（二）2021年“三公”经费支出情况",
    "（三）项目支出预决算差异成因分析",
    "（四）项目资金使用管理情况",
    "四、部门整体支出绩效情况",
    "五、存在的主要问题及改进措施或有关建议",
]


def test_the_pdf_of_a_report_in_the_later_outline_prints_its_headings_in_order(report_2021, client):
    client.force_login(get_user_model().objects.get(username="filler2"))
    response = client.get(reverse("reports:pdf", args=[report_2021.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = normalize("".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
    position = 0
    for heading in HUNAN_2021_HEADINGS:
        found = text.find(normalize(heading), position)
        assert found >= 0, f"heading missing or out of order: {heading}"
        position = found + len(normalize(heading))
    assert "一、部门概况" not in text  # nothing of the 2018 outline


def score_summary_paragraph(evaluation, client) -> str:
    """The paragraph under 一、自评得分情况 in the report's preview, as its 填报人 reads it."""
    page = client.get(reverse("reports:preview", args=[evaluation.pk])).content.decode()
    after = page.split('<h2 id="section-score-summary">一、自评得分情况</h2>', 1)[1]
    return re.sub(r"<[^>]+>", "", after.split("</p>", 1)[0]).strip()


def test_the_score_summary_states_the_total_and_grade_of_the_score_table(clean_evaluation, client):
    """The 2018 report of the second department, all of its indicators scored, in a region whose
    outline opens with 自评得分情况."""
    clean_evaluation.outline = hunan_outline_for(clean_evaluation.department.region)
    clean_evaluation.save()
    table = score_tables([clean_evaluation])[clean_evaluation.pk]
    assert table.pending == 0 and table.grade
    client.force_login(get_user_model().objects.get(username="filler2"))
    sentence = score_summary_paragraph(clean_evaluation, client)
    assert sentence == (
        f"经自评，长沙市天心区演示事务中心2018年度部门整体支出绩效综合评分为{table.total}分，"
        f"评价等级为“{table.grade}”。"
    )


def test_the_score_summary_of_a_score_table_still_pending_says_so(report_2021, client):
    table = score_tables([report_2021])[report_2021.pk]
    assert table.pending > 0
    client.force_login(get_user_model().objects.get(username="filler2"))
    sentence = score_summary_paragraph(report_2021, client)
    assert f"综合评分暂计为{table.total}分（尚有{table.pending}项指标未评分）" in sentence
    assert "评价等级" not in sentence
