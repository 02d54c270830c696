"""The outlines the app ships (plain data: the data migration and the fallback both read it).

Each entry: section slug, number and title (navigation), heading as printed (``{year}`` replaced),
heading level (2 = 一、, 3 = （一）, 4 = 1、) and a group heading printed before it.
"""

OUTLINE_2018 = {
    "name": "2018年湖南省部门整体支出绩效自评报告提纲",
    "from_year": 2000,
    "active": True,
    "entries": [
        (
            "profile",
            "一 1",
            "部门基本情况",
            "1、部门基本情况（包括部门的在职人员情况、机构设置、主要职能及重点工作等）",
            4,
            "一、部门概况",
        ),
        ("spending", "一 2", "整体支出情况", "2、整体支出情况（整体支出规模、使用方向和主要内容、涉及范围等）", 4, ""),
        ("goals", "一 3", "绩效目标情况", "3、绩效目标情况（部门整体支出绩效目标设定情况）", 4, ""),
        (
            "budget-table",
            "二（一）",
            "整体支出情况表",
            "（一）{year}年度整体支出情况",
            3,
            "二、部门整体支出管理及使用情况",
        ),
        ("three-public", "二（二）", "“三公”经费支出情况", "（二）{year}年“三公”经费支出情况", 3, ""),
        (
            "variance",
            "二（三）",
            "项目支出预决算差异成因分析",
            "（三）项目支出年初预算、调整预算及决算数差异成因分析",
            3,
            "",
        ),
        ("projects", "二（四）", "项目资金使用管理情况分析", "（四）项目资金使用管理情况分析", 3, ""),
        ("performance", "三", "部门整体支出绩效情况", "三、部门整体支出绩效情况", 2, ""),
        ("problems", "四", "存在的主要问题及改进措施或有关建议", "四、存在的主要问题及改进措施或有关建议", 2, ""),
        ("basic-data", "附", "基础数据（公用经费、政府采购、结转结余）", "", 2, ""),
    ],
}

# Later Hunan reports: the score first, then 基本情况 with 收入 / 支出 (人员经费, 公用经费, 项目支出).
# Shipped inactive: an admin copies it to a region and year ("保存为新的") to use it.
OUTLINE_HUNAN_2020 = {
    "name": "2020年起湖南省部门整体支出绩效自评报告提纲（含自评得分情况）",
    "from_year": 2020,
    "active": False,
    "entries": [
        ("score-summary", "一", "自评得分情况", "一、自评得分情况", 2, ""),
        ("profile", "二（一）", "单位基本概况", "（一）单位基本概况", 3, "二、基本情况"),
        ("income-spending", "二（二）", "部门整体支出概况", "（二）部门整体支出概况", 3, ""),
        ("spending", "二（三）", "支出使用方向", "（三）支出使用方向和主要内容", 3, ""),
        ("goals", "二（四）", "部门整体支出绩效目标", "（四）部门整体支出绩效目标", 3, ""),
        (
            "budget-table",
            "三（一）",
            "整体支出预决算情况",
            "（一）{year}年度整体支出预决算情况",
            3,
            "三、部门整体支出或项目实施情况分析",
        ),
        ("three-public", "三（二）", "“三公”经费支出情况", "（二）{year}年“三公”经费支出情况", 3, ""),
        ("variance", "三（三）", "项目支出预决算差异成因分析", "（三）项目支出预决算差异成因分析", 3, ""),
        ("projects", "三（四）", "项目资金使用管理情况", "（四）项目资金使用管理情况", 3, ""),
        ("performance", "四", "部门整体支出绩效情况", "四、部门整体支出绩效情况", 2, ""),
        ("problems", "五", "存在的主要问题及改进措施", "五、存在的主要问题及改进措施或有关建议", 2, ""),
        ("basic-data", "附", "基础数据（公用经费、政府采购、结转结余）", "", 2, ""),
    ],
}

BUILTIN_OUTLINES = (OUTLINE_2018, OUTLINE_HUNAN_2020)
ENTRY_FIELDS = ("section", "number", "title", "heading", "level", "group_heading")

# Every shipped slug in a stable order (the 2018 outline's, then the later one's new sections): how
# pure code (``checks.run_checks``) orders findings when no report's outline is at hand. Pages and
# ``check_report`` order and label them by the report's own outline (``checks.selectors``).
SHIPPED_ORDER: tuple[str, ...] = tuple(
    dict.fromkeys(entry[0] for outline in BUILTIN_OUTLINES for entry in outline["entries"])
)
