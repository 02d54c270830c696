"""二（二）/ 基础数据: 三公经费 上年决算数 entered by hand agree with last year's record.

合计 and 公车 (= 购置 + 运行维护) are derived, so they cannot disagree. What can: the manual
上年决算数 (only meant for when the system has no record of last year) against that record, and
a manual 上年决算数 given for some kinds but not others (三公经费变动率 then cannot be computed).
"""

from ..common import figure, money
from ..findings import WARNING, Finding
from ..snapshot import THREE_PUBLIC_LABELS

CODE = "three_public_prior_year"
TITLE = "“三公”经费上年数与上年度记录一致"


def check(report) -> list[Finding]:
    lines = report.three_public
    if not lines:
        return []
    findings = []
    if report.prior is not None:
        recorded = {line.kind: line.actual for line in report.prior.three_public}
        for line in lines:
            stored = recorded.get(line.kind)
            if line.prior_year_actual is None or stored is None or line.prior_year_actual == stored:
                continue
            findings.append(
                Finding(
                    code=CODE,
                    severity=WARNING,
                    section="three-public",
                    field="three_public_lines",
                    subject=f"{line.kind}:{money(line.prior_year_actual)}/{money(stored)}",
                    figures=(
                        figure(f"手工填写的{line.label}上年决算数", line.prior_year_actual),
                        figure(f"{report.prior.year}年度记录中的{line.label}决算数", stored),
                    ),
                    message=(
                        f"{line.label}手工填写的上年决算数{money(line.prior_year_actual)}万元，与系统中"
                        f"{report.prior.year}年度记录的{money(stored)}万元不一致。系统以上年度记录为准，"
                        "请删除手工填写的上年数，或更正上年度记录。"
                    ),
                )
            )
        return findings
    filled = [line for line in lines if line.prior_year_actual is not None]
    if filled and len(filled) < len(THREE_PUBLIC_LABELS):
        given = {line.kind for line in filled}
        missing = "、".join(label for kind, label in THREE_PUBLIC_LABELS.items() if kind not in given)
        findings.append(
            Finding(
                code=CODE,
                severity=WARNING,
                section="three-public",
                field="three_public_lines",
                subject="partial:" + ",".join(sorted(given)),
                message=(
                    f"“三公”经费上年决算数只填写了部分项目，{missing}未填写，"
                    "三公经费变动率无法计算。请补填（没有支出的填 0）。"
                ),
            )
        )
    return findings
