"""二（三） 项目支出预决算差异成因分析: drafted from the 二（一） figures; a gap in it must be explained."""

from budgets.fields import BUDGET_STAGES, STAGE_SHORT_LABELS
from budgets.models import DepartmentBudget

from .. import drafting
from .base import Paragraphs, Section, SectionForms, fmt, report_paragraphs
from .registry import register
from .texts import narrative_form

VARIANCE_PLACEHOLDER = "【请说明差异原因】"


def variance_problem(draft: str, override: str) -> str | None:
    """Why the 项目支出预决算差异成因分析 text cannot go into a finished report yet, or None (worded
    without section numbers: they differ by outline)."""
    text = drafting.overridable(override, draft)
    if VARIANCE_PLACEHOLDER in text:
        return "项目支出预决算数有差异，请说明差异原因"
    if drafting.MISSING in text:
        return "项目支出年初预算、调整预算和决算数（在整体支出表中填写）"
    return None


class VarianceForm(narrative_form("VarianceFormBase", {"variance_analysis_override": 4}, overrides=True)):
    def __init__(self, *args, drafted: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.drafted = drafted

    def clean(self):
        data = super().clean()
        override = data.get("variance_analysis_override", "")
        if self.draft:
            return data
        if VARIANCE_PLACEHOLDER in override:
            self.add_error("variance_analysis_override", f"请把“{VARIANCE_PLACEHOLDER}”替换为实际的差异原因。")
        else:
            problem = variance_problem(self.drafted, override)
            if problem:
                self.add_error(
                    "variance_analysis_override",
                    f"本部分尚不完整：{problem}。可在上面的草拟文字基础上修改后填写在这里；暂时无法填写的，请点击“保存草稿”。",
                )
        return data


@register
class VarianceSection(Section):
    slug = "variance"
    number = "二（三）"
    title = "项目支出预决算差异成因分析"
    heading = "（三）项目支出年初预算、调整预算及决算数差异成因分析"
    heading_level = 3
    narratives = {"variance_analysis_override": "预决算差异成因分析"}
    document_text = "variance_analysis_override"

    def extra_missing(self, bundle):
        problem = variance_problem(
            drafting.draft_variance_analysis(bundle), bundle.evaluation.variance_analysis_override
        )
        return [problem] if problem else []

    def forms(self, bundle, *, data, draft, catalogue, outline):
        return SectionForms(
            {
                "narratives": VarianceForm(
                    data,
                    initial=self.narrative_values(bundle),
                    draft=draft,
                    prefix="text",
                    drafted=drafting.draft_variance_analysis(bundle),
                )
            }
        )

    def context(self, bundle, f, outline=None):
        budget = bundle.budget or DepartmentBudget()
        return {
            "project_columns": [
                (STAGE_SHORT_LABELS[stage], fmt(getattr(budget, f"project_{stage}"))) for stage in BUDGET_STAGES
            ],
            "draft_variance": drafting.draft_variance_analysis(bundle),
        }

    def report_blocks(self, bundle):
        text = drafting.overridable(
            bundle.evaluation.variance_analysis_override, drafting.draft_variance_analysis(bundle)
        )
        return [Paragraphs(report_paragraphs(text))]
