"""The sections of the report outline, in order: one form page each, one anchor in the report.

Forms (side navigation), checks (where a finding points) and the rendered report (anchor ids)
all refer to sections by these slugs, so a finding or a preview link lands at the right place.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    slug: str
    number: str  # as the outline numbers it
    title: str

    @property
    def anchor(self) -> str:
        """The id of the section's heading in the rendered report (HTML preview and PDF)."""
        return f"section-{self.slug}"

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"


SECTIONS = (
    Section("profile", "一 1", "部门基本情况"),
    Section("spending", "一 2", "整体支出情况"),
    Section("goals", "一 3", "绩效目标情况"),
    Section("budget-table", "二（一）", "整体支出情况表"),
    Section("three-public", "二（二）", "“三公”经费支出情况"),
    Section("variance", "二（三）", "项目支出预决算差异成因分析"),
    Section("projects", "二（四）", "项目资金使用管理情况分析"),
    Section("performance", "三", "部门整体支出绩效情况"),
    Section("problems", "四", "存在的主要问题及改进措施或有关建议"),
    Section("basic-data", "附", "基础数据（公用经费、政府采购、结转结余）"),
)

SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


def get_section(slug: str) -> Section:
    return SECTIONS_BY_SLUG[slug]
