"""基础数据 上年数: last year's figures entered this year agree with last year's record.

A department in its first year in the system types last year's 决算 (项目支出, 公用经费 and its
其中 rows, 政府采购, 结转结余) and last year's “三公” budget total in the 上年数 block. Once a record of
last year exists, its figures are shown and used instead; a typed figure that differs from the
record is a warning (the 三公 kinds' 上年决算数 are ``three_public_prior_year``'s).
"""

from ..common import figure, money
from ..findings import WARNING, Finding
from ..snapshot import PRIOR_BUDGET_FIGURES

CODE = "prior_year_figures"
TITLE = "填报的上年数与上年度记录一致"

# figure → (section, field of the 上年数 entered this year)
PLACES = {
    **{name: ("basic-data", field) for name, (field, _label) in PRIOR_BUDGET_FIGURES.items()},
    "three_public_budget": ("three-public", "prior_three_public_budget"),
}


def check(report) -> list[Finding]:
    if report.prior is None:
        return []
    findings = []
    for name, (section, field) in PLACES.items():
        prior = report.prior_figure(name)
        if prior.entered is None or prior.record is None or prior.entered == prior.record:
            continue
        findings.append(
            Finding(
                code=CODE,
                severity=WARNING,
                section=section,
                field=field,
                subject=f"{name}:{money(prior.entered)}/{money(prior.record)}",
                figures=(
                    figure(f"填报的上年{prior.label}", prior.entered),
                    figure(f"{report.prior.year}年度记录中的{prior.label}", prior.record),
                ),
                message=(
                    f"填报的上年{prior.label}{money(prior.entered)}万元，与系统中{report.prior.year}年度记录的"
                    f"{money(prior.record)}万元不一致。系统以上年度记录为准，请清空填报的上年数，或更正上年度记录。"
                ),
            )
        )
    return findings
