"""The analysis as page, PDF and workbook; its charts (bars, labels, CSP-clean SVG); who may open it."""

import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from departments.models import Region, ReviewerScope
from evaluations.analysis.selectors import district_analysis
from reports.analysis import analysis_charts

YEAR = 2018
SVG = "{http://www.w3.org/2000/svg}"


def urls(region):
    return {
        name: reverse(f"reports:{name}", args=[region.pk, YEAR])
        for name in ("analysis", "analysis_pdf", "analysis_docx", "analysis_excel", "analysis_edit")
    }


@pytest.fixture
def reviewer(client):
    client.login(username="reviewer", password="tianxin2018")
    return client


def parse(svg: str):
    return ET.fromstring(svg)  # noqa: S314 — our own charts


def bars(svg: str, chart_id: str) -> dict[str, float]:
    """Height of each bar path, by its group id."""
    root = parse(svg)
    heights = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("id", "").startswith(f"{chart_id}-bar-"):
            (path,) = group.iter(f"{SVG}path")
            ys = [float(y) for y in re.findall(r"[ML] [\d.]+ ([\d.]+)", path.get("d"))]
            heights[group.get("id").removeprefix(f"{chart_id}-bar-")] = round(max(ys) - min(ys), 3)
    return heights


def texts(svg: str) -> list[str]:
    return [t.text for t in parse(svg).iter(f"{SVG}text")]


def assert_csp_clean(svg: str):
    root = parse(svg)
    assert not [e for e in root.iter() if "style" in e.attrib]
    assert not [e for e in root.iter() if e.tag in (f"{SVG}style", f"{SVG}script")]
    assert not [k for e in root.iter() for k in e.attrib if k.startswith("on")]
    assert root.get("role") == "img" and root.find(f"{SVG}title") is not None


def test_charts_have_the_expected_bars_and_labels(district):
    a = district_analysis(region=district, year=YEAR)
    charts = analysis_charts(a)
    for chart in charts.values():
        assert_csp_clean(chart.svg)

    grades = charts["grades"]
    counts = [band.count for band in a.grades]
    heights = bars(grades.svg, "chart-grades")
    assert sorted(heights) == [f"0-{i}" for i in range(4)]
    tallest = max(counts)
    for i, count in enumerate(counts):  # bar heights proportional to the counts
        assert heights[f"0-{i}"] == pytest.approx(heights[f"0-{counts.index(tallest)}"] * count / tallest, abs=0.01)
    labels = texts(grades.svg)
    for label in ("优秀（优）", "良好（良）", "中等（中）", "较差（差）", *map(str, counts)):
        assert label in labels
    assert grades.rows == [
        [f"{w}（{g}）", str(c)]
        for (w, g), c in zip([("优秀", "优"), ("良好", "良"), ("中等", "中"), ("较差", "差")], counts, strict=True)
    ]

    scores = charts["scores"]
    assert len(bars(scores.svg, "chart-scores")) == len(a.histogram)
    assert [row[1] for row in scores.rows] == [str(band.count) for band in a.histogram]

    three = charts["three_public"]
    heights = bars(three.svg, "chart-three-public")
    assert len(heights) == 12  # 4 kinds × (上年决算, 本年预算, 本年决算)
    total = a.three_public_row("total")
    assert three.rows[-1] == ["合计", str(total.last_year), str(total.budget), str(total.actual)]
    for amount in (total.last_year, total.budget, total.actual):
        assert str(amount) in texts(three.svg)
    assert heights["2-3"] / heights["0-3"] == pytest.approx(float(total.actual / total.last_year), rel=0.01)

    completion = charts["completion"]
    assert [row[1] for row in completion.rows] == [str(band.count) for band in a.completion]
    assert len(bars(completion.svg, "chart-completion")) == len(a.completion)

    progress = charts["progress"]
    root = parse(progress.svg)
    lines = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("chart-progress-line-")}
    assert len(lines) == 2
    path = next(lines["chart-progress-line-0"].iter(f"{SVG}path"))
    assert len(re.findall(r"[ML] ", path.get("d"))) == len(a.progress)
    assert progress.rows[-1] == [
        f"{a.progress[-1].day.month}月{a.progress[-1].day.day}日",
        str(a.progress[-1].submitted),
        str(a.progress[-1].approved),
    ]


def test_preview_page_shows_paragraphs_charts_and_tables_without_inline_style_or_script(district, reviewer):
    response = reviewer.get(urls(district)["analysis"])
    assert response.status_code == 200
    assert "style-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert not re.search(r"<script|\sstyle=|<style", page)
    a = district_analysis(region=district, year=YEAR)
    assert f"全区应参评部门{a.expected}个，已完成自评{a.submitted}个" in page
    for chart_id in ("chart-progress", "chart-grades", "chart-scores", "chart-three-public", "chart-completion"):
        assert f'aria-labelledby="{chart_id}-title"' in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # several charts on one page: no clashing ids
    for f in a.not_submitted:
        assert f.unit.name in page
    for r in a.top:
        assert r.unit.name in page


