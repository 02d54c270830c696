"""What the review page shows, section by section (read-only).

One page per report for the reviewer handling a (re)submission and for the 填报人 answering: the
report as the preview prints it (each section's ``report_blocks``, via
``reports.selectors.rendered_sections``), and beside each section its findings with the
acknowledged warnings' reasons (``checks.selectors.evaluation_findings``), its comment threads
(``notices.comment_threads``) and what changed in it since the last submission. The changes are
the audit events chosen by ``evaluations.confirmation.changes_since_previous_submission`` — the
same ones the confirmation pages count — worded by ``reports.history.describe``.
"""

from dataclasses import dataclass, field

from evaluations.checks.selectors import FindingView, evaluation_findings
from evaluations.confirmation import changes_since_previous_submission
from evaluations.models import Evaluation, EvaluationStatus
from evaluations.notices import comment_threads
from evaluations.outlines.selectors import outline_for
from evaluations.selectors import report_bundle
from evaluations.snapshots import snapshot_for_bundle

from .history import ACKNOWLEDGEMENT_PREFIX, COMMENT, HIDDEN_FIELDS, STATUS, HistoryEntry, describe
from .selectors import RenderedSection, rendered_sections

# The changes listed are figures, texts, rows, imports, kept warnings and manual scores; comments
# and their 说明 are shown as threads, status changes in the page's own list.
NOT_CHANGES = {COMMENT, STATUS}


@dataclass
class ReviewSection:
    """One section of the outline on the review page."""

    slug: str
    anchor: str  # the page's own anchor: "review-<slug>"
    label: str  # 「二（四） 项目支出情况」
    rendered: RenderedSection | None  # None: printed as an attachment, not in the body
    findings: list[FindingView] = field(default_factory=list)
    comments: list = field(default_factory=list)  # ReviewComment threads
    changes: list[HistoryEntry] = field(default_factory=list)

    @property
    def open_comments(self) -> int:
        return sum(1 for comment in self.comments if comment.is_open)

    @property
    def errors(self) -> int:
        return sum(1 for view in self.findings if view.finding.is_error)

    @property
    def unacknowledged(self) -> int:
        return sum(1 for view in self.findings if view.needs_acknowledgement)


@dataclass
class ReviewPage:
    sections: list[ReviewSection]
    other_changes: list[HistoryEntry]  # changes of no section of the outline (e.g. the 评分表)
    first_submission: bool  # no earlier submission to compare with
    comparing_submissions: bool  # a submitted report: between the previous submission and this one

    @property
    def changes(self) -> list[HistoryEntry]:
        return [entry for section in self.sections for entry in section.changes] + self.other_changes

    @property
    def change_count(self) -> int:
        return len(self.changes)


def _shown(entry: HistoryEntry) -> bool:
    event = entry.event
    if entry.kind in NOT_CHANGES:
        return False
    # identifiers recorded with a kept warning (rule code, finding key) are never shown
    return not (event.object_label.startswith(ACKNOWLEDGEMENT_PREFIX) and event.field in HIDDEN_FIELDS)


def review_page(evaluation: Evaluation) -> ReviewPage:
    bundle = report_bundle(evaluation)
    outline = outline_for(evaluation)
    findings = evaluation_findings(evaluation, report=snapshot_for_bundle(bundle), bundle=bundle)
    comments = comment_threads(evaluation)
    rendered = {section.slug: section for section in rendered_sections(bundle, outline)}
    labels = {item.slug: item.label for item in outline}
    events = changes_since_previous_submission(evaluation)
    entries = [entry for entry in (describe(event, labels) for event in events or []) if _shown(entry)]

    sections = [
        ReviewSection(
            slug=item.slug,
            anchor=f"review-{item.slug}",
            label=item.label,
            rendered=rendered.get(item.slug),
            findings=[view for view in findings if view.finding.section == item.slug],
            comments=[comment for comment in comments if comment.section == item.slug],
            changes=[entry for entry in entries if entry.event.section == item.slug],
        )
        for item in outline
    ]
    return ReviewPage(
        sections=sections,
        other_changes=[entry for entry in entries if entry.event.section not in labels],
        first_submission=events is None,
        comparing_submissions=evaluation.status == EvaluationStatus.SUBMITTED,
    )
