"""The finance bureau's own wording of a paragraph of the district analysis (ADR 1 style).

A row exists only while the bureau's wording replaces the draft; restoring the draft deletes it.
"""

from django.conf import settings
from django.db import models

from departments.models import FiscalYear, Region
from departments.text_limits import NARRATIVE, max_chars

from .paragraphs import PARAGRAPHS


class AnalysisParagraph(models.Model):
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.ForeignKey(FiscalYear, verbose_name="年度", on_delete=models.PROTECT, related_name="+")
    key = models.CharField("段落", max_length=32, choices=list(PARAGRAPHS.items()))
    text = models.TextField("文字（自拟）", validators=max_chars(NARRATIVE))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "区域分析报告段落"
        verbose_name_plural = "区域分析报告段落"
        ordering = ["region", "-fiscal_year", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "fiscal_year", "key"],
                name="analysis_paragraph_unique_key",
                violation_error_message="该区域本年度的此段落已有自拟文字，请修改原文字。",
            )
        ]

    def __str__(self):
        return f"{self.region} {self.fiscal_year_id}年 {self.get_key_display()}"
