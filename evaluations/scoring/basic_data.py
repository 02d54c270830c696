"""The 基础数据表 (Hunan style, domain.md §4) built from a ``ReportSnapshot`` — pure.

财政供养人员 (编制数, 实际在职人数, 控制率); 经费控制 with 上年决算 / 本年预算 / 本年决算 for 三公经费
(and its parts), 项目支出, 公用经费 (and 其中 rows), 政府采购金额, 结转结余; 部门整体支出预算调整
(年初 → 调整后, 调整率). 上年决算 comes from last year's record of the department, else from the
上年数 entered this year (``ReportSnapshot.prior_figure``); a figure not entered says so (“未填写”),
one that has no meaning is “—”.
"""

from dataclasses import dataclass

from budgets.money import format_amount_table, total

from ..checks.snapshot import PRIOR_ENTERED, PRIOR_RECORD, THREE_PUBLIC_KINDS
from . import computations

NOT_FILLED = "未填写"
NOT_APPLICABLE = "—"


@dataclass(frozen=True)
class DataRow:
    label: str
    level: int  # 0: a main row, 1: a part, 2: a part of a part (indented)
    cells: tuple[str, ...]


@dataclass(frozen=True)
class BasicDataTable:
    year: int
    prior_year: int
    prior_source: str  # where 上年决算 comes from
    staff: tuple[str, str, str]  # 编制数, 实际在职人数, 控制率
    rows: tuple[DataRow, ...]
    adjustment: tuple[str, str, str]  # 年初预算, 调整后预算, 预算调整率


def _cell(amount) -> str:
    return format_amount_table(amount, missing=NOT_FILLED)


def _three_public(lines, attr):
    by_kind = {line.kind: getattr(line, attr) for line in lines}
    values = {kind: by_kind.get(kind) for kind in THREE_PUBLIC_KINDS}
    values["vehicle"] = total(values["vehicle_purchase"], values["vehicle_operation"])
    values["total"] = total(*(values[kind] for kind in ("abroad", "vehicle", "reception")))
    return values


def _prior_source(figures, year: int) -> str:
    sources = {figure.source for figure in figures if figure.value is not None}
    if sources == {PRIOR_RECORD}:
        return f"{year}年度记录"
    if sources == {PRIOR_ENTERED}:
        return "填报的上年数"
    if sources:
        return f"{year}年度记录（记录中没有的取填报的上年数）"
    return "系统中没有上年度记录"


def basic_data_table(report) -> BasicDataTable:
    budget = report.budget.amounts if report.budget is not None else {}
    prior_year = report.year - 1
    used = []

    def prior(name):
        figure = report.prior_figure(name)
        used.append(figure)
        return figure.value

    prior_three = {kind: prior(kind) for kind in THREE_PUBLIC_KINDS}
    prior_three["vehicle"] = total(prior_three["vehicle_purchase"], prior_three["vehicle_operation"])
    prior_three["total"] = total(*(prior_three[kind] for kind in ("abroad", "vehicle", "reception")))
    current_budget = _three_public(report.three_public, "budget")
    current_actual = _three_public(report.three_public, "actual")

    def prior_cell(name):
        return _cell(prior(name))

    def three(key):
        return (_cell(prior_three.get(key)), _cell(current_budget[key]), _cell(current_actual[key]))

    rows = (
        DataRow("“三公”经费合计", 0, three("total")),
        DataRow("1. 公务用车购置和运行维护费", 1, three("vehicle")),
        DataRow("其中：公务用车购置费", 2, three("vehicle_purchase")),
        DataRow("公务用车运行维护费", 2, three("vehicle_operation")),
        DataRow("2. 因公出国（境）费", 1, three("abroad")),
        DataRow("3. 公务接待费", 1, three("reception")),
        DataRow(
            "项目支出",
            0,
            (prior_cell("project_actual"), _cell(budget.get("project_initial")), _cell(budget.get("project_actual"))),
        ),
        DataRow(
            "公用经费",
            0,
            (
                prior_cell("public_funds_actual"),
                _cell(budget.get("public_funds_budget")),
                _cell(budget.get("public_funds_actual")),
            ),
        ),
        *(
            DataRow(
                label,
                1,
                (
                    prior_cell(f"{name}_actual"),
                    _cell(budget.get(f"{name}_budget")),
                    _cell(budget.get(f"{name}_actual")),
                ),
            )
            for label, name in (
                ("其中：办公经费", "office_expense"),
                ("水电差旅", "utilities_travel"),
                ("会议培训", "meeting_training"),
            )
        ),
        DataRow(
            "政府采购金额",
            0,
            (
                prior_cell("procurement_actual"),
                _cell(budget.get("procurement_budget")),
                _cell(budget.get("procurement_actual")),
            ),
        ),
        DataRow("结转结余总额", 0, (prior_cell("carryover"), NOT_APPLICABLE, _cell(budget.get("carryover")))),
    )
    profile = report.profile
    staff_rate = computations.staff_control_rate(report, {})
    staff = (
        str(profile.staff_quota) if profile and profile.staff_quota is not None else NOT_FILLED,
        str(profile.staff_actual) if profile and profile.staff_actual is not None else NOT_FILLED,
        staff_rate.display,
    )
    adjustment_rate = computations.budget_adjustment_rate(report, {})
    adjustment = (
        _cell(report.budget.total("initial") if report.budget else None),
        _cell(report.budget.total("adjusted") if report.budget else None),
        adjustment_rate.display,
    )
    return BasicDataTable(
        year=report.year,
        prior_year=prior_year,
        prior_source=_prior_source(used, prior_year),
        staff=staff,
        rows=rows,
        adjustment=adjustment,
    )
