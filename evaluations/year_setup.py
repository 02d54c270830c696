"""What must exist before a region's departments can fill in a year's reports (the 年度准备 page).

``year_setup_checklist`` reads, and writes nothing: the year (open, its 提交截止日期), the year's
支出功能分类 catalogue, the report outline and the indicator framework that would apply to a report of
the region and year (the same rules as starting and scoring a report: ``outline_applicable``,
``framework_applicable``), and every active department of the region with at least one 填报人. Each
item says whether it is ready, what is wrong in words, and where in admin to fix it.

``year_setup_checklists`` makes the checklists of many regions × years in a fixed number of queries
(the index of a province's 100+ regions); one checklist is the same call for one region and year.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from budgets.models import FunctionalCategory
from departments.models import Department, FiscalYear, Region

from .outlines.selectors import outline_candidates, outline_choose
from .scoring.frameworks import framework_candidates, framework_choose
from .scoring.models import IndicatorFramework


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class SetupItem:
    key: str
    title: str
    ok: bool
    detail: str
    links: list[Link] = field(default_factory=list)
    names: list[Link] = field(default_factory=list)  # e.g. the departments without a 填报人, each a link


@dataclass
class YearSetup:
    region: Region
    year: FiscalYear
    items: list[SetupItem]

    @property
    def ready(self) -> bool:
        return all(item.ok for item in self.items)

    @property
    def missing(self) -> int:
        return sum(not item.ok for item in self.items)

    def item(self, key: str) -> SetupItem:
        return next(item for item in self.items if item.key == key)


def _admin(name: str, *args, query: str = "") -> str:
    url = reverse(f"admin:{name}", args=args)
    return f"{url}?{query}" if query else url


def _year_items(year: FiscalYear, today) -> list[SetupItem]:
    change = Link(f"修改{year}", _admin("departments_fiscalyear_change", year.pk))
    opened = SetupItem(
        "open",
        "年度开放填报",
        year.is_open,
        f"{year}已开放填报。" if year.is_open else f"{year}未开放填报，各部门不能开始本年度报告。",
        [Link("在预算年度列表中用“开放所选年度的填报”操作开放", _admin("departments_fiscalyear_changelist"))],
    )
    if year.submission_deadline is None:
        detail = "未设置提交截止日期：填报人首页和审核工作台无法提示截止和逾期。"
    else:
        detail = year.deadline_state(today) + "。"
    deadline = SetupItem("deadline", "提交截止日期", year.submission_deadline is not None, detail, [change])
    return [opened, deadline]


def _catalogue_item(year: FiscalYear, count: int) -> SetupItem:
    copy = Link("复制上年度科目（先预览，再确认）", _admin("budgets_functionalcategory_copy_year"))
    if count:
        listing = Link(
            f"查看{year}的科目",
            _admin("budgets_functionalcategory_changelist", query=f"fiscal_year__year__exact={year.pk}"),
        )
        return SetupItem("catalogue", "支出功能分类科目", True, f"{year}已有 {count} 个科目。", [listing])
    return SetupItem(
        "catalogue",
        "支出功能分类科目",
        False,
        f"{year}还没有支出功能分类科目：填报人无法选择功能分类，请从上年度复制（自动套用科目更名）。",
        [copy],
    )


def _outline_item(region: Region, year: FiscalYear, outline) -> SetupItem:
    listing = Link(
        "报告提纲列表（打开一个提纲，用“保存为新的”复制到本区域和年度）", _admin("evaluations_reportoutline_changelist")
    )
    if outline is None:
        return SetupItem(
            "outline", "报告提纲", False, f"没有适用于{region.short_name}{year}的已启用报告提纲。", [listing]
        )
    whose = "本区域" if outline.region_id == region.pk else "默认（本区域没有自己的版本）"
    return SetupItem(
        "outline",
        "报告提纲",
        True,
        f"使用{whose}提纲“{outline}”。",
        [Link("查看或复制该提纲", _admin("evaluations_reportoutline_change", outline.pk)), listing],
    )


def _framework_item(region: Region, year: FiscalYear, framework, inactive) -> SetupItem:
    """``inactive``: the region's and the default versions not active, from ``year`` or earlier, newest first."""
    listing = Link(
        "评分指标体系列表（复制为新版本、启用）",
        _admin("evaluations_indicatorframework_changelist", query=f"region__id__exact={region.pk}"),
    )
    inactive_links = [
        Link(f"未启用的版本“{f}”", _admin("evaluations_indicatorframework_change", f.pk)) for f in inactive
    ]
    if framework is None:
        detail = f"没有适用于{region.short_name}{year}的已启用评分指标体系，报告无法计算评分表。"
        if inactive:
            detail += f"有 {len(inactive)} 个未启用的版本：各级权重合计正确后用“启用”操作启用。"
        return SetupItem("framework", "评分指标体系", False, detail, [listing], inactive_links)
    change = Link("打开该指标体系", _admin("evaluations_indicatorframework_change", framework.pk))
    whose = "本区域" if framework.region_id == region.pk else "默认（本区域没有自己的版本）"
    problems = framework.weight_problems()
    if problems:
        detail = f"使用{whose}指标体系“{framework}”，但权重不对：{'；'.join(problems)}。"
        return SetupItem("framework", "评分指标体系", False, detail, [change, listing])
    return SetupItem(
        "framework",
        "评分指标体系",
        True,
        f"使用{whose}指标体系“{framework}”，各级权重合计正确（100）。",
        [change, listing],
    )


