"""Indicator computations: named formulas over a ``ReportSnapshot`` (domain.md §4).

Each returns a ``Computed``: the value (a Decimal percentage with two decimals) or None with
the reason it cannot be computed (“无法计算”) — never a crash or a fake 0 — and the inputs it used,
so the 评分表 can show them (本单位执行情况). Parameters come from the indicator (JSON).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from budgets.money import total
from evaluations.checks.common import money
from evaluations.checks.snapshot import THREE_PUBLIC_KINDS

RATE_PLACES = Decimal("0.01")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Computed:
    value: Decimal | None
    inputs: tuple[tuple[str, str], ...] = ()
    reason: str = ""  # why it cannot be computed (value is None)

    @property
    def display(self) -> str:
        return f"{self.value}%" if self.value is not None else "无法计算"


@dataclass(frozen=True)
class Computation:
    key: str
    name: str
    formula: str
    function: Callable = field(repr=False)
    params: dict = field(default_factory=dict)  # accepted parameters → allowed values
    formulas: dict = field(default_factory=dict)  # (parameter, value) → the formula with that value

    def formula_for(self, params: dict | None) -> str:
        """The formula as the 评分表 shows it, with the indicator's parameters (e.g. 预算完成率's basis)."""
        for (name, value), formula in self.formulas.items():
            if (params or {}).get(name) == value:
                return formula
        return self.formula


def rate(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator / denominator * HUNDRED).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def ratio(numerator, denominator, inputs, *, missing: str, zero: str) -> Computed:
    """numerator / denominator × 100 %, or “无法计算” with the reason."""
    inputs = tuple(inputs)
    labels = [label for label, value in inputs if value is None]
    if numerator is None or denominator is None:
        return Computed(None, _show(inputs), missing.format(items="、".join(labels) or "数据"))
    if denominator == 0:
        return Computed(None, _show(inputs), zero)
    return Computed(rate(Decimal(numerator), Decimal(denominator)), _show(inputs))


def _show(inputs) -> tuple[tuple[str, str], ...]:
    shown = []
    for label, value in inputs:
        if value is None:
            shown.append((label, "未填写"))
        elif isinstance(value, Decimal):
            shown.append((label, f"{money(value)}万元"))
        else:
            shown.append((label, str(value)))
    return tuple(shown)


# 在职人员控制率 = 在职人员数 / 编制数 × 100%
def staff_control_rate(report, params) -> Computed:
    profile = report.profile
    quota = profile.staff_quota if profile else None
    actual = profile.staff_actual if profile else None
    inputs = (
        ("实有在职人数", f"{actual}人" if actual is not None else "未填写"),
        ("编制数", f"{quota}名" if quota is not None else "未填写"),
    )
    missing = "、".join(label for label, value in (("实有在职人数", actual), ("编制数", quota)) if value is None)
    if missing:
        return Computed(None, inputs, f"请在部门基本情况中填写{missing}")
    if quota == 0:
        return Computed(None, inputs, "编制数为0，无法计算")
    return Computed(rate(Decimal(actual), Decimal(quota)), inputs)


def _three_public_total(lines, attr: str) -> Decimal | None:
    by_kind = {line.kind: getattr(line, attr) for line in lines}
    if any(by_kind.get(kind) is None for kind in THREE_PUBLIC_KINDS):
        return None
    return total(*(by_kind[kind] for kind in THREE_PUBLIC_KINDS))


BASIS_LABELS = {"budget": "预算数", "actual": "决算数"}


# "三公经费"变动率 = (本年三公 － 上年三公) / 上年三公 × 100%
def three_public_change_rate(report, params) -> Computed:
    basis = params.get("basis", "actual")
    attr = "budget" if basis == "budget" else "actual"
    word = BASIS_LABELS[attr]
    current = _three_public_total(report.three_public, attr)
    previous = report.prior_figure(f"three_public_{attr}")
    if previous.value is None:
        where = (
            "请在“三公”经费中填写各项上年决算数（没有支出的填0）"
            if attr == "actual"
            else "请在“三公”经费中填写上年“三公”经费预算合计"
        )
        return Computed(
            None,
            _show([(f"本年三公经费{word}", current), (f"上年三公经费{word}", None)]),
            f"系统中没有{report.year - 1}年度记录，也未填写上年三公经费{word}；{where}",
        )
    source = previous.source_label(report.year - 1)
    inputs = [(f"本年三公经费{word}", current), (f"上年三公经费{word}（{source}）", previous.value)]
    if current is None:
        return Computed(None, _show(inputs), f"缺少本年三公经费{word}")
    if previous.value == 0:
        return Computed(None, _show(inputs), "上年三公经费为0，变动率无法计算，请人工评分并说明")
    return Computed(rate(current - previous.value, previous.value), _show(inputs))


# "三公经费"控制率 = 三公实际支出 / 三公预算 × 100%
def three_public_control_rate(report, params) -> Computed:
    actual = _three_public_total(report.three_public, "actual")
    budget = _three_public_total(report.three_public, "budget")
    return ratio(
        actual,
        budget,
        [("三公经费决算数", actual), ("三公经费预算数", budget)],
        missing="“三公”经费{items}不全",
        zero="三公经费预算为0，控制率无法计算，请人工评分并说明",
    )


def _budget(report, name):
    return report.budget.amounts[name] if report.budget is not None else None


def _column_total(report, column):
    return report.budget.total(column) if report.budget is not None else None


COMPLETION_BASES = {
    "adjusted": "调整预算数",
    "initial": "年初预算数",
    "opening_plus_adjusted": "年初结余 + 调整预算数",
}


# 预算完成率 = 预算完成数 / 预算数 × 100% (决算 ÷ 调整预算, ÷ 年初预算, or ÷ (年初结余 + 调整预算))
def budget_completion_rate(report, params) -> Computed:
    basis = params.get("basis", "adjusted")
    actual = _column_total(report, "actual")
    if basis == "opening_plus_adjusted":
        opening = report.prior_figure("carryover")
        adjusted = _column_total(report, "adjusted")
        inputs = [
            ("支出决算数（支出合计）", actual),
            (f"年初结余（上年结转结余，{opening.source_label(report.year - 1)}）", opening.value),
            ("支出调整预算数（支出合计）", adjusted),
        ]
        budget = None if opening.value is None or adjusted is None else opening.value + adjusted
        missing = "{items}未填写"
        if opening.value is None:
            missing += "（年初结余即上年结转结余，没有上年度记录时请在基础数据的“上年数”中填写）"
        return ratio(actual, budget, inputs, missing=missing, zero="年初结余与调整预算数之和为0，无法计算")
    base = "initial" if basis == "initial" else "adjusted"
    base_label = COMPLETION_BASES[base]
    budget = _column_total(report, base)
    return ratio(
        actual,
        budget,
        [("支出决算数（支出合计）", actual), (f"支出{base_label}（支出合计）", budget)],
        missing=report.section_number("budget-table") + "表中{items}未填写",
        zero=f"{base_label}为0，无法计算",
    )


# 预算调整率（预算控制率）= |调整预算数 － 年初预算数| / 年初预算数 × 100%
def budget_adjustment_rate(report, params) -> Computed:
    initial, adjusted = _column_total(report, "initial"), _column_total(report, "adjusted")
    inputs = [("年初预算数（支出合计）", initial), ("调整预算数（支出合计）", adjusted)]
    if initial is None or adjusted is None:
        return ratio(None, initial, inputs, missing=report.section_number("budget-table") + "表中{items}未填写", zero="")
    change = adjusted - initial
    if params.get("signed"):
        numerator = change
    else:
        numerator = abs(change)
    computed = ratio(numerator, initial, inputs, missing="", zero="年初预算数为0，无法计算")
    return Computed(computed.value, (*computed.inputs, ("预算调整数", f"{money(change)}万元")), computed.reason)


# 重点支出安排率 = 重点项目支出 / 项目总支出 × 100%
def key_spending_rate(report, params) -> Computed:
    project_total = _budget(report, "project_actual")
    key_lines = [line for line in report.project_lines if line.is_key]
    if not key_lines:
        return Computed(
            None,
            _show([("项目支出决算数", project_total)]),
            "没有项目被标记为“重点项目”；请在项目明细中标记，确无重点项目时请人工评分并说明",
        )
    key_total = total(*(line.actual for line in key_lines))
    if any(line.actual is None for line in key_lines):
        key_total = None
    return ratio(
        key_total,
        project_total,
        [("重点项目支出决算数", key_total), ("项目支出决算数", project_total)],
        missing="{items}未填写",
        zero="项目支出为0，无法计算",
    )


# 公用经费控制率 = 实际公用经费 / 预算公用经费 × 100%
def public_funds_control_rate(report, params) -> Computed:
    actual, budget = _budget(report, "public_funds_actual"), _budget(report, "public_funds_budget")
    return ratio(
        actual,
        budget,
        [("公用经费决算数", actual), ("公用经费预算数", budget)],
        missing="请在基础数据中填写{items}",
        zero="公用经费预算为0，无法计算",
    )


# 政府采购执行率 = 实际政府采购金额 / 政府采购预算 × 100%
def procurement_execution_rate(report, params) -> Computed:
    actual, budget = _budget(report, "procurement_actual"), _budget(report, "procurement_budget")
    return ratio(
        actual,
        budget,
        [("政府采购实际金额", actual), ("政府采购预算", budget)],
        missing="请在基础数据中填写{items}",
        zero="政府采购预算为0，无法计算，请人工评分并说明",
    )


# 结转结余率 = 结转结余总额 / 支出预算数 × 100%
def carryover_rate(report, params) -> Computed:
    carryover, budget = _budget(report, "carryover"), _column_total(report, "adjusted")
    return ratio(
        carryover,
        budget,
        [("结转结余总额", carryover), ("支出调整预算数（支出合计）", budget)],
        missing="请填写{items}",
        zero="支出预算数为0，无法计算",
    )


# 结转结余变动率 = (本年结转结余 － 上年结转结余) / 上年结转结余 × 100%
def carryover_change_rate(report, params) -> Computed:
    current = _budget(report, "carryover")
    previous = report.prior_figure("carryover")
    inputs = [
        ("本年结转结余总额", current),
        (f"上年结转结余总额（{previous.source_label(report.year - 1)}）", previous.value),
    ]
    if previous.value is None:
        return Computed(
            None,
            _show(inputs),
            f"系统中没有{report.year - 1}年度的结转结余，也未填写上年数；请在基础数据的“上年数”中填写上年结转结余",
        )
    if current is None:
        return ratio(None, None, inputs, missing="{items}未填写", zero="")
    if previous.value == 0:
        return Computed(None, _show(inputs), "上年结转结余为0，变动率无法计算，请人工评分并说明")
    return Computed(rate(current - previous.value, previous.value), _show(inputs))


COMPUTATIONS = {
    computation.key: computation
    for computation in (
        Computation("staff_control_rate", "在职人员控制率", "在职人员数 ÷ 编制数 × 100%", staff_control_rate),
        Computation(
            "three_public_change_rate",
            "“三公经费”变动率",
            "（本年三公经费决算数 － 上年三公经费决算数）÷ 上年三公经费决算数 × 100%",
            three_public_change_rate,
            {"basis": ("actual", "budget")},
            {("basis", "budget"): "（本年三公经费预算数 － 上年三公经费预算数）÷ 上年三公经费预算数 × 100%"},
        ),
        Computation(
            "three_public_control_rate",
            "“三公经费”控制率",
            "三公经费决算数 ÷ 三公经费预算数 × 100%",
            three_public_control_rate,
        ),
        Computation(
            "budget_completion_rate",
            "预算完成率",
            "支出决算数 ÷ 调整预算数 × 100%",
            budget_completion_rate,
            {"basis": tuple(COMPLETION_BASES)},
            {
                ("basis", "initial"): "支出决算数 ÷ 年初预算数 × 100%",
                ("basis", "opening_plus_adjusted"): "支出决算数 ÷（年初结余 + 调整预算数）× 100%",
            },
        ),
        Computation(
            "budget_adjustment_rate",
            "预算调整率",
            "|调整预算数 － 年初预算数| ÷ 年初预算数 × 100%",
            budget_adjustment_rate,
            {"signed": (True, False)},
            {("signed", True): "（调整预算数 － 年初预算数）÷ 年初预算数 × 100%"},
        ),
        Computation("key_spending_rate", "重点支出安排率", "重点项目支出 ÷ 项目总支出 × 100%", key_spending_rate),
        Computation(
            "public_funds_control_rate",
            "公用经费控制率",
            "实际公用经费 ÷ 预算公用经费 × 100%",
            public_funds_control_rate,
        ),
        Computation(
            "procurement_execution_rate",
            "政府采购执行率",
            "实际政府采购金额 ÷ 政府采购预算 × 100%",
            procurement_execution_rate,
        ),
        Computation("carryover_rate", "结转结余率", "结转结余总额 ÷ 支出调整预算数 × 100%", carryover_rate),
        Computation(
            "carryover_change_rate",
            "结转结余变动率",
            "（本年结转结余 － 上年结转结余）÷ 上年结转结余 × 100%",
            carryover_change_rate,
        ),
    )
}
MANUAL_COMPUTATION = "manual"
COMPUTATION_CHOICES = [(MANUAL_COMPUTATION, "人工评分")] + [(key, c.name) for key, c in COMPUTATIONS.items()]


def compute(key: str, report, params: dict | None = None) -> Computed:
    return COMPUTATIONS[key].function(report, params or {})


def validate_params(key: str, params) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(params, dict):
        raise ValidationError("计算参数必须是 JSON 对象。")
    if key == MANUAL_COMPUTATION:
        return
    allowed = COMPUTATIONS[key].params
    for name, value in params.items():
        if name not in allowed:
            raise ValidationError(f"计算公式“{COMPUTATIONS[key].name}”没有参数“{name}”。")
        if value not in allowed[name]:
            choices = "、".join(str(choice) for choice in allowed[name])
            raise ValidationError(f"参数“{name}”只能取：{choices}。")
