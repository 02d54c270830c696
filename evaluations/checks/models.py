"""Acknowledgements of warnings: a 填报人's stated reason for leaving a warning as it is."""

from django.conf import settings
from django.db import models


class FindingAcknowledgement(models.Model):
    """A warning the 填报人 has acknowledged with a reason; kept and shown to reviewers.

    ``finding_key`` is ``Finding.key``: stable while the data behind the warning is unchanged, so
    the acknowledgement applies to later recomputations — and no longer applies when the figures
    change (the warning then needs a fresh look).
    """

    evaluation = models.ForeignKey(
        "evaluations.Evaluation", verbose_name="报告", on_delete=models.CASCADE, related_name="acknowledgements"
    )
    rule_code = models.CharField("检查规则", max_length=64)
    finding_key = models.CharField("问题标识", max_length=255)
    message = models.TextField("确认时的问题描述")
    reason = models.TextField("说明理由")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("确认时间", auto_now=True)

    class Meta:
        verbose_name = "警告确认"
        verbose_name_plural = "警告确认"
        ordering = ["evaluation", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "finding_key"],
                name="acknowledgement_unique_finding",
                violation_error_message="该警告已经确认过。",
            )
        ]

    def __str__(self):
        return f"{self.rule_code}：{self.reason[:30]}"