def _fillers_item(region: Region, departments) -> SetupItem:
    """``departments``: the region's active departments in code order, each with its ``fillers`` count."""
    listing = Link(
        "部门列表（在部门页面添加填报人授权）",
        _admin("departments_department_changelist", query=f"region__id__exact={region.pk}&is_active__exact=1"),
    )
    if not departments:
        return SetupItem("fillers", "各部门的填报人", False, f"{region.short_name}还没有启用的部门。", [listing])
    without = [d for d in departments if not d.fillers]
    if not without:
        return SetupItem("fillers", "各部门的填报人", True, f"{len(departments)} 个部门都已有填报人。", [listing])
    names = [Link(d.full_name, _admin("departments_department_change", d.pk)) for d in without]
    return SetupItem(
        "fillers",
        "各部门的填报人",
        False,
        f"{len(without)} 个部门尚无填报人（共 {len(departments)} 个部门）：{'、'.join(d.full_name for d in without)}。",
        [listing],
        names,
    )


def year_setup_checklists(*, regions, years, today=None) -> dict[tuple[int, int], YearSetup]:
    """The checklist of every region of ``regions`` for every year of ``years``, keyed by (region pk,
    year), in six queries whatever their number (read-only)."""
    regions, years = list(regions), list(years)
    if not regions or not years:
        return {}
    today = today or timezone.localdate()
    region_ids, max_year = [region.pk for region in regions], max(year.pk for year in years)
    categories = dict(
        FunctionalCategory.objects.filter(fiscal_year__in=years)
        .values("fiscal_year")
        .annotate(count=Count("pk"))
        .values_list("fiscal_year", "count")
    )
    outlines = outline_candidates(region_ids=region_ids, max_year=max_year)
    frameworks = framework_candidates(region_ids=region_ids, max_year=max_year)
    prefetch_related_objects(frameworks, "indicators")  # for their weight problems
    inactive = list(
        IndicatorFramework.objects.filter(
            Q(region_id__in=region_ids) | Q(region__isnull=True), active=False, from_year__lte=max_year
        )
        .select_related("region")
        .order_by("-from_year")
    )
    departments: dict[int, list[Department]] = {region_id: [] for region_id in region_ids}
    for department in (
        Department.objects.filter(region_id__in=region_ids, is_active=True)
        .annotate(fillers=Count("memberships"))
        .order_by("code")
        .only("pk", "code", "full_name", "region_id")
    ):
        departments[department.region_id].append(department)
    checklists = {}
    for region in regions:
        fillers = _fillers_item(region, departments[region.pk])
        for year in years:
            own_inactive = [f for f in inactive if f.from_year <= year.pk and f.region_id in (None, region.pk)]
            items = [
                *_year_items(year, today),
                _catalogue_item(year, categories.get(year.pk, 0)),
                _outline_item(region, year, outline_choose(outlines, region_id=region.pk, year=year.pk)),
                _framework_item(
                    region, year, framework_choose(frameworks, region_id=region.pk, year=year.pk), own_inactive
                ),
                fillers,
            ]
            checklists[region.pk, year.pk] = YearSetup(region=region, year=year, items=items)
    return checklists


def year_setup_checklist(*, region: Region, year: FiscalYear, today=None) -> YearSetup:
    """The checklist of ``region`` for ``year`` (read-only)."""
    return year_setup_checklists(regions=[region], years=[year], today=today)[region.pk, year.pk]
