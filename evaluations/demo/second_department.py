"""A small invented department with its own 2018 report, so access separation can be shown.

Its figures add up, so the checks find nothing in it: it is the counterpart of the seed.
"""

from decimal import Decimal as D

DEPARTMENT = {
    "code": "999001",
    "full_name": "长沙市天心区演示事务中心",
    "short_name": "演示事务中心",
    "unit_nature": "public_institution",
    "funding_type": "full",
    "affiliation": "天心区人民政府直属事业单位（演示数据）",
}

PROFILE = {
    "staffing_type": "institutional",
    "staff_quota": 6,
    "staff_actual": 5,
    "staff_noun": "干部",
    "duties": "我单位主要职责是承担演示用的事务性工作（本单位为虚构的演示数据）。",
}

LEADERSHIP_POSTS = [("主任", 1)]
DIVISIONS = ["综合科", "业务科"]
KEY_WORK = ["完成年度演示任务，办结事项120件。"]
GOALS = ["按时办结各类事项，办结率达到100%"]

BUDGET = {
    "basic_initial": D("80.00"),
    "project_initial": D("20.00"),
    "special_initial": D("0"),
    "basic_adjusted": D("80.00"),
    "project_adjusted": D("20.00"),
    "special_adjusted": D("0"),
    "basic_actual": D("80.00"),
    "project_actual": D("20.00"),
    "special_actual": D("0"),
    "asset_purchase_basic": D("0"),
    "asset_purchase_project": D("0"),
    "asset_purchase_special": D("0"),
    # 基础数据: a complete report has them (the seed report printed none).
    "public_funds_budget": D("10.00"),
    "public_funds_actual": D("9.50"),
    "procurement_budget": D("5.00"),
    "procurement_actual": D("4.80"),
    "carryover": D("0"),
}

FUNCTIONAL_LINES = [("2010306", "", D("100.00"))]
PROJECT_LINES = [("演示业务运行", "2010306", D("20.00"), "演示业务日常运行开支", "按照单位财务管理制度监督考核")]
THREE_PUBLIC = {
    "abroad": (D("0"), D("0")),
    "vehicle_purchase": (D("0"), D("0")),
    "vehicle_operation": (D("0"), D("0")),
    "reception": (D("1.00"), D("0.80")),
}
NARRATIVES = {
    "project_fund_management": "项目资金全部是财政资金，按照财政专项资金管理办法管理和使用。",
    "goal_rationality_analysis": "绩效目标与部门职责相符。",
    "output_analysis": "年度目标全部完成。",
    "problems_and_measures": "无。",
}

# Its 评分表 is scored too, so the report passes every gate and can be submitted as it is: each
# indicator scored by hand (a manual one, or one the data cannot compute) gets its full weight
# with this reason, unless named here.
MANUAL_SCORE_REASON = "演示数据：对照评分标准逐项自查，符合要求，得满分。"
MANUAL_SCORE_REASONS = {
    "“三公经费”变动率": "演示数据：系统中没有上年度记录，按上年决算报表核对，本年“三公经费”未增长，得满分。",
}
