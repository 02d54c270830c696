"""other_year_mentioned, template_leftovers: the user's texts."""

from dataclasses import replace

from evaluations.checks import ERROR, WARNING
from evaluations.checks.rules import other_year_mentioned, template_leftovers
from evaluations.checks.snapshot import ProjectLine

from .builders import TRAINING, clean_report, with_narratives


def test_texts_mentioning_only_the_report_year_pass():
    report = with_narratives(clean_report(), problems_and_measures="2018年，12345热线工单22994件。")
    assert other_year_mentioned.check(report) == []


def test_another_year_in_a_narrative_is_a_warning_at_that_field():
    report = with_narratives(clean_report(), problems_and_measures="2017年度我单位继续加强管理。")
    [finding] = other_year_mentioned.check(report)
    assert finding.severity == WARNING and finding.section == "problems" and finding.field == "problems_and_measures"
    assert "2017" in finding.message and "2018" in finding.message


def test_another_year_in_a_list_item_points_at_its_row():
    report = clean_report(goals=("按时办结", "2019年完成验收"))
    [finding] = other_year_mentioned.check(report)
    assert finding.field == "goals" and finding.row == 2


def test_document_numbers_and_longer_numbers_are_not_years():
    text = "按照湘财预〔2015〕53号文件，处理工单120171件，电话20185。"
    assert other_year_mentioned.check(with_narratives(clean_report(), output_analysis=text)) == []


def test_project_texts_are_read_too():
    line = ProjectLine(1, "干部教育培训", TRAINING, actual=clean_report().project_lines[0].actual, purpose="2016年结转")
    [finding] = other_year_mentioned.check(replace(clean_report(), project_lines=(line,)))
    assert finding.section == "projects" and finding.row == 1


def test_clean_text_has_no_leftovers():
    report = with_narratives(clean_report(), output_analysis="Excel表格已上报，完成率100%。")
    assert template_leftovers.check(report) == []


def test_each_kind_of_leftover_is_an_error():
    for leftover in ["XX科", "××万元", "○○单位", "等等……", "金额____万元", "【请填写】", "xx局"]:
        report = with_narratives(clean_report(), output_analysis=f"本年度{leftover}完成。")
        findings = template_leftovers.check(report)
        assert [f.severity for f in findings] == [ERROR], leftover
        assert findings[0].field == "output_analysis"


def test_latin_words_with_double_x_are_not_leftovers():
    report = with_narratives(clean_report(), output_analysis="使用Foxxy系统和XXL-Job。")
    assert template_leftovers.check(report) == []