def test_pdf_has_the_text_attachments_and_charts_as_vector_paths(district, reviewer):
    response = reviewer.get(urls(district)["analysis_pdf"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", "", text)
    a = district_analysis(region=district, year=YEAR)
    assert "长沙市天心区2018年度部门整体支出绩效自评工作情况报告" in flat
    assert f"全区应参评部门{a.expected}个，已完成自评{a.submitted}个" in flat
    for number in range(1, 7):
        assert f"附件{number}" in flat
    assert "图2自评等级分布" in flat.replace("\u3000", "")
    assert "优秀（优）" in flat  # a chart label, drawn as text
    images, filled_paths = 0, 0
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        images += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
        content = page.get_contents().get_data()
        filled_paths += len(re.findall(rb"\sl\n[^Q]*?\n(?:f|B)\n", content)) + content.count(b" re\nf\n")
    assert images == 0  # charts are vector drawings, not pictures
    assert filled_paths >= sum(1 for band in a.grades if band.count)  # at least the grade bars are filled paths


def test_workbook_holds_the_figures(district, reviewer):
    response = reviewer.get(urls(district)["analysis_excel"])
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    a = district_analysis(region=district, year=YEAR)
    assert workbook.sheetnames[:7] == [
        "报告正文",
        "附件1 未提交名单",
        "附件2 得分排名",
        "附件3 问题统计",
        "附件4 三公经费",
        "附件5 预算执行",
        "附件6 功能分类支出",
    ]
    names = [row[2] for row in workbook["附件1 未提交名单"].iter_rows(min_row=4, values_only=True)]
    assert names == [f.unit.name for f in a.not_submitted]
    three = {row[0]: row for row in workbook["附件4 三公经费"].iter_rows(min_row=4, values_only=True)}
    total = a.three_public_row("total")
    assert Decimal(str(three["合计"][2])).quantize(Decimal("0.01")) == total.actual
    spending = list(workbook["附件6 功能分类支出"].iter_rows(min_row=4, values_only=True))
    assert Decimal(str(spending[-1][2])).quantize(Decimal("0.01")) == a.spending_total


def test_bureau_wording_is_saved_shown_and_restorable(district, reviewer):
    paragraph_url = reverse("reports:analysis_paragraph", args=[district.pk, YEAR])
    response = reviewer.post(paragraph_url, {"key": "scores", "text": "=财政局改写的得分情况。"})
    assert response.status_code == 302
    assert "=财政局改写的得分情况。" in reviewer.get(urls(district)["analysis"]).content.decode()
    edit = reviewer.get(urls(district)["analysis_edit"]).content.decode()
    assert "已改写" in edit and "恢复系统生成的文字" in edit
    workbook = load_workbook(io.BytesIO(reviewer.get(urls(district)["analysis_excel"]).content))
    assert workbook["报告正文"]["B3"].value == "'=财政局改写的得分情况。"  # text, never a formula
    reviewer.post(paragraph_url, {"key": "scores", "restore": "1"})
    page = reviewer.get(urls(district)["analysis"]).content.decode()
    assert "财政局改写" not in page and "已完成评分的" in page


def test_saving_the_draft_unchanged_keeps_following_the_figures(district, reviewer):
    from evaluations.analysis.models import AnalysisParagraph

    a = district_analysis(region=district, year=YEAR)
    from evaluations.analysis.drafting import draft_overview

    reviewer.post(
        reverse("reports:analysis_paragraph", args=[district.pk, YEAR]), {"key": "overview", "text": draft_overview(a)}
    )
    assert not AnalysisParagraph.objects.exists()


def test_filler_gets_403_other_region_404_admin_and_reviewer_200(district):
    User = get_user_model()
    other_region = Region.objects.create(name="长沙市岳麓区", short_name="岳麓区")
    outsider = User.objects.create_user("reviewer_yuelu", password="x")
    ReviewerScope.objects.create(user=outsider, region=other_region)
    expectations = {"filler": 403, "filler2": 403, "reviewer_yuelu": 404, "admin": 200, "reviewer": 200}
    for username, status in expectations.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url in urls(district).items():
            assert client.get(url).status_code == status, (username, name)
        post = client.post(
            reverse("reports:analysis_paragraph", args=[district.pk, YEAR]), {"key": "overview", "text": "x"}
        )
        assert post.status_code == (302 if status == 200 else status)
    anonymous = Client().get(urls(district)["analysis"])
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    reviewer = Client()
    reviewer.force_login(User.objects.get(username="reviewer"))
    assert reviewer.get(reverse("reports:analysis", args=[district.pk, 1999])).status_code == 404


def test_dashboard_shows_progress_and_grade_charts_and_the_downloads(district, reviewer):
    page = reviewer.get(reverse("reports:dashboard"), {"year": YEAR}).content.decode()
    assert f'aria-labelledby="dashboard-progress-{district.pk}-title"' in page
    assert f'aria-labelledby="dashboard-grades-{district.pk}-title"' in page
    for url in (
        urls(district)["analysis"],
        urls(district)["analysis_pdf"],
        urls(district)["analysis_docx"],
        urls(district)["analysis_excel"],
    ):
        assert f'href="{url}"' in page
    assert not re.search(r"\sstyle=|<style", page)
