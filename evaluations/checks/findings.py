"""What a consistency rule returns: a finding that points at a section and a field.

A finding is plain data (frozen dataclass), so rules stay pure and findings can be shown in the
forms, on the checklist page, in the ``check_report`` command (JSON) and compared in tests.
"""

from dataclasses import dataclass, field

from evaluations.outlines.builtin import SHIPPED_ORDER

ERROR = "error"
WARNING = "warning"
NOTE = "note"

SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", NOTE: "提示"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, NOTE: 2}
SECTION_ORDER = {slug: position for position, slug in enumerate(SHIPPED_ORDER)}


@dataclass(frozen=True)
class Figure:
    """A figure involved in a finding, already formatted for display (e.g. ``148.25``)."""

    label: str
    value: str


@dataclass(frozen=True)
class Finding:
    """One problem found in a report.

    ``code`` names the rule; ``subject`` distinguishes several findings of one rule and, with the
    code, forms ``key`` — stable as long as the data behind the finding is unchanged, so an
    acknowledgement of a warning survives recomputation but not a change of the figures.
    ``field`` is a form field name (``staff_excess_reason``) or a formset name
    (``project_lines``); ``row`` the 1-based row of a formset when one row is meant.
    ``also`` lists further (section, field) places where the same finding should be shown.
    Sections are named by slug; the report's outline numbers and titles them
    (``checks.selectors.FindingView.section_label``).
    """

    code: str
    severity: str
    section: str
    field: str
    message: str
    figures: tuple[Figure, ...] = ()
    subject: str = ""
    row: int | None = None
    also: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self):
        if self.severity not in SEVERITY_LABELS:
            raise ValueError(f"unknown severity {self.severity!r}")
        if not all((self.section, *(place[0] for place in self.also))):
            raise ValueError("a finding names the section it concerns")

    @property
    def key(self) -> str:
        return f"{self.code}:{self.subject}" if self.subject else self.code

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    @property
    def places(self) -> tuple[tuple[str, str], ...]:
        return ((self.section, self.field), *self.also)

    def sort_key(self):
        section = SECTION_ORDER.get(self.section, len(SECTION_ORDER))
        return (section, SEVERITY_ORDER[self.severity], self.code, self.row or 0, self.subject)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "key": self.key,
            "severity": self.severity,
            "severity_label": self.severity_label,
            "section": self.section,
            "field": self.field,
            "row": self.row,
            "message": self.message,
            "figures": [{"label": f.label, "value": f.value} for f in self.figures],
            "also": [{"section": s, "field": f} for s, f in self.also],
        }
