"""Category names are valid for the report's year: every line uses the year's own catalogue.

Names of functional categories change between yearly catalogues (医疗卫生与计划生育支出 became
卫生健康支出 in 2019), so a line must point at a category of the report's year.
"""

from ..findings import ERROR, Figure, Finding

CODE = "category_year"
TITLE = "功能分类科目属于报告年度的科目表"


def _finding(report, section, field, row, name, category) -> Finding:
    return Finding(
        code=CODE,
        severity=ERROR,
        section=section,
        field=field,
        row=row,
        subject=f"{field}:{row}:{category.year}:{category.code}",
        figures=(Figure("报告年度", str(report.year)), Figure("科目所属年度", str(category.year))),
        message=(
            f"“{name}”选用的是{category.year}年度科目表中的“{category.code} {category.name}”，"
            f"不适用于{report.year}年度报告。请在{report.year}年度科目表中重新选择科目。"
        ),
    )


def check(report) -> list[Finding]:
    findings = [
        _finding(report, "spending", "functional_lines", line.row, line.label, line.category)
        for line in report.functional_lines
        if line.category.year != report.year
    ]
    findings += [
        _finding(report, "projects", "project_lines", line.row, line.name, line.category)
        for line in report.project_lines
        if line.category is not None and line.category.year != report.year
    ]
    return findings
