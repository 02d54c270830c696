"""A report's 修改记录 as people read it: every audit event of the department-year as one plain
Chinese entry (what was done, old → new, why), filterable by section, person, kind, date and
「自上次提交以来」, and the same entries as an Excel sheet.

The audit rows stay exactly as written (``departments.audit``); this module only reads and words
them. Internal identifiers that some rows carry (a warning's rule code and finding key, e.g.
``staff_over_quota:10>8``) are never shown: a warning is named by its rule's title and message.
"""

import io
import re
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone

from departments.models import REPORT_ACTIONS, AuditAction, AuditEvent
from departments.people import person_label, person_name
from evaluations.checks.registry import RULES_BY_CODE
from evaluations.models import EvaluationStatus, StatusTransition

HISTORY_PAGE_SIZE = 50
EXPORT_MAX_ROWS = 20_000

DATA, IMPORT, STATUS, COMMENT, ACKNOWLEDGEMENT, SCORE = "data", "import", "status", "comment", "acknowledgement", "score"
KINDS = {
    DATA: "填报数据",
    IMPORT: "Excel 导入",
    STATUS: "状态变更",
    COMMENT: "审核意见",
    ACKNOWLEDGEMENT: "警告说明",
    SCORE: "人工评分",
}
ACKNOWLEDGEMENT_PREFIX = "警告确认"
SCORE_PREFIX = "评分表"
COMMENT_LABEL = "审核意见"
# Fields of a warning acknowledgement that hold identifiers, not words: never shown.
HIDDEN_FIELDS = ("检查规则", "问题标识")


def kind_filter(kind: str) -> Q:
    """The events of one kind, as a database filter (so the page counts and pages them there)."""
    comment = Q(object_label=COMMENT_LABEL)
    acknowledgement = Q(object_label__startswith=ACKNOWLEDGEMENT_PREFIX)
    score = Q(object_label__startswith=SCORE_PREFIX)
    return {
        STATUS: Q(action=AuditAction.TRANSITION),
        IMPORT: Q(action=AuditAction.IMPORT),
        COMMENT: comment,
        ACKNOWLEDGEMENT: acknowledgement,
        SCORE: score,
        DATA: Q(action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE])
        & ~comment
        & ~acknowledgement
        & ~score,
    }[kind]


def event_kind(event: AuditEvent) -> str:
    if event.action == AuditAction.TRANSITION:
        return STATUS
    if event.action == AuditAction.IMPORT:
        return IMPORT
    if event.object_label == COMMENT_LABEL:
        return COMMENT
    if event.object_label.startswith(ACKNOWLEDGEMENT_PREFIX):
        return ACKNOWLEDGEMENT
    if event.object_label.startswith(SCORE_PREFIX):
        return SCORE
    return DATA


def report_events(evaluation):
    """Every event of the report's department-year shown on its 修改记录, newest first."""
    return (
        AuditEvent.objects.filter(
            department_id=evaluation.department_id,
            fiscal_year_id=evaluation.fiscal_year_id,
            action__in=REPORT_ACTIONS,
        )
        .exclude(object_label__startswith=ACKNOWLEDGEMENT_PREFIX, field__in=HIDDEN_FIELDS)
        .select_related("user")
    )


def last_submission_at(evaluation):
    """When the report was last submitted (None if never)."""
    transition = (
        StatusTransition.objects.filter(evaluation=evaluation, to_status=EvaluationStatus.SUBMITTED)
        .order_by("-at", "-id")
        .first()
    )
    return transition.at if transition else None


class HistoryFilterForm(forms.Form):
    section = forms.ChoiceField(label="章节", required=False)
    user = forms.ChoiceField(label="操作人", required=False)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *KINDS.items()])
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    since_submission = forms.BooleanField(label="只看自上次提交以来的修改", required=False)

    def __init__(self, data, *, evaluation, outline, submitted_at):
        super().__init__(data)
        self.evaluation = evaluation
        self.submitted_at = submitted_at
        self.fields["section"].choices = [("", "全部")] + [(item.slug, item.label) for item in outline]
        people = (
            report_events(evaluation)
            .filter(user__isnull=False)
            .values_list("user_id", "user__username", "user__first_name", "user__last_name")
            .order_by("user__username")
            .distinct()
        )
        self.fields["user"].choices = [("", "全部")] + [
            (str(pk), person_label(first, last, username)) for pk, username, first, last in people
        ]
        if submitted_at is None:
            self.fields["since_submission"].disabled = True
            self.fields["since_submission"].help_text = "报告尚未提交过"
        else:
            local = timezone.localtime(submitted_at)
            self.fields["since_submission"].help_text = f"上次提交：{local:%Y-%m-%d %H:%M}"
        for name, field in self.fields.items():
            css = "form-check-input" if name == "since_submission" else "form-select" if name in ("section", "user", "kind") else "form-control"
            field.widget.attrs["class"] = css

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return cleaned

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(name) for name in self.fields)

    def events(self):
        events = report_events(self.evaluation)
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["section"]:
            events = events.filter(section=data["section"])
        if data["user"]:
            events = events.filter(user_id=int(data["user"]))
        if data["kind"]:
            events = events.filter(kind_filter(data["kind"]))
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
        if data["since_submission"] and self.submitted_at is not None:
            events = events.filter(at__gt=self.submitted_at)
        return events


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    kind: str
    section: str  # the section's label in the report's outline, or ""
    summary: str  # what was done, one Chinese sentence
    old: str = ""
    new: str = ""
    detail: str = ""  # a created or deleted row, a comment's text, an import's list of changes

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def person(self) -> str:
        user = self.event.user
        if user is None:
            return self.event.username or "系统"
        return person_name(user)

    @property
    def reason(self) -> str:
        return self.event.reason

    @property
    def has_change(self) -> bool:
        return bool(self.old or self.new)


