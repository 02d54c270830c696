"""The drafted paragraphs restate the figures; the bureau's wording is kept per region and year and
the draft can always be restored (ADR 1 style)."""

import pytest
from django.contrib.auth import get_user_model

from budgets.money import format_amount_text
from departments.models import Region
from evaluations.analysis.drafting import PARAGRAPHS, paragraphs
from evaluations.analysis.models import AnalysisParagraph
from evaluations.analysis.selectors import analysis_overrides, district_analysis
from evaluations.analysis.services import analysis_paragraph_restore, analysis_paragraph_save

YEAR = 2018


def test_drafts_restate_the_figures(district):
    a = district_analysis(region=district, year=YEAR)
    text = {p.key: p.text for p in paragraphs(a, {})}
    assert text["overview"].startswith(f"2018年度，全区应参评部门{a.expected}个，已完成自评{a.submitted}个")
    assert f"尚有{len(a.not_submitted)}个部门未提交" in text["overview"]
    grades = {band.label: band.count for band in a.grades}
    assert (
        f"平均得分{a.mean}分，中位数{a.median}分，最高{a.highest}分，最低{a.lowest}分；"
        f"其中优秀{grades['优']}个、良好{grades['良']}个、中等{grades['中']}个、较差{grades['差']}个。"
    ) in text["scores"]
    assert f"“{a.rules[0].title}”{a.rules[0].reports}个部门" in text["findings"]
    total = a.three_public_row("total")
    assert (
        f"预算{format_amount_text(total.budget)}万元，决算{format_amount_text(total.actual)}万元"
        in text["three_public"]
    )
    assert f"平均为{a.completion_mean}%" in text["execution"]
    assert f"合计{format_amount_text(a.spending_total)}万元" in text["spending"]
    assert (
        f"{a.spending[0].name}{format_amount_text(a.spending[0].amount)}万元（占{a.spending[0].share}%）"
        in text["spending"]
    )


def test_override_saved_per_region_and_year_and_draft_restorable(district):
    user = get_user_model().objects.get(username="reviewer")
    other = Region.objects.create(name="长沙市岳麓区", short_name="岳麓区")
    analysis_paragraph_save(region=district, year=YEAR, key="overview", text="  财政局自拟的总体情况。 ", user=user)
    assert analysis_overrides(region=district, year=YEAR) == {"overview": "财政局自拟的总体情况。"}
    assert analysis_overrides(region=other, year=YEAR) == {}
    assert analysis_overrides(region=district, year=YEAR - 1) == {}

    a = district_analysis(region=district, year=YEAR)
    shown = {p.key: p for p in paragraphs(a, analysis_overrides(region=district, year=YEAR))}
    assert shown["overview"].text == "财政局自拟的总体情况。" and shown["overview"].overridden
    assert shown["overview"].draft.startswith("2018年度，全区应参评部门")  # the draft stays available
    assert not shown["scores"].overridden

    analysis_paragraph_save(region=district, year=YEAR, key="overview", text="第二稿。", user=user)
    assert AnalysisParagraph.objects.get().text == "第二稿。"
    analysis_paragraph_restore(region=district, year=YEAR, key="overview")
    assert not AnalysisParagraph.objects.exists()
    analysis_paragraph_save(region=district, year=YEAR, key="scores", text="x", user=user)
    analysis_paragraph_save(region=district, year=YEAR, key="scores", text="   ", user=user)  # blank = restore
    assert not AnalysisParagraph.objects.exists()
    with pytest.raises(ValueError):
        analysis_paragraph_save(region=district, year=YEAR, key="nope", text="x", user=user)
    assert set(PARAGRAPHS) == {p.key for p in paragraphs(a, {})}
