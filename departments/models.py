"""Departments, their yearly profile, fiscal years, and who works for or reviews them."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from .choices import FundingType, StaffingType, UnitNature
from .text_limits import DUTIES, ITEM, max_chars


class AuditAction(models.TextChoices):
    # Changes to a department-year's report data (shown on the report's 修改记录 page).
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    TRANSITION = "transition", "状态变更"
    IMPORT = "import", "导入"
    # The security log (安全审计): who came in, what left the system, who changed whose rights.
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    UNLOCK = "unlock", "解除锁定"
    PASSWORD = "password", "修改密码"
    OTP = "otp", "双因素认证"
    DOWNLOAD = "download", "下载"
    ADMIN = "admin", "后台操作"
    PERMISSION = "permission", "权限变更"


REPORT_ACTIONS = [
    AuditAction.CREATE,
    AuditAction.UPDATE,
    AuditAction.DELETE,
    AuditAction.TRANSITION,
    AuditAction.IMPORT,
]
SECURITY_ACTIONS = [action for action in AuditAction if action not in REPORT_ACTIONS]


class FiscalYear(models.Model):
    """A budget year. The year itself is the key, so ``fiscal_year_id == 2018``."""

    year = models.PositiveSmallIntegerField("年度", primary_key=True, validators=[MinValueValidator(2000)])
    is_open = models.BooleanField("开放填报", default=True)
    submission_deadline = models.DateField(
        "提交截止日期",
        null=True,
        blank=True,
        help_text="各部门应在此日期（含）之前提交自评报告；审核工作台据此提示逾期",
    )

    class Meta:
        verbose_name = "预算年度"
        verbose_name_plural = "预算年度"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度"

    def deadline_state(self, today) -> str:
        """The deadline as the 审核工作台 states it, e.g. 「提交截止日期 2019年4月30日，还有 3 天」."""
        if self.submission_deadline is None:
            return "未设置提交截止日期"
        deadline = self.submission_deadline
        stated = f"提交截止日期 {deadline.year}年{deadline.month}月{deadline.day}日"
        days = (deadline - today).days
        if days > 0:
            return f"{stated}，还有 {days} 天"
        if days == 0:
            return f"{stated}，今天截止"
        return f"{stated}，已逾期 {-days} 天"

    def is_overdue(self, today) -> bool:
        return self.submission_deadline is not None and today > self.submission_deadline


class Region(models.Model):
    """An administrative region whose finance bureau collects the reports, e.g. 长沙市天心区."""

    name = models.CharField("区域全称", max_length=100, unique=True)
    short_name = models.CharField("区域简称", max_length=50, help_text="用于报告标题，如“天心区”")
    code = models.CharField("行政区划代码", max_length=12, blank=True)

    class Meta:
        verbose_name = "区域"
        verbose_name_plural = "区域"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A budget unit (部门/单位) that writes one report a year."""

    full_name = models.CharField("单位全称", max_length=200, unique=True)
    short_name = models.CharField("单位简称", max_length=100, blank=True)
    code = models.CharField("预算编码", max_length=30, unique=True)
    region = models.ForeignKey(Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="departments")
    unit_nature = models.CharField("单位性质", max_length=32, choices=UnitNature.choices)
    funding_type = models.CharField("经费形式", max_length=16, choices=FundingType.choices, default=FundingType.FULL)
    affiliation = models.CharField(
        "隶属关系", max_length=200, blank=True, help_text="如“天心区人民政府直属事业单位”，用于部门概况首句"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="主管部门",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["code"]

    def __str__(self):
        return self.full_name


class DepartmentProfile(models.Model):
    """What section 一 1 says about the department in a given year."""

    department = models.ForeignKey(Department, verbose_name="部门", on_delete=models.CASCADE, related_name="profiles")
    fiscal_year = models.ForeignKey(FiscalYear, verbose_name="年度", on_delete=models.PROTECT, related_name="+")
    staffing_type = models.CharField("编制类型", max_length=16, choices=StaffingType.choices, blank=True)
    staff_quota = models.PositiveIntegerField("编制数", null=True, blank=True)
    staff_actual = models.PositiveIntegerField("实有在职人数", null=True, blank=True)
    staff_noun = models.CharField(
        "在职人员称谓", max_length=10, default="干部", help_text="如“实有在职干部10人”中的“干部”"
    )
    staff_excess_reason = models.TextField(
        "超编说明", blank=True, help_text="实有在职人数超过编制数时说明原因", validators=max_chars(ITEM)
    )
    duties = models.TextField("主要职责", blank=True, validators=max_chars(DUTIES))

    class Meta:
        verbose_name = "部门年度概况"
        verbose_name_plural = "部门年度概况"
        ordering = ["department", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year"],
                name="profile_one_per_department_year",
                violation_error_message="该部门本年度的概况已存在，每个部门每年只能有一份。",
            )
        ]

    def __str__(self):
        return f"{self.department} {self.fiscal_year_id}年概况"


