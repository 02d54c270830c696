"""The 审计管理员's pages: the audit trail with filters, and its Excel export (read only)."""

import io
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .access import AUDITOR, access
from .audit import audit_security
from .models import AuditAction, AuditEvent

PAGE_SIZE = 100
EXPORT_MAX_ROWS = 200_000  # below Excel's 1,048,576; a longer period is exported in parts
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    ("时间", 20),
    ("操作", 10),
    ("操作人/用户名", 16),
    ("来源地址", 16),
    ("部门", 30),
    ("年度", 8),
    ("章节", 12),
    ("对象", 30),
    ("项目", 16),
    ("原值", 30),
    ("新值", 30),
    ("理由/说明", 30),
]


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部"), *AuditAction.choices])
    username = forms.CharField(label="用户名", required=False, max_length=150)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return cleaned

    def events(self):
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate()
        start: date = data.get("date_from") or today - timedelta(days=30)
        end: date = data.get("date_to") or today
        zone = timezone.get_current_timezone()
        events = AuditEvent.objects.filter(
            at__gte=datetime.combine(start, time.min, tzinfo=zone),
            at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
        )
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("username"):
            events = events.filter(username__icontains=data["username"])
        return events.select_related("department", "user"), start, end


@access(AUDITOR)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    events, start, end = form.events()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_list.html",
        {"form": form, "page": page, "start": start, "end": end, "query": query.urlencode()},
    )


def _text(value) -> str:
    """As typed, but without the control characters an .xlsx cannot hold (shown as \\xNN)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # openpyxl is imported by the export only

    return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value or ""))


def _text_cell(sheet, value):
    """A cell that Excel shows as text, never as a formula or a number, whatever it starts with."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=_text(value))
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def audit_workbook(events) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计记录")
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header = []
    for title, _ in COLUMNS:
        cell = _text_cell(sheet, title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    zone = timezone.get_current_timezone()
    for event in events.iterator(chunk_size=2000):
        when = WriteOnlyCell(sheet, value=event.at.astimezone(zone).replace(tzinfo=None))
        when.number_format = "yyyy-mm-dd hh:mm:ss"
        sheet.append(
            [
                when,
                _text_cell(sheet, event.get_action_display()),
                _text_cell(sheet, event.username or (event.user.get_username() if event.user else "")),
                _text_cell(sheet, event.ip_address),
                _text_cell(sheet, event.department.full_name if event.department else ""),
                _text_cell(sheet, event.fiscal_year_id or ""),
                _text_cell(sheet, event.section),
                _text_cell(sheet, event.object_label),
                _text_cell(sheet, event.field),
                _text_cell(sheet, event.old_value),
                _text_cell(sheet, event.new_value),
                _text_cell(sheet, event.reason),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@access(AUDITOR)
def audit_export(request):
    form = AuditFilterForm(request.GET or None)
    events, start, end = form.events()
    events = events.order_by("at", "id")[:EXPORT_MAX_ROWS]
    filename = f"audit-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    content = audit_workbook(events)
    audit_security(AuditAction.DOWNLOAD, object_label=f"审计记录导出 {filename}", reason=request.GET.urlencode())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
