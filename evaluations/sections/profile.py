"""一 1 部门基本情况: the profile (编制, 实有, 职责), 领导职数, 内设机构, 重点工作 and two drafted sentences."""

from departments.forms import DivisionFormSet, LeadershipPostFormSet, ProfileForm
from departments.models import DepartmentProfile
from departments.services import PROFILE_FIELDS, ordered_rows_replace, profile_section_save

from .. import drafting
from ..models import KeyWorkItem
from .base import (
    Paragraphs,
    Requirement,
    Section,
    SectionForms,
    keys,
    narrative_cleaned,
    report_paragraphs,
    rows_initial,
)
from .registry import register
from .texts import KeyWorkFormSet, narrative_form

ProfileNarrativeForm = narrative_form(
    "ProfileNarrativeForm", {"profile_summary_override": 3, "key_work_intro_override": 1}, overrides=True
)


@register
class ProfileSection(Section):
    slug = "profile"
    number = "一 1"
    title = "部门基本情况"
    heading = "1、部门基本情况（包括部门的在职人员情况、机构设置、主要职能及重点工作等）"
    narratives = {"profile_summary_override": "部门基本情况首段", "key_work_intro_override": "重点工作引导语"}
    list_fields = {"posts": "leadership_posts", "divisions": "divisions", "key_work": "key_work_items"}
    list_labels = {
        "posts": ("领导职数", "title"),
        "divisions": ("内设机构", "name"),
        "key_work": ("重点工作", "text"),
    }
    requirements = (
        Requirement("编制类型", ("profile", "staffing_type"), form=("profile", "staffing_type")),
        Requirement("编制数", ("profile", "staff_quota"), form=("profile", "staff_quota")),
        Requirement("实有在职人数", ("profile", "staff_actual"), form=("profile", "staff_actual")),
        Requirement("在职人员称谓", ("profile", "staff_noun"), form=("profile", "staff_noun")),
        Requirement("主要职责", ("profile", "duties"), form=("profile", "duties")),
        Requirement("重点工作", ("key_work",), form=("key_work", None)),
    )

    def snapshot(self, bundle):
        profile = bundle.profile or DepartmentProfile()
        stored = bundle.profile is not None
        return {
            "profile": {name: getattr(profile, name) for name in PROFILE_FIELDS},
            "posts": [{"id": p.pk, "title": p.title, "count": p.count} for p in profile.leadership_posts.all()]
            if stored
            else [],
            "divisions": [{"id": d.pk, "name": d.name} for d in profile.divisions.all()] if stored else [],
            "key_work": [{"id": k.pk, "text": k.text} for k in bundle.evaluation.key_work_items.all()],
            "narratives": self.narrative_values(bundle),
        }

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        return SectionForms(
            {
                "profile": ProfileForm(data, initial=snap["profile"], draft=draft, prefix="profile"),
                "posts": LeadershipPostFormSet(data, initial=rows_initial(snap["posts"]), draft=draft, prefix="posts"),
                "divisions": DivisionFormSet(
                    data, initial=rows_initial(snap["divisions"]), draft=draft, prefix="divisions"
                ),
                "key_work": KeyWorkFormSet(data, initial=rows_initial(snap["key_work"]), draft=draft, prefix="keywork"),
                "narratives": ProfileNarrativeForm(data, initial=snap["narratives"], draft=draft, prefix="text"),
            }
        )

    def cleaned(self, f):
        return {
            "profile": f["profile"].cleaned_data,
            "posts": f["posts"].rows(),
            "divisions": f["divisions"].rows(),
            "key_work": f["key_work"].rows(),
            "narratives": narrative_cleaned(f["narratives"]),
        }

    def context(self, bundle, f, outline=None):
        return {
            "draft_profile_summary": drafting.draft_profile_summary(bundle),
            "draft_key_work_intro": drafting.draft_key_work_intro(bundle),
        }

    def save(self, bundle, data, user):
        profile_section_save(**keys(bundle), profile=data["profile"], posts=data["posts"], divisions=data["divisions"])
        ordered_rows_replace(
            model=KeyWorkItem,
            parent_field="evaluation",
            parent=bundle.evaluation,
            rows=data["key_work"],
            fields=("text",),
        )

    def report_blocks(self, bundle):
        evaluation, profile = bundle.evaluation, bundle.profile
        key_work = drafting.ordinal_items(item.text for item in evaluation.key_work_items.all())
        return [
            Paragraphs(
                report_paragraphs(
                    drafting.overridable(evaluation.profile_summary_override, drafting.draft_profile_summary(bundle))
                )
            ),
            Paragraphs(report_paragraphs(profile.duties if profile else "")),
            Paragraphs(
                (drafting.overridable(evaluation.key_work_intro_override, drafting.draft_key_work_intro(bundle)),)
            ),
            Paragraphs(tuple(key_work) or (drafting.NONE,)),
        ]
