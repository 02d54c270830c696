"""What the side nav of the section pages says about each section, and where “填报” opens a report.

A section shows ✓ only when it is complete AND has no error, no unacknowledged warning and no open
review comment; otherwise its badges say what is left. Reads nothing itself: the page passes the
statuses (``completeness.sections_status``), the findings (``checks.selectors.evaluation_findings``)
and the open comments per section (``notices.open_comment_counts``) it already has.
"""

from dataclasses import dataclass

from .checks.selectors import INCOMPLETE, FindingView
from .completeness import SectionStatus


@dataclass(frozen=True)
class NavEntry:
    status: SectionStatus
    errors: int = 0  # errors other than “未完成” (the ○ says that)
    warnings: int = 0  # warnings without a stated reason
    comments: int = 0  # open review comments

    @property
    def section(self):
        return self.status.section

    @property
    def complete(self) -> bool:
        return self.status.complete

    @property
    def clean(self) -> bool:
        return self.complete and not (self.errors or self.warnings or self.comments)

    @property
    def summary(self) -> str:
        """The state and what is left, as one Chinese phrase (the link's title and its
        screen-reader text): 「已完成」, 「未完成：尚缺…」 or 「已填完，待处理：…」."""
        if self.clean:
            return "已完成"
        parts = []
        if not self.complete:
            parts.append(f"尚缺{'、'.join(self.status.missing)}")
        if self.errors:
            parts.append(f"{self.errors} 个错误")
        if self.warnings:
            parts.append(f"{self.warnings} 个警告待处理")
        if self.comments:
            parts.append(f"{self.comments} 条审核意见待处理")
        return ("未完成：" if not self.complete else "已填完，待处理：") + "；".join(parts)


def section_nav(statuses: list[SectionStatus], findings: list[FindingView], comments: dict[str, int]) -> list[NavEntry]:
    errors: dict[str, int] = {}
    warnings: dict[str, int] = {}
    for view in findings:
        if view.finding.code == INCOMPLETE or not view.blocks_submission:
            continue
        counts = errors if view.finding.is_error else warnings
        for slug in dict.fromkeys(place[0] for place in view.finding.places):
            counts[slug] = counts.get(slug, 0) + 1
    return [
        NavEntry(
            status,
            errors=errors.get(status.section.slug, 0),
            warnings=warnings.get(status.section.slug, 0),
            comments=comments.get(status.section.slug, 0),
        )
        for status in statuses
    ]


def landing_section(statuses: list[SectionStatus], comments: dict[str, int]) -> SectionStatus:
    """Where “填报” opens a report: the first section with an open review comment (after a return
    that is what needs doing), else the first incomplete section, else the first section."""
    return (
        next((s for s in statuses if comments.get(s.section.slug)), None)
        or next((s for s in statuses if not s.complete), None)
        or statuses[0]
    )
