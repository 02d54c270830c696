"""Reads of a report's findings with their acknowledgements, for the checklist, forms and workflow."""

from dataclasses import dataclass

from ..completeness import incomplete_sections
from ..outlines.selectors import outline_for
from ..selectors import report_bundle
from ..snapshots import snapshot_for_bundle
from . import run_checks
from .findings import ERROR, Finding
from .models import FindingAcknowledgement

INCOMPLETE = "incomplete_section"


def completeness_findings(bundle, outline=None) -> list[Finding]:
    """One “未完成” error per incomplete section of the report's outline, naming what is missing."""
    return [
        Finding(
            code=INCOMPLETE,
            severity=ERROR,
            section=status.section.slug,
            field="",
            subject=status.section.slug,
            message=f"“{status.section.label}”尚未填写完整，还缺：{'、'.join(status.missing)}。",
        )
        for status in incomplete_sections(bundle, outline)
    ]


@dataclass(frozen=True)
class FindingView:
    """A finding as a page shows it: with the acknowledgement of a warning, if any, and its
    section as the report's outline numbers it (「二（二） 部门整体支出概况」)."""

    finding: Finding
    acknowledgement: FindingAcknowledgement | None = None
    section_label: str = ""

    @property
    def needs_acknowledgement(self) -> bool:
        return self.finding.is_warning and self.acknowledgement is None

    @property
    def blocks_submission(self) -> bool:
        return self.finding.is_error or self.needs_acknowledgement

    @property
    def anchor(self) -> str:
        return "finding-" + "".join(c if c.isalnum() else "-" for c in self.finding.key)


def evaluation_findings(evaluation, *, report=None, bundle=None) -> list[FindingView]:
    """Every finding of the report, in outline order, with acknowledgements attached.

    Pass the ``ReportSnapshot`` (``report``) or the ``ReportBundle`` (``bundle``) a page already
    has, so the report is not read twice.
    """
    bundle = bundle if bundle is not None else report_bundle(evaluation)
    if report is None:
        report = snapshot_for_bundle(bundle)
    outline = outline_for(evaluation)
    position = {slug: index for index, slug in enumerate(outline.slugs)}
    labels = {item.slug: item.label for item in outline}
    findings = sorted(
        completeness_findings(bundle, outline) + run_checks(report),
        key=lambda finding: (position.get(finding.section, len(position)), finding.sort_key()),
    )
    acknowledgements = {
        ack.finding_key: ack
        for ack in FindingAcknowledgement.objects.filter(evaluation=evaluation).select_related("user")
    }
    return [
        FindingView(
            finding,
            acknowledgements.get(finding.key) if finding.is_warning else None,
            labels.get(finding.section, finding.section),
        )
        for finding in findings
    ]


def findings_for_section(
    evaluation, slug: str, *, findings: list[FindingView] | None = None, bundle=None
) -> dict[str, list]:
    """Findings of one section keyed by field name (a form field or a formset name such as
    ``project_lines``), for showing each at its field. A finding that also concerns another
    section (``Finding.also``) is shown there too."""
    by_field: dict[str, list[FindingView]] = {}
    for view in findings if findings is not None else evaluation_findings(evaluation, bundle=bundle):
        for section, field in view.finding.places:
            if section == slug:
                by_field.setdefault(field, []).append(view)
    return by_field


def findings_summary(findings: list[FindingView]) -> dict:
    return {
        "errors": sum(1 for v in findings if v.finding.is_error),
        "warnings": sum(1 for v in findings if v.finding.is_warning),
        "acknowledged": sum(1 for v in findings if v.finding.is_warning and v.acknowledgement is not None),
        "notes": sum(1 for v in findings if v.finding.severity == "note"),
        "blockers": sum(1 for v in findings if v.blocks_submission),
    }
