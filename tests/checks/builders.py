"""Hand-made report snapshots for rule tests: ``clean_report()`` passes every rule; tests change one thing."""

from dataclasses import replace
from decimal import Decimal as D

from evaluations.checks.snapshot import (
    Budget,
    Category,
    FunctionalLine,
    PriorYear,
    Profile,
    ProjectLine,
    ReportSnapshot,
    ThreePublic,
)
from evaluations.outlines.selectors import DEFAULT_OUTLINE

YEAR = 2018

ADMIN_RUNNING = Category("2010350", "事业运行", YEAR)
TRAINING = Category("2050802", "干部教育", YEAR)

BUDGET = {
    "basic_initial": D("100.00"),
    "project_initial": D("50.00"),
    "special_initial": D("0.00"),
    "basic_adjusted": D("100.00"),
    "project_adjusted": D("50.00"),
    "special_adjusted": D("0.00"),
    "basic_actual": D("100.00"),
    "project_actual": D("50.00"),
    "special_actual": D("0.00"),
    "asset_purchase_basic": D("0.00"),
    "asset_purchase_project": D("10.00"),
    "asset_purchase_special": D("0.00"),
    "public_funds_budget": D("30.00"),
    "public_funds_actual": D("28.00"),
    "office_expense_budget": D("10.00"),
    "office_expense_actual": D("9.00"),
    "utilities_travel_budget": D("5.00"),
    "utilities_travel_actual": D("5.00"),
    "meeting_training_budget": D("3.00"),
    "meeting_training_actual": D("2.00"),
    "procurement_budget": D("20.00"),
    "procurement_actual": D("18.00"),
    "carryover": D("5.00"),
}

NARRATIVES = {
    "project_fund_management": "项目资金全部是财政资金，按照专项资金管理办法管理。",
    "goal_rationality_analysis": "绩效目标与部门职责相符。",
    "output_analysis": "年度目标全部完成。",
    "problems_and_measures": "无。",
}


def three_public(**changes) -> tuple[ThreePublic, ...]:
    lines = {
        "abroad": ThreePublic("abroad", D("0.00"), D("0.00")),
        "vehicle_purchase": ThreePublic("vehicle_purchase", D("0.00"), D("0.00")),
        "vehicle_operation": ThreePublic("vehicle_operation", D("3.00"), D("2.50")),
        "reception": ThreePublic("reception", D("2.00"), D("1.00")),
    }
    for kind, line in changes.items():
        if line is None:
            del lines[kind]
        else:
            lines[kind] = line
    return tuple(lines.values())


def clean_report(**changes) -> ReportSnapshot:
    report = ReportSnapshot(
        year=YEAR,
        department="长沙市天心区测试单位",
        profile=Profile(staff_quota=10, staff_actual=9, duties="负责测试工作。", divisions=("办公室",)),
        budget=Budget(BUDGET),
        functional_lines=(
            FunctionalLine(1, ADMIN_RUNNING, "事业运行", D("100.00")),
            FunctionalLine(2, TRAINING, "干部教育培训支出", D("50.00")),
        ),
        project_lines=(
            ProjectLine(
                1,
                "干部教育培训",
                TRAINING,
                initial=D("50.00"),
                adjusted=D("50.00"),
                actual=D("50.00"),
                purpose="干部教育培训费支出",
            ),
        ),
        three_public=three_public(),
        narratives=NARRATIVES,
        narrative_fields=DEFAULT_OUTLINE.narrative_fields(),  # the texts of the 2018 outline's sections
        goals=("按时办结各类事项，办结率达到100%",),
        key_work=("完成年度工作，办结事项120件。",),
    )
    return replace(report, **changes)


def with_budget(report: ReportSnapshot, **amounts) -> ReportSnapshot:
    return replace(report, budget=Budget({**report.budget.amounts, **amounts}))


def with_narratives(report: ReportSnapshot, **texts) -> ReportSnapshot:
    return replace(report, narratives={**report.narratives, **texts})


def with_prior(report: ReportSnapshot, year=YEAR - 1, three_public_lines=(), **amounts) -> ReportSnapshot:
    return replace(report, prior=PriorYear(year, Budget(amounts), tuple(three_public_lines)))


def amount(value: str) -> D:
    return D(value)
