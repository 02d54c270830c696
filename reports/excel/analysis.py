"""The district analysis as a workbook: the text, then one sheet per table (the 附件 and the charts' data).

Figures come from ``evaluations.analysis`` through ``reports.analysis.analysis_context``; this module
only lays them out. User text (the bureau's paragraphs) is written as text, never as a formula.
"""

from openpyxl import Workbook

from .styles import (
    amount_cell,
    header_cell,
    label_cell,
    number_cell,
    print_setup,
    set_widths,
    text_cell,
    title_row,
    unit_row,
)


def _text(value) -> str:
    """A string cell that Excel will not take for a formula (OWASP "CSV injection")."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _table(ws, title: str, headers: list[str], rows: list[list], *, unit: str = "", widths=None):
    last = len(headers)
    title_row(ws, 1, title, last)
    if unit:
        unit_row(ws, 2, last, unit)
    for column, header in enumerate(headers, start=1):
        header_cell(ws, 3, column, header)
    for r, row in enumerate(rows, start=4):
        for column, value in enumerate(row, start=1):
            if isinstance(value, int):
                number_cell(ws, r, column, value)
            elif value is None or hasattr(value, "quantize"):
                amount_cell(ws, r, column, value)
            else:
                text_cell(ws, r, column, _text(value))
    set_widths(ws, widths or [max(10, len(h) * 2 + 2) for h in headers])
    print_setup(ws, header_rows=(1, 3), landscape=False)


def build_analysis_workbook(context: dict) -> Workbook:
    a = context["analysis"]
    workbook = Workbook()
    workbook.properties.title = context["title"]
    ws = workbook.active
    ws.title = "报告正文"
    title_row(ws, 1, context["title"], 2)
    for r, paragraph in enumerate(context["paragraphs"].values(), start=2):
        label_cell(ws, r, 1, paragraph.title, bold=True)
        text_cell(ws, r, 2, _text(paragraph.text))
    set_widths(ws, [20, 120])

    _table(
        workbook.create_sheet("附件1 未提交名单"),
        f"附件1 未提交自评报告的部门（{len(a.not_submitted)}个）",
        ["序号", "单位编码", "单位名称", "报告状态"],
        [[i, f.unit.code, f.unit.name, f.status_label] for i, f in enumerate(a.not_submitted, start=1)],
        widths=[6, 12, 40, 10],
    )
    ranks = [["前十名", r.rank, r.unit.code, r.unit.name, r.score, r.grade] for r in a.top]
    ranks += [["后十名", r.rank, r.unit.code, r.unit.name, r.score, r.grade] for r in a.bottom]
    _table(
        workbook.create_sheet("附件2 得分排名"),
        "附件2 自评得分前十名和后十名",
        ["类别", "名次", "单位编码", "单位名称", "得分", "等级"],
        ranks,
        widths=[8, 6, 12, 40, 10, 6],
    )
    _table(
        workbook.create_sheet("附件3 问题统计"),
        "附件3 审核发现的问题（按检查规则）",
        ["序号", "检查规则", "涉及部门数", "问题条数", "其中错误", "其中警告", "涉及部门（举例）"],
        [
            [i, rule.title, rule.reports, rule.findings, rule.errors, rule.warnings, "、".join(rule.examples)]
            for i, rule in enumerate(a.rules, start=1)
        ],
        widths=[6, 36, 10, 10, 10, 10, 60],
    )
    _table(
        workbook.create_sheet("附件4 三公经费"),
        f"附件4 “三公”经费分项情况（已报{a.three_public_units}个部门）",
        ["项目", "本年预算数", "本年决算数", "决算占预算%", "上年决算数", "增减额", "增减率%"],
        [
            [row.label, row.budget, row.actual, row.execution_rate, row.last_year, row.change, row.change_rate]
            for row in a.three_public
        ],
        unit="单位：万元",
        widths=[28, 13, 13, 12, 13, 13, 10],
    )
    execution = [["预算完成率", band.label, band.count] for band in a.completion]
    execution += [["预算调整率", band.label, band.count] for band in a.adjustment]
    _table(
        workbook.create_sheet("附件5 预算执行"),
        "附件5 预算完成率和预算调整率分布",
        ["指标", "区间", "部门数"],
        execution,
        widths=[14, 14, 10],
    )
    spending = [[row.code, row.name, row.amount, row.share] for row in a.spending]
    spending.append(["", "合计", a.spending_total, None])
    _table(
        workbook.create_sheet("附件6 功能分类支出"),
        "附件6 按支出功能分类（类）的决算支出",
        ["科目编码", "科目名称", "决算支出", "占比%"],
        spending,
        unit="单位：万元",
        widths=[10, 30, 14, 10],
    )
    for chart in context["charts"].values():
        if chart is not None:
            _table(workbook.create_sheet(f"图 {chart.title}"[:31]), chart.title, chart.headers, chart.rows)
    return workbook
