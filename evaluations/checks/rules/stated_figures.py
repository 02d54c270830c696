"""Figures written in the user's own text equal the stored figures (one value per figure).

Totals are derived (支出合计 = 基本 + 项目), so they cannot disagree in the tables; they can in
text the user wrote over a drafted sentence. This rule reads the overriding texts:

* 整体支出情况: 合计 / 基本支出 / 项目支出 and each functional line “名称 X 万元”, and checks that
  the stated 合计 equals the stated 基本 + 项目;
* 预决算差异成因分析: 年初预算数 / 调整预算数 / 决算数 (of 项目支出, or of the whole column);
* 项目组织实施情况: 项目资金共 X 万元 and each project “名称 X 万元”;
* 部门基本情况首段: 编制 N 名, 实有在职 N 人.

Every disagreement is an error: the report would print two values for one figure.
"""

import re
from decimal import Decimal

from ..common import NUMBER, excerpt, money, normalise_digits, parse_number
from ..findings import ERROR, Figure, Finding

CODE = "stated_figures"
TITLE = "文字中的数字与表中数据一致"
LINK = r"\s*(?:为|是|共|达)?\s*"


def _amount_pattern(label: str) -> re.Pattern:
    return re.compile(label + LINK + NUMBER + r"\s*万元")


def _expectations(report) -> dict[str, list[tuple[str, re.Pattern, set]]]:
    """Field → (what, pattern, accepted values). Values are Decimals or ints."""
    budget, expected = report.budget, {}
    if budget is not None:
        column = budget.column("actual")
        spending = [
            ("支出合计", _amount_pattern(r"合计"), {column["total"]}),
            ("基本支出", _amount_pattern(r"基本支出"), {column["basic"]}),
            ("项目支出", _amount_pattern(r"项目支出"), {column["project"]}),
        ]
        spending += [
            (line.label, _amount_pattern(re.escape(line.label) + r"(?:支出)?"), {line.amount})
            for line in report.functional_lines
        ]
        expected["spending_summary_override"] = spending
        variance = []
        for column_name, label, pattern in (
            ("initial", "年初预算数", r"年初预算数?"),
            ("adjusted", "调整预算数", r"调整预算数?"),
            ("actual", "决算数", r"(?<!预)决算数?"),
        ):
            figures = budget.column(column_name)
            accepted = {figures["project"], figures["total"], figures["basic"]}
            variance.append((label, _amount_pattern(pattern), accepted))
        expected["variance_analysis_override"] = variance
        implementation = [("项目资金合计", _amount_pattern(r"项目资金共?"), {column["project"]})]
        implementation += [
            (line.name, _amount_pattern(re.escape(line.name) + r"(?:项目)?"), {line.actual})
            for line in report.project_lines
        ]
        expected["project_implementation_override"] = implementation
    if report.profile is not None:
        expected["profile_summary_override"] = [
            ("编制数", re.compile(r"编制\s*(\d+)\s*名"), {report.profile.staff_quota}),
            ("实有在职人数", re.compile(r"实有在职\D{0,6}?(\d+)\s*人"), {report.profile.staff_actual}),
        ]
    return expected


def _show(value) -> str:
    return money(value) if isinstance(value, Decimal) else str(value)


def check(report) -> list[Finding]:
    findings = []
    for field, expectations in _expectations(report).items():
        if field not in report.narrative_fields:  # no section of the report's outline edits it
            continue
        text = normalise_digits(report.narratives[field])
        if not text.strip():
            continue
        section, label = report.narrative_fields[field].section, report.narrative_fields[field].label
        stated_totals, field_findings = {}, []
        for what, pattern, accepted in expectations:
            accepted = {value for value in accepted if value is not None}
            for match in pattern.finditer(text):
                value = parse_number(match.group(1))
                stated_totals.setdefault(what, value)
                if not accepted or value in accepted:
                    continue
                stored = sorted(accepted)[0]
                field_findings.append(
                    Finding(
                        code=CODE,
                        severity=ERROR,
                        section=section,
                        field=field,
                        subject=f"{field}:{what}:{match.group(1)}",
                        figures=(Figure(f"文字中的{what}", match.group(1)), Figure(f"表中的{what}", _show(stored))),
                        message=(
                            f"“{label}”中写的{what}为{match.group(1)}（{excerpt(text, match.start(), match.end())}），"
                            f"与填报的数据{_show(stored)}不一致。请改正文字，或改用系统根据数据生成的表述。"
                        ),
                    )
                )
        parts = [stated_totals.get(name) for name in ("支出合计", "基本支出", "项目支出")]
        if field == "spending_summary_override" and None not in parts and not field_findings:
            stated_total, basic, project = parts
            if stated_total != basic + project:
                field_findings.append(
                    Finding(
                        code=CODE,
                        severity=ERROR,
                        section=section,
                        field=field,
                        subject=f"{field}:sum:{money(stated_total)}",
                        figures=(
                            Figure("文字中的支出合计", money(stated_total)),
                            Figure("文字中的基本支出 + 项目支出", money(basic + project)),
                        ),
                        message=(
                            f"“{label}”中支出合计{money(stated_total)}万元不等于基本支出{money(basic)}万元与"
                            f"项目支出{money(project)}万元之和{money(basic + project)}万元，请改正。"
                        ),
                    )
                )
        findings.extend(field_findings)
    return findings
