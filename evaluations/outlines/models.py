"""Report outlines as data (editable in admin, versioned by region and from-year)."""

from django.core.validators import MinValueValidator
from django.db import models

from departments.models import Region
from departments.text_limits import ADMIN_TEXT, max_chars

DEFAULT_TEMPLATE = "reports/report.html"


class ReportOutline(models.Model):
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name="适用区域",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="留空表示默认提纲，适用于没有本区域版本的所有区域",
    )
    from_year = models.PositiveSmallIntegerField(
        "起用年度", validators=[MinValueValidator(2000)], help_text="从该年度开始填报的报告起使用，直到有更新的版本"
    )
    active = models.BooleanField(
        "启用", default=True, help_text="未启用的提纲只作范本：复制到某区域和年度（“保存为新的”）后启用"
    )
    template = models.CharField(
        "报告模板", max_length=100, default=DEFAULT_TEMPLATE, help_text="渲染报告（预览和 PDF）所用的模板"
    )
    description = models.TextField("说明", blank=True, validators=max_chars(ADMIN_TEXT))
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    class Meta:
        verbose_name = "报告提纲"
        verbose_name_plural = "报告提纲"
        ordering = ["region", "-from_year", "id"]

    def __str__(self):
        where = self.region.short_name if self.region_id else "默认"
        return f"{self.name}（{where}，{self.from_year}年起）"


class OutlineEntry(models.Model):
    """One section of an outline, with its number and heading in that outline."""

    outline = models.ForeignKey(ReportOutline, verbose_name="提纲", on_delete=models.CASCADE, related_name="entries")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    section = models.CharField("章节", max_length=32, help_text="系统中的章节模块")
    number = models.CharField("编号", max_length=20, help_text="目录中显示的编号，如“二（一）”")
    title = models.CharField("标题", max_length=100, help_text="目录和填报页面显示的标题")
    heading = models.CharField(
        "报告中的标题", max_length=200, blank=True, help_text="报告中印出的标题，{year} 代表年度；附件留空"
    )
    level = models.PositiveSmallIntegerField(
        "标题级别", default=3, choices=[(2, "一级（一、）"), (3, "二级（（一））"), (4, "三级（1、）")]
    )
    group_heading = models.CharField(
        "上级标题", max_length=200, blank=True, help_text="在本章节之前印出的一级标题，如“二、基本情况”"
    )

    class Meta:
        verbose_name = "提纲章节"
        verbose_name_plural = "提纲章节"
        ordering = ["outline", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["outline", "section"],
                name="outline_entry_unique_section",
                violation_error_message="同一提纲中每个章节只能出现一次。",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"