class LeadershipPost(models.Model):
    """A leadership post and how many hold it, e.g. 主任 1人."""

    profile = models.ForeignKey(
        DepartmentProfile, verbose_name="部门概况", on_delete=models.CASCADE, related_name="leadership_posts"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    title = models.CharField("职务", max_length=50)
    count = models.PositiveSmallIntegerField("人数")

    class Meta:
        verbose_name = "领导职数"
        verbose_name_plural = "领导职数"
        ordering = ["profile", "order", "id"]

    def __str__(self):
        return f"{self.title}{self.count}人"


class InternalDivision(models.Model):
    """An internal division (内设机构/科室), in the order the report lists them."""

    profile = models.ForeignKey(
        DepartmentProfile, verbose_name="部门概况", on_delete=models.CASCADE, related_name="divisions"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("机构名称", max_length=100)

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        ordering = ["profile", "order", "id"]

    def __str__(self):
        return self.name


class DepartmentMembership(models.Model):
    """A 填报人: a user who fills in the reports of one department (a user may have several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="department_memberships"
    )
    department = models.ForeignKey(
        Department, verbose_name="部门", on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = "填报人授权"
        verbose_name_plural = "填报人授权"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"],
                name="membership_unique_user_department",
                violation_error_message="该用户已是此部门的填报人。",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.department}"


class ReviewerScope(models.Model):
    """A 审核人: a finance-bureau user who reviews every department of a region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="reviewer_scopes"
    )
    region = models.ForeignKey(
        Region, verbose_name="审核区域", on_delete=models.CASCADE, related_name="reviewer_scopes"
    )

    class Meta:
        verbose_name = "审核人范围"
        verbose_name_plural = "审核人范围"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"],
                name="reviewer_scope_unique_user_region",
                violation_error_message="该用户已是此区域的审核人。",
            )
        ]

    def __str__(self):
        return f"{self.user} 审核 {self.region}"


class LoginFailureCounter(models.Model):
    """Recent failed logins of one account from one address (departments.login_throttle).

    A login attempt counts here *before* its password is checked, by one conditional UPDATE, so
    parallel guesses cannot get more checks than the limit. A success deletes the row; deleting it in
    admin (解除锁定) unlocks the pair. The permanent record of every failure is an ``AuditEvent``.
    """

    username = models.CharField("用户名", max_length=150)
    ip_address = models.CharField("来源地址", max_length=45, blank=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    last_failure_at = models.DateTimeField("最近失败时间", db_index=True)

    class Meta:
        verbose_name = "登录锁定"
        verbose_name_plural = "登录锁定"
        ordering = ["-last_failure_at"]
        constraints = [
            models.UniqueConstraint(fields=["username", "ip_address"], name="login_failure_counter_unique_pair")
        ]

    def __str__(self):
        return f"{self.username} @ {self.ip_address or '未知地址'}"

    @property
    def locked_until(self):
        if self.failures < settings.LOGIN_FAILURE_LIMIT:
            return None
        return self.last_failure_at + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)

    @property
    def is_locked(self) -> bool:
        until = self.locked_until
        return until is not None and until > timezone.now()


class AccountSecurity(models.Model):
    """Per-user security state that Django's user model does not have."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="account_security"
    )
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=False, help_text="管理员新建账号或重置密码后自动勾选；用户修改密码后自动取消。"
    )
    password_changed_at = models.DateTimeField("最近修改密码时间", null=True, blank=True)

    class Meta:
        verbose_name = "账号安全设置"
        verbose_name_plural = "账号安全设置"
        permissions = [
            ("manage_accounts", "管理用户账号（系统管理员）"),
            ("manage_roles", "管理角色与授权（安全管理员）"),
        ]

    def __str__(self):
        return f"{self.user} 的账号安全设置"


# The 联系电话 rule of the user page (``UserProfile.phone``), reused by bulk onboarding's reading.
phone_validator = RegexValidator(r"^[0-9+\-（）() ]*$", "联系电话只能包含数字、空格、+、- 和括号。")
PHONE_MAX_LENGTH = 30


class UserProfile(models.Model):
    """What the app shows of a person besides the 姓名 (``User.first_name``, see ``departments.people``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="profile"
    )
    phone = models.CharField(
        "联系电话",
        max_length=PHONE_MAX_LENGTH,
        blank=True,
        validators=[phone_validator],
        help_text="如 0731-85899999 或 13800000000",
    )

    class Meta:
        verbose_name = "联系方式"
        verbose_name_plural = "联系方式"

    def __str__(self):
        return f"{self.user} 的联系方式"


class AuditDeletionRefused(Exception):
    """Audit rows are never deleted or changed through the ORM (``manage.py prune_audit`` aside)."""


class AuditEventQuerySet(models.QuerySet):
    def delete(self):
        raise AuditDeletionRefused("修改记录与安全审计记录不可删除。")

    def update(self, **kwargs):
        raise AuditDeletionRefused("修改记录与安全审计记录不可修改。")

    def prune(self) -> int:
        """Delete these rows: used only by ``manage.py prune_audit`` after its retention checks."""
        return super().delete()[0]


class AuditEvent(models.Model):
    """One recorded change to a department-year's report data or one workflow step, or one event of
    the security log: a login, logout or failed login, a download, an admin change, a change of rights.

    Written only by the services and signal handlers of ``departments.audit``; never edited or deleted
    afterwards (the queryset and ``delete()`` refuse, admin offers neither), and its department, year
    and user are protected from deletion. ``manage.py prune_audit`` removes security-log rows older
    than the retention period (never less than 180 days).
    """

    department = models.ForeignKey(
        Department,
        verbose_name="部门",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name="年度", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True, help_text="登录时输入的用户名或操作人的用户名")
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=16, choices=AuditAction.choices)
    section = models.CharField("章节", max_length=32, blank=True)
    object_label = models.CharField("对象", max_length=200, blank=True)
    field = models.CharField("字段", max_length=100, blank=True)
    old_value = models.TextField("原值", blank=True)
    new_value = models.TextField("新值", blank=True)
    reason = models.TextField("理由", blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["department", "fiscal_year", "at"], name="audit_department_year_at"),
            models.Index(fields=["action", "at"], name="audit_action_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_label} {self.field}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditDeletionRefused("修改记录与安全审计记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditDeletionRefused("修改记录与安全审计记录不可删除。")
