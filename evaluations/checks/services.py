"""Writes of the checks: acknowledging a warning with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction

from departments.audit import audit_model_changes

from ..snapshots import report_snapshot
from ..summary_store import summary_refresh
from ..workflow import evaluation_lock_for_edit
from . import run_checks
from .models import FindingAcknowledgement
from .registry import RULES_BY_CODE


def finding_acknowledge(*, evaluation, finding_key: str, reason: str, user) -> FindingAcknowledgement:
    """The 填报人 keeps a warning as it is and says why; the reason is kept and shown to reviewers.

    Only a warning present now can be acknowledged (errors must be fixed). Raises
    ``ValidationError`` (nothing saved) or ``WorkflowError`` (the report is not editable).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写理由：说明为什么这一警告可以保留。"})
    with transaction.atomic():
        locked = evaluation_lock_for_edit(evaluation)
        finding = next((f for f in run_checks(report_snapshot(locked)) if f.key == finding_key), None)
        if finding is None:
            raise ValidationError("这一问题已经不存在（数据可能已修改），请刷新页面后查看最新的检查结果。")
        if not finding.is_warning:
            raise ValidationError("只有“警告”可以说明理由后保留；“错误”必须修正。")
        existing = FindingAcknowledgement.objects.filter(evaluation=locked, finding_key=finding_key).first()
        before = FindingAcknowledgement.objects.get(pk=existing.pk) if existing else None
        acknowledgement = existing or FindingAcknowledgement(evaluation=locked, finding_key=finding_key)
        acknowledgement.rule_code = finding.code
        acknowledgement.message = finding.message
        acknowledgement.reason = reason
        acknowledgement.user = user
        acknowledgement.full_clean()
        acknowledgement.save()
        audit_model_changes(
            before=before,
            after=acknowledgement,
            user=user,
            department_id=locked.department_id,
            fiscal_year_id=locked.fiscal_year_id,
            section=finding.section,
            object_label=f"警告确认「{RULES_BY_CODE[finding.code].TITLE}」",
        )
        summary_refresh(locked)
        return acknowledgement
