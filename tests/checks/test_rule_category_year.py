from dataclasses import replace

from evaluations.checks import ERROR
from evaluations.checks.rules import category_year as rule
from evaluations.checks.snapshot import Category

from .builders import clean_report

OLD = Category("2101102", "事业单位医疗", 2017)


def test_categories_of_the_report_year_pass():
    assert rule.check(clean_report()) == []


def test_category_of_another_year_is_an_error_on_functional_and_project_lines():
    report = clean_report()
    report = replace(
        report,
        functional_lines=(replace(report.functional_lines[0], category=OLD), report.functional_lines[1]),
        project_lines=(replace(report.project_lines[0], category=OLD),),
    )
    findings = rule.check(report)
    assert [(f.section, f.row, f.severity) for f in findings] == [("spending", 1, ERROR), ("projects", 1, ERROR)]
    assert "2017年度科目表" in findings[0].message and "2018年度" in findings[0].message


def test_project_without_category_is_not_checked():
    report = clean_report()
    assert rule.check(replace(report, project_lines=(replace(report.project_lines[0], category=None),))) == []
