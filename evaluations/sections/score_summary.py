"""自评得分情况 (some outlines open with it): the sentence stating the 综合评分, drafted from the 评分表.

The 评分表 is given by the callers (``uses_score_table``): this module reads no scoring, so the
snapshot of a report may be built from the sections without a cycle."""

from .. import drafting
from .base import Paragraphs, Section, SectionForms, report_paragraphs
from .registry import register
from .texts import narrative_form

ScoreSummaryForm = narrative_form("ScoreSummaryForm", {"score_summary_override": 3}, overrides=True)


def draft_score_summary(bundle, table) -> str:
    start = f"经自评，{bundle.department.full_name}{bundle.year}年度部门整体支出绩效"
    if table is None:
        return f"{start}综合评分{drafting.MISSING}。"
    if table.pending:
        return f"{start}综合评分暂计为{table.total}分（尚有{table.pending}项指标未评分）。"
    return f"{start}综合评分为{table.total}分，评价等级为“{table.grade}”。"


@register
class ScoreSummarySection(Section):
    slug = "score-summary"
    number = "一"
    title = "自评得分情况"
    heading = "一、自评得分情况"
    heading_level = 2
    narratives = {"score_summary_override": "自评得分情况"}
    document_text = "score_summary_override"
    uses_score_table = True

    def extra_missing(self, bundle, *, score_table):
        table = score_table
        if table is None:
            return ["评分表（尚无适用的评分指标体系）"]
        return [f"评分表中{table.pending}项指标的评分"] if table.pending else []

    def forms(self, bundle, *, data, draft, catalogue, outline):
        return SectionForms(
            {"narratives": ScoreSummaryForm(data, initial=self.narrative_values(bundle), draft=draft, prefix="text")}
        )

    def context(self, bundle, f, outline=None, *, score_table):
        return {"score_table": score_table, "draft_score_summary": draft_score_summary(bundle, score_table)}

    def report_blocks(self, bundle, *, score_table):
        draft = draft_score_summary(bundle, score_table)
        return [Paragraphs(report_paragraphs(drafting.overridable(bundle.evaluation.score_summary_override, draft)))]
