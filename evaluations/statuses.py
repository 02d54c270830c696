"""The statuses of a report, below every module that names them (``evaluations.models`` re-exports them)."""

from django.db import models


class EvaluationStatus(models.TextChoices):
    """草稿 → 已提交 → 已退回 (with a reason) → 已提交 … → 已审核 (locked). See evaluations/workflow.py."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已审核"


# A 填报人 may change the report only in these states.
FILLER_EDITABLE_STATUSES = (EvaluationStatus.DRAFT, EvaluationStatus.RETURNED)
