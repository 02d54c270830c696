"""No template leftovers in the user's text: XX, ××, ○○, ……, ____ and 【…】 placeholders."""

import re

from ..common import excerpt
from ..findings import ERROR, Figure, Finding

CODE = "template_leftovers"
TITLE = "没有模板占位文字"
LEFTOVER = re.compile(
    r"(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])"  # XX单位, ××万元 (not Latin words)
    r"|[○〇]{2,}"  # ○○科
    r"|…{2,}|\.{3,}|。{3,}"  # …… left for the writer to continue
    r"|_{3,}|＿{2,}"  # blanks to fill in
    r"|【[^】]*】"  # 【请说明差异原因】 and other placeholders
)


def check(report) -> list[Finding]:
    findings, seen = [], set()
    for item in report.user_texts():
        for match in LEFTOVER.finditer(item.text):
            token = match.group(0)
            key = (item.field, item.row, token)
            if key in seen:
                continue
            seen.add(key)
            where = f"“{item.label}”" + (f"第{item.row}项" if item.row else "")
            findings.append(
                Finding(
                    code=CODE,
                    severity=ERROR,
                    section=item.section,
                    field=item.field,
                    row=item.row,
                    subject=f"{item.field}:{item.row or 0}:{token}",
                    figures=(Figure("占位文字", token),),
                    message=(
                        f"{where}中还留有模板占位文字“{token}”（{excerpt(item.text, match.start(), match.end())}）。"
                        "请换成实际内容。"
                    ),
                )
            )
    return findings
