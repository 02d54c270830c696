"""The district analysis as a document: its context (figures, paragraphs, charts) and file names.

One context feeds the HTML preview, the PDF (``templates/reports/analysis.html``) and the workbook
(``reports/excel/analysis.py``); the figures come from ``evaluations.analysis``.
"""

import dataclasses
import hashlib

from django.core.cache import caches
from django.utils import timezone

from evaluations.analysis.drafting import GRADE_WORDS, paragraphs
from evaluations.analysis.figures import DashboardFigures, DistrictAnalysis
from evaluations.analysis.selectors import (
    analysis_overrides,
    analysis_regions,
    dashboard_analysis_figures,
    district_analysis_cached,
)

from .charts import Chart, bar_chart, line_chart

CHART_CACHE_SECONDS = 24 * 3600

CHART_TITLES = {
    "grades": "自评等级分布",
    "scores": "自评得分分布",
    "three_public": "“三公”经费本年与上年对比",
    "completion": "预算完成率分布",
    "adjustment": "预算调整率分布",
    "progress": "自评报告提交和审核进度",
}


def grade_chart(a: DistrictAnalysis | DashboardFigures, *, chart_id: str = "chart-grades") -> Chart:
    return bar_chart(
        chart_id=chart_id,
        title=CHART_TITLES["grades"],
        labels=[f"{GRADE_WORDS[band.label]}（{band.label}）" for band in a.grades],
        series=[("部门数", [band.count for band in a.grades])],
        unit="个",
        note=f"已完成评分的{a.scored}个部门",
    )


def progress_chart(a: DistrictAnalysis | DashboardFigures, *, chart_id: str = "chart-progress") -> Chart | None:
    if not a.progress:
        return None
    return line_chart(
        chart_id=chart_id,
        title=CHART_TITLES["progress"],
        labels=[f"{p.day.month}月{p.day.day}日" for p in a.progress],
        series=[
            ("已提交（含已审核）", [p.submitted for p in a.progress]),
            ("已审核", [p.approved for p in a.progress]),
        ],
        unit="个",
        note=f"应报{a.expected}个部门；按状态变更记录逐日统计",
    )


def analysis_charts(a: DistrictAnalysis) -> dict[str, Chart | None]:
    kinds = [a.three_public_row(key) for key in ("abroad", "vehicle", "reception", "total")]
    return {
        "grades": grade_chart(a),
        "scores": bar_chart(
            chart_id="chart-scores",
            title=CHART_TITLES["scores"],
            labels=[band.label for band in a.histogram],
            series=[("部门数", [band.count for band in a.histogram])],
            unit="个",
            note=f"已完成评分的{a.scored}个部门",
        ),
        "three_public": bar_chart(
            chart_id="chart-three-public",
            title=CHART_TITLES["three_public"],
            labels=[row.label for row in kinds],
            series=[
                ("上年决算", [row.last_year for row in kinds]),
                ("本年预算", [row.budget for row in kinds]),
                ("本年决算", [row.actual for row in kinds]),
            ],
            unit="万元",
            note=f"已报{a.three_public_units}个部门合计",
        ),
        "completion": bar_chart(
            chart_id="chart-completion",
            title=CHART_TITLES["completion"],
            labels=[band.label for band in a.completion],
            series=[("部门数", [band.count for band in a.completion])],
            unit="个",
            note=f"预算完成率 = 决算数 ÷ 调整预算数 × 100%，{a.completion_units}个部门",
        ),
        "adjustment": bar_chart(
            chart_id="chart-adjustment",
            title=CHART_TITLES["adjustment"],
            labels=[band.label for band in a.adjustment],
            series=[("部门数", [band.count for band in a.adjustment])],
            unit="个",
            note=f"预算调整率 = |调整预算数 − 年初预算数| ÷ 年初预算数 × 100%，{a.adjustment_units}个部门",
        ),
        "progress": progress_chart(a),
    }


def analysis_title(a: DistrictAnalysis) -> str:
    return f"{a.region_name}{a.year}年度部门整体支出绩效自评工作情况报告"


def analysis_context(*, region, year: int) -> dict:
    a = district_analysis_cached(region=region, year=year)
    return {
        "analysis": a,
        "title": analysis_title(a),
        "paragraphs": {p.key: p for p in paragraphs(a, analysis_overrides(region=region, year=year))},
        "charts": analysis_charts(a),
        "generated_at": timezone.localtime(),
    }


def dashboard_analysis(*, user, year: int) -> list[dict]:
    """For the reviewer dashboard: per region in the user's scope, the progress and grade charts,
    from the stored summaries and cheap counts (``dashboard_analysis_figures``), never the full
    district analysis."""
    panels = []
    for a in dashboard_analysis_figures(regions=analysis_regions(user), year=year):
        region_pk = a.region_id
        panels.append(
            {
                "analysis": a,
                "progress": _chart_cached(
                    ("progress", region_pk, a.expected, a.progress),
                    lambda a=a, pk=region_pk: progress_chart(a, chart_id=f"dashboard-progress-{pk}"),
                ),
                "grades": _chart_cached(
                    ("grades", region_pk, a.scored, a.grades),
                    lambda a=a, pk=region_pk: grade_chart(a, chart_id=f"dashboard-grades-{pk}"),
                ),
            }
        )
    return panels


def _chart_cached(data, make):
    """A dashboard chart, drawn by matplotlib (0.1–1 s each) only when its figures changed: cached
    under a hash of the figures it shows."""
    key = "dashboard-chart-" + hashlib.sha256(repr(data).encode()).hexdigest()
    chart = caches["default"].get(key)
    if chart is None:
        # without its drawing function (a closure, not picklable): the dashboard shows the SVG only
        chart = make()
        chart = dataclasses.replace(chart, draw=None) if dataclasses.is_dataclass(chart) else chart
        caches["default"].set(key, chart, CHART_CACHE_SECONDS)
    return chart
