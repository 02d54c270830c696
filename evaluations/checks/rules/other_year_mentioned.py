"""The year is consistent everywhere: a year other than the report's in the user's text.

Reports are often copied from last year's; a leftover “2017年” in a 2018 report is the typical
sign. Years inside document numbers (湘财预〔2015〕53号) are not counted. A warning: mentioning
another year can be right (a plan for next year); then acknowledge it with the reason.
"""

import re

from ..common import excerpt, normalise_digits
from ..findings import WARNING, Figure, Finding

CODE = "other_year_mentioned"
TITLE = "文字中的年度与报告年度一致"
YEAR = re.compile(r"(?<![\d〔［\[])(20\d{2})(?![\d〕］\]])")


def check(report) -> list[Finding]:
    findings, seen = [], set()
    for item in report.user_texts():
        text = normalise_digits(item.text)
        for match in YEAR.finditer(text):
            year = int(match.group(1))
            key = (item.field, item.row, year)
            if year == report.year or key in seen:
                continue
            seen.add(key)
            where = f"“{item.label}”" + (f"第{item.row}项" if item.row else "")
            findings.append(
                Finding(
                    code=CODE,
                    severity=WARNING,
                    section=item.section,
                    field=item.field,
                    row=item.row,
                    subject=f"{item.field}:{item.row or 0}:{year}",
                    figures=(Figure("报告年度", str(report.year)), Figure("文字中的年度", str(year))),
                    message=(
                        f"{where}中出现了{year}年（{excerpt(text, match.start(), match.end())}），"
                        f"与报告年度{report.year}年不一致。如是沿用往年报告的文字，请改为{report.year}年；"
                        "如确需提及其他年度，请在确认时说明。"
                    ),
                )
            )
    return findings
