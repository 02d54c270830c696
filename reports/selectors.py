"""Everything the report template shows, read from the stored data in one place.

The template (``templates/reports/report.html``, or the one the report's outline names) only
places these values. What each section prints comes from its module (``Section.report_blocks``),
in the order, numbering and headings of the report's outline.
"""

from dataclasses import dataclass

from evaluations.models import Evaluation
from evaluations.outlines.selectors import outline_for
from evaluations.scoring.selectors import attachments_context, scoring_table
from evaluations.sections.base import NOT_READ
from evaluations.selectors import ReportBundle, report_bundle


@dataclass(frozen=True)
class RenderedSection:
    """A section as the report prints it: its group heading, heading and blocks (paragraphs,
    sub-headings, tables) from the section's module."""

    slug: str
    anchor: str
    group_heading: str
    heading: str
    level: int
    blocks: list


def report_title_lines(bundle: ReportBundle) -> tuple[str, str]:
    """The title in its two natural halves, so a title too long for one line breaks between them."""
    return (f"{bundle.department.region.short_name}部门整体支出（{bundle.year}年度）", "绩效自评报告")


def rendered_sections(bundle: ReportBundle, outline, *, score_table=NOT_READ) -> list[RenderedSection]:
    """``score_table``: the report's 评分表 if the caller has it (read here when a section needs it)."""
    if score_table is NOT_READ and outline.uses_score_table:
        score_table = scoring_table(bundle.evaluation)
    return [
        RenderedSection(
            slug=item.slug,
            anchor=item.anchor,
            group_heading=item.group_heading,
            heading=item.heading_for(bundle.year),
            level=item.level,
            blocks=item.section.report_blocks(bundle, **item.section.score_table_kwargs(score_table)),
        )
        for item in outline
        if item.section.in_body
    ]


def report_context(*, evaluation: Evaluation) -> dict:
    """The values of every section of the report, in the report's outline, ready for the template."""
    bundle = report_bundle(evaluation)
    department = bundle.department
    outline = outline_for(evaluation)
    attachments = attachments_context(evaluation, bundle=bundle)
    return {
        "evaluation": evaluation,
        "department": department,
        "year": bundle.year,
        "title": "".join(report_title_lines(bundle)),
        "title_lines": report_title_lines(bundle),
        "anchors": {item.slug.replace("-", "_"): item.anchor for item in outline},
        "outline": outline,
        "sections": rendered_sections(bundle, outline, score_table=attachments["scoring_attachment"]["table"]),
        # 附件1 评分表, 附件2 基础数据表
        **attachments,
    }
