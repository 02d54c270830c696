"""Budget figures of a department-year: the 二（一） table, functional and project lines, 三公经费.

Totals that can be derived (支出合计, 三公合计, 公车合计) are properties, never stored.
"""

from django.db import models

from departments.models import Department, FiscalYear
from departments.text_limits import ITEM, max_chars

from .fields import BUDGET_AMOUNT_LABELS, PROJECT_AMOUNTS, PROJECT_LINE_LABELS, THREE_PUBLIC_FIELDS, THREE_PUBLIC_LABELS
from .money import money_field, non_negative_all, total


class CatalogueLevel(models.TextChoices):
    CLASS = "class", "类"
    SECTION = "section", "款"
    ITEM = "item", "项"


CODE_LENGTH_BY_LEVEL = {CatalogueLevel.CLASS: 3, CatalogueLevel.SECTION: 5, CatalogueLevel.ITEM: 7}


class FunctionalCategory(models.Model):
    """A row of the yearly 支出功能分类 catalogue. Names change between years, so the key is (year, code)."""

    fiscal_year = models.ForeignKey(FiscalYear, verbose_name="年度", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("科目编码", max_length=7)
    name = models.CharField("科目名称", max_length=100)
    level = models.CharField("级次", max_length=8, choices=CatalogueLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级科目", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = "支出功能分类科目"
        verbose_name_plural = "支出功能分类科目"
        ordering = ["fiscal_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "code"],
                name="catalogue_unique_year_code",
                violation_error_message="本年度已有相同编码的科目。",
            )
        ]

    def __str__(self):
        # The year is part of the name: catalogues of several years hold the same code (admin choices).
        return f"{self.code} {self.name}（{self.fiscal_year_id}年）"

    def save(self, *args, **kwargs):
        # Enforced on every save, not only in forms: a row of one year under another year's parent
        # would make the catalogue's tree differ by year silently. The database refuses it too, for
        # writes that skip save() (triggers of migration 0007); this gives the message in Chinese first.
        self._check_parent_year()
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        expected = CODE_LENGTH_BY_LEVEL.get(self.level)
        if expected and (len(self.code) != expected or not self.code.isdigit()):
            raise ValidationError({"code": f"{self.get_level_display()}级科目编码应为 {expected} 位数字。"})
        if self.parent_id and not self.code.startswith(self.parent.code):
            raise ValidationError({"parent": "上级科目编码必须是本科目编码的前缀。"})
        self._check_parent_year()

    def _check_parent_year(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.fiscal_year_id != self.fiscal_year_id:
            raise ValidationError(
                {
                    "parent": f"上级科目“{self.parent}”属于{self.parent.fiscal_year_id}年度，"
                    f"本科目属于{self.fiscal_year_id}年度：上级科目必须是同一年度的科目。"
                }
            )


class DepartmentBudget(models.Model):
    """One department's budget figures for one year (sections 一 2 and 二 of the report)."""

    department = models.ForeignKey(Department, verbose_name="部门", on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.ForeignKey(FiscalYear, verbose_name="年度", on_delete=models.PROTECT, related_name="+")

    basic_initial = money_field("年初预算·基本支出")
    project_initial = money_field("年初预算·项目支出")
    special_initial = money_field("年初预算·政府专项")
    basic_adjusted = money_field("调整预算·基本支出")
    project_adjusted = money_field("调整预算·项目支出")
    special_adjusted = money_field("调整预算·政府专项")
    basic_actual = money_field("决算·基本支出")
    project_actual = money_field("决算·项目支出")
    special_actual = money_field("决算·政府专项")

    asset_purchase_basic = money_field("资产购置支出·基本支出")
    asset_purchase_project = money_field("资产购置支出·项目支出")
    asset_purchase_special = money_field("资产购置支出·政府专项")

    public_funds_budget = money_field("公用经费·预算")
    public_funds_actual = money_field("公用经费·决算")
    office_expense_budget = money_field("其中：办公经费·预算")
    office_expense_actual = money_field("其中：办公经费·决算")
    utilities_travel_budget = money_field("其中：水电差旅·预算")
    utilities_travel_actual = money_field("其中：水电差旅·决算")
    meeting_training_budget = money_field("其中：会议培训·预算")
    meeting_training_actual = money_field("其中：会议培训·决算")
    procurement_budget = money_field("政府采购·预算")
    procurement_actual = money_field("政府采购·实际金额")
    carryover = money_field("结转结余总额")
    # Outlines from 2020 (部门整体支出概况): 收入 and 人员经费; there 基本支出决算 = 人员经费 + 公用经费.
    income_total = money_field("收入合计")
    personnel_actual = money_field("人员经费·决算")
    # 上年数 (a department's first year in the system): last year's 决算 as the 基础数据表 gives them.
    # When last year's record exists its figures are shown and win; a difference is a finding.
    # 上年结转结余 is also this year's 年初结余 (上年结转), one figure (预算完成率's 年初结余 basis).
    prior_project_actual = money_field("上年决算·项目支出")
    prior_public_funds_actual = money_field("上年决算·公用经费")
    prior_office_expense_actual = money_field("上年决算·其中：办公经费")
    prior_utilities_travel_actual = money_field("上年决算·其中：水电差旅")
    prior_meeting_training_actual = money_field("上年决算·其中：会议培训")
    prior_procurement_actual = money_field("上年决算·政府采购金额")
    prior_carryover = money_field("上年结转结余（年初结余）")
    prior_three_public_budget = money_field(
        "上年“三公”经费预算合计", help_text="上年度“三公”经费预算只知道合计数时填写（预算口径的三公经费变动率）"
    )

    class Meta:
        verbose_name = "部门预算"
        verbose_name_plural = "部门预算"
        ordering = ["department", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year"],
                name="budget_one_per_department_year",
                violation_error_message="该部门本年度的预算数据已存在，每个部门每年只能有一份。",
            ),
            *non_negative_all("budget", BUDGET_AMOUNT_LABELS),
        ]

    def __str__(self):
        return f"{self.department} {self.fiscal_year_id}年预算"

    # Derived figures: 支出合计 = 基本支出 + 项目支出 in every column.
    def column(self, column: str) -> dict:
        basic = getattr(self, f"basic_{column}")
        project = getattr(self, f"project_{column}")
        return {
            "total": total(basic, project),
            "basic": basic,
            "project": project,
            "special": getattr(self, f"special_{column}"),
        }

    @property
    def total_initial(self):
        return total(self.basic_initial, self.project_initial)

    @property
    def total_adjusted(self):
        return total(self.basic_adjusted, self.project_adjusted)

    @property
    def total_actual(self):
        return total(self.basic_actual, self.project_actual)

    @property
    def asset_purchase_total(self):
        return total(self.asset_purchase_basic, self.asset_purchase_project)

    def previous_year(self):
        """Last year's record of the same department, or None."""
        return DepartmentBudget.objects.filter(
            department_id=self.department_id, fiscal_year_id=self.fiscal_year_id - 1
        ).first()


class FunctionalSpendingLine(models.Model):
    """Spending of the year by functional category (section 一 2: 主要用于…)."""

    budget = models.ForeignKey(
        DepartmentBudget, verbose_name="部门预算", on_delete=models.CASCADE, related_name="functional_lines"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    category = models.ForeignKey(
        FunctionalCategory, verbose_name="功能分类科目", on_delete=models.PROTECT, related_name="+"
    )
    display_name = models.CharField(
        "报告中的名称", max_length=100, blank=True, help_text="报告正文中的写法；留空则使用科目名称"
    )
    amount = money_field("金额（万元）")

    class Meta:
        verbose_name = "功能分类支出"
        verbose_name_plural = "功能分类支出"
        ordering = ["budget", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "category"],
                name="functional_line_unique_category",
                violation_error_message="同一功能分类科目只能填写一行，请合并金额。",
            ),
            *non_negative_all("functional_line", {"amount": "功能分类支出金额"}),
        ]

    def __str__(self):
        return f"{self.label} {self.amount}"

    @property
    def label(self):
        return self.display_name or self.category.name


class ProjectLine(models.Model):
    """A project of 项目支出 (section 二（四）): its three budget columns and what it paid for."""

    budget = models.ForeignKey(
        DepartmentBudget, verbose_name="部门预算", on_delete=models.CASCADE, related_name="project_lines"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField(PROJECT_LINE_LABELS["name"], max_length=200)
    category = models.ForeignKey(
        FunctionalCategory,
        verbose_name=PROJECT_LINE_LABELS["category"],
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    initial = money_field(PROJECT_LINE_LABELS["initial"])
    adjusted = money_field(PROJECT_LINE_LABELS["adjusted"])
    actual = money_field(PROJECT_LINE_LABELS["actual"])
    purpose = models.TextField(
        PROJECT_LINE_LABELS["purpose"],
        blank=True,
        help_text="接在“主要用于”之后，如“保障区政务大厅日常运行开支”",
        validators=max_chars(ITEM),
    )
    management = models.TextField(PROJECT_LINE_LABELS["management"], blank=True, validators=max_chars(ITEM))
    is_key = models.BooleanField(PROJECT_LINE_LABELS["is_key"], default=False)

    class Meta:
        verbose_name = "项目支出"
        verbose_name_plural = "项目支出"
        ordering = ["budget", "order", "id"]
        constraints = non_negative_all(
            "project_line", {name: f"项目{PROJECT_LINE_LABELS[name]}" for name in PROJECT_AMOUNTS}
        )

    def __str__(self):
        return self.name


class ThreePublicKind(models.TextChoices):
    ABROAD = "abroad", "因公出国（境）"
    VEHICLE_PURCHASE = "vehicle_purchase", "公车购置"
    VEHICLE_OPERATION = "vehicle_operation", "公车运行维护"
    RECEPTION = "reception", "公务接待"


class ThreePublicLine(models.Model):
    """One of the four parts of 三公经费, budget and actual."""

    budget = models.ForeignKey(
        DepartmentBudget, verbose_name="部门预算", on_delete=models.CASCADE, related_name="three_public_lines"
    )
    kind = models.CharField("项目", max_length=20, choices=ThreePublicKind.choices)
    budget_amount = money_field(THREE_PUBLIC_LABELS["budget_amount"])
    actual_amount = money_field(THREE_PUBLIC_LABELS["actual_amount"])
    prior_year_actual = money_field(
        THREE_PUBLIC_LABELS["prior_year_actual"],
        help_text="仅在系统中没有上年度记录时填写；有上年度记录时以上年度记录为准",
    )

    class Meta:
        verbose_name = "三公经费"
        verbose_name_plural = "三公经费"
        ordering = ["budget", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "kind"],
                name="three_public_unique_kind",
                violation_error_message="每类三公经费只能填写一行。",
            ),
            *non_negative_all(
                "three_public", {name: f"三公经费{THREE_PUBLIC_LABELS[name]}" for name in THREE_PUBLIC_FIELDS}
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class CatalogueRename(models.Model):
    """A known rename of a 支出功能分类 code (domain.md §5b), applied when a year's catalogue is copied
    to a later year: from ``from_year`` on, ``code`` is named ``name``. Reference data, editable."""

    code = models.CharField("科目编码", max_length=7)
    from_year = models.PositiveSmallIntegerField("起始年度", help_text="自该年度起使用新名称")
    name = models.CharField("新科目名称", max_length=100)
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "科目更名"
        verbose_name_plural = "科目更名"
        ordering = ["code", "from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "from_year"],
                name="catalogue_rename_unique_code_year",
                violation_error_message="该科目在该年度已有一条更名记录。",
            )
        ]

    def __str__(self):
        return f"{self.code} 自{self.from_year}年起称“{self.name}”"
