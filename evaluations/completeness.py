"""Which sections of a report's outline are complete: the ONE definition (``Section.requirements``
and ``extra_missing``), shared by the side nav, the home page, the checklist and submission."""

import hashlib
import json
from dataclasses import dataclass

from .outlines.selectors import Outline, OutlineItem, outline_for
from .sections import Section
from .selectors import ReportBundle


@dataclass(frozen=True)
class SectionStatus:
    section: OutlineItem  # the section as the report's outline numbers it
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def sections_status(bundle: ReportBundle, outline: Outline | None = None) -> list[SectionStatus]:
    """Every section of the report's outline with what it still needs, in outline order."""
    outline = outline or outline_for(bundle.evaluation)
    return [SectionStatus(item, tuple(item.section.missing(bundle))) for item in outline]


def incomplete_sections(bundle: ReportBundle, outline: Outline | None = None) -> list[SectionStatus]:
    return [status for status in sections_status(bundle, outline) if not status.complete]


@dataclass(frozen=True)
class Completion:
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


def completion(bundle: ReportBundle, outline: Outline | None = None) -> Completion:
    statuses = sections_status(bundle, outline)
    return Completion(sum(s.complete for s in statuses), len(statuses))


def section_fingerprint(bundle: ReportBundle, section: Section) -> str:
    """The hash of the section's stored data: it changes only when someone saves this section."""
    text = json.dumps(section.snapshot(bundle), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
