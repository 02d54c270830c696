"""四 存在的主要问题及改进措施或有关建议."""

from .base import Paragraphs, Requirement, Section, SectionForms, report_paragraphs
from .registry import register
from .texts import narrative_form

ProblemsForm = narrative_form("ProblemsForm", {"problems_and_measures": 8})


@register
class ProblemsSection(Section):
    slug = "problems"
    number = "四"
    title = "存在的主要问题及改进措施或有关建议"
    heading = "四、存在的主要问题及改进措施或有关建议"
    heading_level = 2
    narratives = {"problems_and_measures": "存在的主要问题及改进措施或有关建议"}
    document_text = "problems_and_measures"
    requirements = (
        Requirement(
            "存在的主要问题及改进措施或有关建议",
            ("narratives", "problems_and_measures"),
            form=("narratives", "problems_and_measures"),
        ),
    )

    def forms(self, bundle, *, data, draft, catalogue, outline):
        return SectionForms(
            {"narratives": ProblemsForm(data, initial=self.narrative_values(bundle), draft=draft, prefix="text")}
        )

    def report_blocks(self, bundle):
        return [Paragraphs(report_paragraphs(bundle.evaluation.problems_and_measures))]