def _parts(summary: str, labels: list[str]) -> dict[str, str]:
    """Split a row summary 「报告：…；检查规则：…；说明理由：…」 at the labels given (values may hold 「；」)."""
    found = sorted(
        (match.start(), label)
        for label in labels
        for match in re.finditer(rf"(?:^|；){re.escape(label)}：", summary)
    )
    parts = {}
    for index, (start, label) in enumerate(found):
        begin = summary.index("：", start) + 1
        end = found[index + 1][0] if index + 1 < len(found) else len(summary)
        parts[label] = summary[begin:end]
    return parts


def _bracketed(label: str) -> str:
    match = re.search(r"「(.*)」", label)
    return match.group(1) if match else label


ACKNOWLEDGEMENT_LABELS = ["报告", "检查规则", "问题标识", "确认时的问题描述", "说明理由", "确认人"]
SCORE_LABELS = ["报告", "指标", "得分", "评分理由", "评分人"]


def describe(event: AuditEvent, section_labels: dict[str, str]) -> HistoryEntry:
    """One audit event as a sentence, with its old and new values."""
    kind = event_kind(event)
    section = section_labels.get(event.section, "")
    entry = {"event": event, "kind": kind, "section": section}
    field = f"“{event.field}”" if event.field else ""
    if kind == STATUS:
        return HistoryEntry(**entry, summary="变更报告状态", old=event.old_value, new=event.new_value)
    if kind == IMPORT:
        return HistoryEntry(
            **entry, summary=f"{event.object_label}：更新了{event.field or '数据'}", detail=event.new_value
        )
    if kind == COMMENT:
        if event.action == AuditAction.CREATE:
            return HistoryEntry(**entry, summary="提出审核意见", detail=event.new_value)
        if event.field == "状态":
            return HistoryEntry(**entry, summary=f"将审核意见标记为{event.new_value}")
        return HistoryEntry(**entry, summary=f"修改审核意见{field}", old=event.old_value, new=event.new_value)
    if kind == ACKNOWLEDGEMENT:
        title = _bracketed(event.object_label)
        if event.action == AuditAction.CREATE:
            parts = _parts(event.new_value, ACKNOWLEDGEMENT_LABELS)
            rule = RULES_BY_CODE.get(parts.get("检查规则", ""))
            title = rule.TITLE if rule is not None else title
            detail = f"问题：{parts.get('确认时的问题描述', '')}\n理由：{parts.get('说明理由', '')}"
            return HistoryEntry(**entry, summary=f"说明理由后保留警告“{title}”", detail=detail)
        if event.action == AuditAction.DELETE:
            return HistoryEntry(**entry, summary=f"撤销对警告“{title}”的说明")
        wording = {"说明理由": "修改保留理由", "确认时的问题描述": "问题所涉数字变化后重新说明", "确认人": "重新确认"}
        return HistoryEntry(
            **entry,
            summary=f"警告“{title}”：{wording.get(event.field, '修改' + field)}",
            old=event.old_value,
            new=event.new_value,
        )
    if kind == SCORE:
        indicator = _bracketed(event.object_label)
        if event.action == AuditAction.CREATE:
            parts = _parts(event.new_value, SCORE_LABELS)
            return HistoryEntry(
                **entry,
                summary=f"人工评分“{indicator}”：{parts.get('得分', '')} 分",
                detail=f"评分理由：{parts.get('评分理由', '')}",
            )
        return HistoryEntry(
            **entry, summary=f"修改人工评分“{indicator}”的{field}", old=event.old_value, new=event.new_value
        )
    # 填报数据: a figure, a text or a row of a list
    if event.action == AuditAction.CREATE:
        if not event.section and not event.field:
            return HistoryEntry(**entry, summary=f"创建报告（{event.new_value}）")
        return HistoryEntry(**entry, summary=f"新增{event.object_label}", detail=event.new_value)
    if event.action == AuditAction.DELETE:
        return HistoryEntry(**entry, summary=f"删除{event.object_label}", detail=event.old_value)
    place = f"{event.object_label}的{field}" if event.object_label else field
    return HistoryEntry(**entry, summary=f"修改{place}", old=event.old_value, new=event.new_value)


def history_entries(events, section_labels: dict[str, str]) -> list[HistoryEntry]:
    return [describe(event, section_labels) for event in events]


# ---- Excel --------------------------------------------------------------------------------------

COLUMNS = [("时间", 20), ("操作人", 14), ("章节", 28), ("类别", 12), ("内容", 44), ("原值", 30), ("新值", 30), ("说明", 40)]


def _text_cell(sheet, value):
    """A text cell that stays text: never a formula (「=…」), a number or a date (OWASP CSV injection)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
    cell.data_type = "s"
    cell.number_format = "@"
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def history_workbook(entries: list[HistoryEntry], *, title: str) -> bytes:
    from openpyxl import Workbook  # imported by the export only, not by every page that loads the URLs
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("修改记录")
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    heading = _text_cell(sheet, title)
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    header = []
    for name, _ in COLUMNS:
        cell = _text_cell(sheet, name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for entry in entries:
        explanation = "\n".join(part for part in (entry.detail, f"理由：{entry.reason}" if entry.reason else "") if part)
        sheet.append(
            [
                _text_cell(sheet, f"{timezone.localtime(entry.event.at):%Y-%m-%d %H:%M:%S}"),
                _text_cell(sheet, entry.person),
                _text_cell(sheet, entry.section),
                _text_cell(sheet, entry.kind_label),
                _text_cell(sheet, entry.summary),
                _text_cell(sheet, entry.old),
                _text_cell(sheet, entry.new),
                _text_cell(sheet, explanation),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
