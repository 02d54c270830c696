"""The paragraphs of the district analysis, drafted from its figures (pure).

As for a department's report (ADR 1), a paragraph that restates figures is drafted here; the
finance bureau may replace the wording of any paragraph (``AnalysisParagraph``, per region and
year), and the draft stays available to restore. The wording follows the yearly reports finance
bureaus write on the self-evaluation work (「全区应参评部门N个，已完成自评M个，平均得分X分，其中优秀A个……」).
"""

from dataclasses import dataclass
from decimal import Decimal

from budgets.money import format_amount_text as amt

from .figures import DistrictAnalysis
from .paragraphs import PARAGRAPHS

GRADE_WORDS = {"优": "优秀", "良": "良好", "中": "中等", "差": "较差"}


@dataclass
class Paragraph:
    key: str
    title: str
    draft: str
    text: str  # what the report prints: the bureau's wording, else the draft
    overridden: bool


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _count(n: int, unit: str = "个") -> str:
    return f"{n}{unit}"


def draft_overview(a: DistrictAnalysis) -> str:
    area = f"全{a.region_short_name[-1]}" if a.region_short_name else "全区"
    text = (
        f"{a.year}年度，{area}应参评部门{a.expected}个，已完成自评{a.submitted}个"
        f"（其中已审核{a.approved}个，待审核{a.submitted - a.approved}个），完成率{_rate(a.submission_rate)}"
    )
    missing = len(a.not_submitted)
    if missing:
        text += f"；尚有{missing}个部门未提交自评报告（名单见附件1）。"
    else:
        text += "；各部门均已提交自评报告。"
    return text


def draft_scores(a: DistrictAnalysis) -> str:
    if not a.scored:
        return "已提交的自评报告尚无完成评分的。"
    grades = "、".join(f"{GRADE_WORDS[band.label]}{band.count}个" for band in a.grades)
    text = (
        f"已完成评分的{a.scored}个部门平均得分{a.mean}分，中位数{a.median}分，"
        f"最高{a.highest}分，最低{a.lowest}分；其中{grades}。"
    )
    if a.unscored:
        text += f"另有{len(a.unscored)}个部门的评分表尚有指标未评分，未计入以上统计。"
    return text


def draft_findings(a: DistrictAnalysis) -> str:
    if not a.rules:
        return "经系统一致性检查，已提交的自评报告未发现数据不一致等问题。"
    leading = "；".join(f"“{rule.title}”{rule.reports}个部门" for rule in a.rules[:3])
    return (
        f"经系统一致性检查，已提交的{a.submitted}个部门中有{a.reports_with_findings}个部门的自评报告存在需要说明"
        f"或更正的问题，较为集中的是：{leading}（各类问题及涉及部门见附件3）。"
    )


def draft_three_public(a: DistrictAnalysis) -> str:
    if not a.three_public_units:
        return "已提交的自评报告未填报“三公”经费。"
    row = a.three_public_row("total")
    text = (
        f"已报部门“三公”经费预算{amt(row.budget)}万元，决算{amt(row.actual)}万元，"
        f"决算为预算的{_rate(row.execution_rate)}"
    )
    if row.change < 0:
        text += f"；较上年决算{amt(row.last_year)}万元减少{amt(-row.change)}万元，下降{_rate(abs(row.change_rate))}"
    elif row.change > 0 and row.change_rate is not None:
        text += f"；较上年决算{amt(row.last_year)}万元增加{amt(row.change)}万元，增长{_rate(row.change_rate)}"
    elif row.change > 0:
        text += f"；上年决算为0，本年增加{amt(row.change)}万元"
    else:
        text += f"，与上年决算{amt(row.last_year)}万元持平"
    parts = "，".join(
        f"{a.three_public_row(key).label}{amt(a.three_public_row(key).actual)}万元"
        for key in ("abroad", "vehicle", "reception")
    )
    return text + f"。其中{parts}。"


def draft_execution(a: DistrictAnalysis) -> str:
    if not a.completion_units:
        return "已提交的自评报告尚未填报预算执行数据。"
    bands = {band.label: band.count for band in a.completion}
    full = bands["100%"] + bands["100%以上"]
    below_90 = bands["60%以下"] + bands["60%–80%"] + bands["80%–90%"]
    adjustment = {band.label: band.count for band in a.adjustment}
    return (
        f"已报部门预算完成率平均为{a.completion_mean}%，其中完成率达到100%的{full}个，"
        f"低于90%的{below_90}个（低于60%的{bands['60%以下']}个）。"
        f"{a.adjustment_units}个部门中有{a.adjusted_units}个调整了预算，"
        f"调整幅度超过30%的{adjustment['30%以上']}个。"
    )


def draft_spending(a: DistrictAnalysis) -> str:
    if not a.spending:
        return "已提交的自评报告尚未填报按功能分类的支出。"
    parts = "，".join(f"{row.name}{amt(row.amount)}万元（占{row.share}%）" for row in a.spending)
    return f"已报部门按支出功能分类的决算支出合计{amt(a.spending_total)}万元，主要用于：{parts}。"


def draft_next_steps(a: DistrictAnalysis) -> str:
    steps = []
    if a.not_submitted:
        steps.append(f"督促尚未提交的{len(a.not_submitted)}个部门尽快完成自评")
    if a.rules:
        steps.append("对审核发现的问题逐项督促整改，并在下年度预算安排中加强绩效目标审核")
    steps.append("推动自评结果与预算安排挂钩，扩大绩效信息公开范围")
    return "下一步，" + "；".join(steps) + "。"


DRAFTERS = {
    "overview": draft_overview,
    "scores": draft_scores,
    "findings": draft_findings,
    "three_public": draft_three_public,
    "execution": draft_execution,
    "spending": draft_spending,
    "next_steps": draft_next_steps,
}


def paragraphs(analysis: DistrictAnalysis, overrides: dict[str, str]) -> list[Paragraph]:
    """Every paragraph in report order: the bureau's wording where there is one, else the draft."""
    out = []
    for key, title in PARAGRAPHS.items():
        draft = DRAFTERS[key](analysis)
        own = (overrides.get(key) or "").strip()
        out.append(Paragraph(key, title, draft, own or draft, bool(own)))
    return out
