"""Which sections of a report's outline are complete: the ONE definition (``Section.requirements``
and ``extra_missing``), shared by the side nav, the home page, the checklist and submission."""

import hashlib
import json
from dataclasses import dataclass

from .outlines.selectors import Outline, OutlineItem, outline_for
from .scoring.selectors import score_tables, scoring_table
from .sections import Section
from .sections.base import NOT_READ
from .selectors import ReportBundle


@dataclass(frozen=True)
class SectionStatus:
    section: OutlineItem  # the section as the report's outline numbers it
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def sections_status(
    bundle: ReportBundle, outline: Outline | None = None, *, score_table=NOT_READ
) -> list[SectionStatus]:
    """Every section of the report's outline with what it still needs, in outline order.

    ``score_table``: the report's 评分表 if the caller has it (else it is read here when a section
    of the outline needs it)."""
    outline = outline or outline_for(bundle.evaluation)
    if score_table is NOT_READ and outline.uses_score_table:
        score_table = scoring_table(bundle.evaluation)
    return [SectionStatus(item, tuple(item.section.missing(bundle, score_table=score_table))) for item in outline]


def sections_statuses(bundles: dict[int, ReportBundle], outlines: dict[int, Outline], *, tables=None) -> dict:
    """``sections_status`` of many reports (pk → statuses): the 评分表 a section needs (自评得分情况)
    are read together by ``score_tables`` (or taken from ``tables``), not one report at a time."""
    needing = [
        bundle.evaluation
        for pk, bundle in bundles.items()
        if outlines[pk].uses_score_table and (tables is None or pk not in tables)
    ]
    tables = {**(tables or {}), **(score_tables(needing) if needing else {})}
    return {
        pk: sections_status(bundle, outlines[pk], score_table=tables.get(pk, NOT_READ))
        for pk, bundle in bundles.items()
    }


def incomplete_sections(bundle: ReportBundle, outline: Outline | None = None) -> list[SectionStatus]:
    return [status for status in sections_status(bundle, outline) if not status.complete]


@dataclass(frozen=True)
class Completion:
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


def completion(bundle: ReportBundle, outline: Outline | None = None, *, score_table=NOT_READ) -> Completion:
    return completion_of(sections_status(bundle, outline, score_table=score_table))


def completion_of(statuses: list[SectionStatus]) -> Completion:
    return Completion(sum(s.complete for s in statuses), len(statuses))


def section_fingerprint(bundle: ReportBundle, section: Section) -> str:
    """The hash of the section's stored data: it changes only when someone saves this section."""
    text = json.dumps(section.snapshot(bundle), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
