"""二（二）: 三公经费 决算 should not exceed 预算; when it does, it must be explained."""

from ..common import figure, money
from ..findings import WARNING, Finding

CODE = "three_public_over_budget"
TITLE = "“三公”经费决算不超过预算"


def check(report) -> list[Finding]:
    findings = []
    for line in report.three_public:
        if line.budget is None or line.actual is None or line.actual <= line.budget:
            continue
        findings.append(
            Finding(
                code=CODE,
                severity=WARNING,
                section="three-public",
                field="three_public_lines",
                subject=f"{line.kind}:{money(line.actual)}>{money(line.budget)}",
                figures=(
                    figure(f"{line.label}预算数", line.budget),
                    figure(f"{line.label}决算数", line.actual),
                    figure("超出", line.actual - line.budget),
                ),
                message=(
                    f"{line.label}决算数{money(line.actual)}万元超过预算数{money(line.budget)}万元"
                    f"（超出{money(line.actual - line.budget)}万元）。请核对金额；如确实超支，请在确认时说明原因。"
                ),
            )
        )
    return findings
