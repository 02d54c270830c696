"""一 3 绩效目标情况: the goals, printed as “一是……；二是……”."""

from departments.services import ordered_rows_replace

from .. import drafting
from ..models import PerformanceGoal
from .base import Paragraphs, Requirement, Section, SectionForms, rows_initial
from .registry import register
from .texts import GoalFormSet


@register
class GoalsSection(Section):
    slug = "goals"
    number = "一 3"
    title = "绩效目标情况"
    heading = "3、绩效目标情况（部门整体支出绩效目标设定情况）"
    list_labels = {"goals": ("绩效目标", "text")}
    list_fields = {"goals": "goals"}
    requirements = (Requirement("绩效目标", ("goals",), form=("goals", None)),)

    def snapshot(self, bundle):
        return {"goals": [{"id": g.pk, "text": g.text} for g in bundle.evaluation.goals.all()]}

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        return SectionForms(
            {"goals": GoalFormSet(data, initial=rows_initial(snap["goals"]), draft=draft, prefix="goals")}
        )

    def cleaned(self, f):
        return {"goals": f["goals"].rows()}

    def context(self, bundle, f, outline=None):
        return {"draft_goals": drafting.draft_goals(bundle)}

    def save(self, bundle, data, user):
        ordered_rows_replace(
            model=PerformanceGoal,
            parent_field="evaluation",
            parent=bundle.evaluation,
            rows=data["goals"],
            fields=("text",),
        )

    def report_blocks(self, bundle):
        return [Paragraphs((drafting.draft_goals(bundle) or drafting.NONE,))]
