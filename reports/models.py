"""What was approved, kept exactly: the PDF and the .docx in the ``reports`` storage
(``reports/stored.py``; their names and SHA-256 here) and a JSON snapshot of all report data."""

from django.db import models

from evaluations.models import Evaluation


class ApprovedSnapshot(models.Model):
    evaluation = models.OneToOneField(
        Evaluation, verbose_name="报告", on_delete=models.CASCADE, related_name="approved_snapshot"
    )
    fingerprint = models.CharField("报告内容指纹", max_length=64, blank=True)
    pdf_name = models.CharField("PDF 文件（存储路径）", max_length=255)
    pdf_sha256 = models.CharField("PDF 校验值（SHA-256）", max_length=64)
    docx_name = models.CharField("Word 文件（存储路径）", max_length=255, blank=True)
    docx_sha256 = models.CharField("Word 文件校验值（SHA-256）", max_length=64, blank=True)
    data = models.JSONField("报告数据快照")
    created_at = models.DateTimeField("审核通过时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核通过存档"
        verbose_name_plural = "审核通过存档"

    def __str__(self):
        return f"{self.evaluation}（存档）"
