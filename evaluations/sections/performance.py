"""三 部门整体支出绩效情况: 整体绩效目标合理性分析 and 整体绩效产出情况分析."""

from .base import Paragraphs, Requirement, Section, SectionForms, SubHeading, report_paragraphs
from .registry import register
from .texts import narrative_form

PerformanceForm = narrative_form(
    "PerformanceForm",
    {"goal_rationality_analysis": 6, "output_analysis": 6},
    help_texts={"goal_rationality_analysis": "可按①②③逐项说明", "output_analysis": "可按①②③逐项说明"},
)


@register
class PerformanceSection(Section):
    slug = "performance"
    number = "三"
    title = "部门整体支出绩效情况"
    heading = "三、部门整体支出绩效情况"
    heading_level = 2
    narratives = {"goal_rationality_analysis": "整体绩效目标合理性分析", "output_analysis": "整体绩效产出情况分析"}
    document_sub_headings = {
        "整体绩效目标合理性分析": "goal_rationality_analysis",
        "整体绩效产出情况分析": "output_analysis",
    }
    requirements = tuple(
        Requirement(label, ("narratives", name), form=("narratives", name))
        for name, label in (
            ("goal_rationality_analysis", "整体绩效目标合理性分析"),
            ("output_analysis", "整体绩效产出情况分析"),
        )
    )

    def forms(self, bundle, *, data, draft, catalogue, outline):
        return SectionForms(
            {"narratives": PerformanceForm(data, initial=self.narrative_values(bundle), draft=draft, prefix="text")}
        )

    def report_blocks(self, bundle):
        evaluation = bundle.evaluation
        return [
            SubHeading(3, "（一）、整体绩效目标合理性分析"),
            Paragraphs(report_paragraphs(evaluation.goal_rationality_analysis)),
            SubHeading(3, "（二）、整体绩效产出情况分析"),
            Paragraphs(report_paragraphs(evaluation.output_analysis)),
        ]
