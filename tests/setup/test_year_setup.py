"""The 年度准备 checklist: what a region needs before its departments fill in a year, with links to fix
each item; the page is for the region's reviewers and administrators; the deadline on the home page."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from departments.models import Department, DepartmentMembership, FiscalYear, Region, ReviewerScope
from departments.roles import SYSTEM_ADMIN_GROUP
from evaluations.outlines.models import ReportOutline
from evaluations.outlines.selectors import outline_applicable
from evaluations.scoring.models import Indicator, IndicatorFramework
from evaluations.year_setup import year_setup_checklist

pytestmark = pytest.mark.django_db

KEYS = ["open", "deadline", "catalogue", "outline", "framework", "fillers"]


def login(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_fresh_district_and_year_lack_everything_and_each_item_links_to_its_fix(demo):
    region = Region.objects.create(name="长沙市新区", short_name="新区")
    for name, code in (("新区甲局", "901001"), ("新区乙局", "901002")):
        Department.objects.create(full_name=name, code=code, region=region, unit_nature="行政单位")
    year = FiscalYear.objects.create(year=2030, is_open=False)
    ReportOutline.objects.update(active=False)  # no outline and no framework to fall back on
    IndicatorFramework.objects.update(active=False)

    setup = year_setup_checklist(region=region, year=year, today=datetime.date(2030, 1, 5))
    assert [item.key for item in setup.items] == KEYS
    assert not setup.ready and setup.missing == len(KEYS)
    assert all(not item.ok and item.links for item in setup.items)
    fillers = setup.item("fillers")
    assert fillers.detail.startswith("2 个部门尚无填报人（共 2 个部门）：新区甲局、新区乙局")
    assert [name.label for name in fillers.names] == ["新区甲局", "新区乙局"]
    assert "复制上年度科目" in setup.item("catalogue").links[0].label
    assert "未启用的版本" in setup.item("framework").names[0].label

    admin = login("admin")
    page = admin.get(reverse("evaluations:year_setup", args=[region.pk, 2030])).content.decode()
    assert "还有 6 项未准备好" in page
    for item in setup.items:
        for link in [*item.links, *item.names]:
            assert f'href="{link.url}"' in page.replace("&amp;", "&")
            assert admin.get(link.url).status_code == 200, link  # every fix opens in admin


def test_the_demo_year_is_ready_once_its_deadline_is_set(demo):
    region = Region.objects.get(name="长沙市天心区")
    year = FiscalYear.objects.get(pk=2018)
    setup = year_setup_checklist(region=region, year=year, today=datetime.date(2019, 4, 1))
    assert [item.key for item in setup.items if not item.ok] == ["deadline"]  # the demo sets no deadline
    FiscalYear.objects.filter(pk=2018).update(submission_deadline=datetime.date(2019, 4, 30))
    year.refresh_from_db()
    setup = year_setup_checklist(region=region, year=year, today=datetime.date(2019, 4, 1))
    assert setup.ready, [(item.key, item.detail) for item in setup.items if not item.ok]
    assert "还有 29 天" in setup.item("deadline").detail
    assert "2 个部门都已有填报人" in setup.item("fillers").detail
    assert "各级权重合计正确" in setup.item("framework").detail
    page = login("reviewer").get(reverse("evaluations:year_setup", args=[region.pk, 2018])).content.decode()
    assert "各项均已准备就绪" in page


def test_a_framework_whose_weights_do_not_add_up_is_reported_with_its_total(demo):
    region = Region.objects.get(name="长沙市天心区")
    top = Indicator.objects.filter(framework__region__isnull=True, parent__isnull=True).order_by("order").first()
    Indicator.objects.filter(pk=top.pk).update(weight=top.weight - 5)
    item = year_setup_checklist(region=region, year=FiscalYear.objects.get(pk=2018)).item("framework")
    assert not item.ok and "一级指标权重合计为95，应为100" in item.detail


def test_a_department_without_a_filler_is_named(demo):
    region = Region.objects.get(name="长沙市天心区")
    DepartmentMembership.objects.filter(user__username="filler2").delete()
    item = year_setup_checklist(region=region, year=FiscalYear.objects.get(pk=2018)).item("fillers")
    assert not item.ok and item.detail.startswith("1 个部门尚无填报人") and "演示事务中心" in item.names[0].label


def test_page_access_reviewers_of_the_region_and_admins_only(demo):
    region = Region.objects.get(name="长沙市天心区")
    other = Region.objects.create(name="长沙市岳麓区", short_name="岳麓区")
    outsider = get_user_model().objects.create_user("reviewer_yuelu", password="x")
    ReviewerScope.objects.create(user=outsider, region=other)
    url = reverse("evaluations:year_setup", args=[region.pk, 2018])
    index = reverse("evaluations:year_setup_index")
    for username, status in {"filler": 403, "reviewer_yuelu": 404, "reviewer": 200, "admin": 200}.items():
        assert login(username).get(url).status_code == status, username
    assert login("filler").get(index).status_code == 403
    assert "长沙市天心区" not in login("reviewer_yuelu").get(index).content.decode()
    assert login("reviewer").get(reverse("evaluations:year_setup", args=[region.pk, 1999])).status_code == 404
    assert Client().get(url).status_code == 302
    reviewer_page = login("reviewer").get(url).content.decode()
    assert "/admin/" not in reviewer_page.split('id="year-setup"')[1]  # no admin links for a non-staff reviewer


def test_linked_from_the_dashboard_and_the_admin_index(demo):
    region = Region.objects.get(name="长沙市天心区")
    dashboard = login("reviewer").get(reverse("reports:dashboard"), {"year": 2018}).content.decode()
    assert f'href="{reverse("evaluations:year_setup", args=[region.pk, 2018])}"' in dashboard
    admin_index = login("admin").get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("evaluations:year_setup_index")}"' in admin_index
    index = login("admin").get(reverse("evaluations:year_setup_index")).content.decode()
    assert f'href="{reverse("evaluations:year_setup", args=[region.pk, 2018])}"' in index


def test_fillers_home_shows_the_deadline_and_highlights_it_when_overdue(demo, monkeypatch):
    FiscalYear.objects.filter(pk=2018).update(submission_deadline=datetime.date(2019, 4, 30))
    filler = login("filler")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2019, 4, 27))
    page = filler.get(reverse("home")).content.decode()
    assert "2018年度：提交截止日期 2019年4月30日，还有 3 天。" in page and "逾期</span>" not in page
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2019, 5, 2))
    page = filler.get(reverse("home")).content.decode()
    assert "已逾期 2 天；尚未提交：长沙市天心区政务服务中心" in page and "text-danger" in page


def system_administrator():
    user = get_user_model().objects.create_user("xitong", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=SYSTEM_ADMIN_GROUP))
    client = Client()
    client.force_login(user)
    return client


def setup_links(page: str) -> list[str]:
    checklist = page.split('id="year-setup"')[1].split("</ol>")[0]
    return [url.replace("&amp;", "&") for url in re.findall(r'href="([^"]+)"', checklist)]


def test_the_system_administrator_follows_every_link_of_the_checklist(demo):
    """三员分立: the reference data the checklist points to is the 系统管理员's; every link on the page
    opens for that role, with the items ready (the demo's region and year) and all missing (a new
    region and year without an outline or framework to fall back on)."""
    client = system_administrator()
    visited = set()

    def walk(region, year, summary):
        response = client.get(reverse("evaluations:year_setup", args=[region.pk, year]))
        assert response.status_code == 200
        page = response.content.decode()
        assert summary in page
        links = setup_links(page)
        assert links and all(url.startswith("/admin/") for url in links)
        for url in links:
            assert client.get(url).status_code == 200, url
        visited.update(url.split("?")[0] for url in links)

    demo_region = Region.objects.get(name="长沙市天心区")
    outline = outline_applicable(region_id=demo_region.pk, year=2018)
    walk(demo_region, 2018, "还有 1 项未准备好")  # the demo sets no deadline
    region = Region.objects.create(name="长沙市新区", short_name="新区")
    Department.objects.create(full_name="新区甲局", code="901001", region=region, unit_nature="行政单位")
    FiscalYear.objects.create(year=2030, is_open=False)
    ReportOutline.objects.update(active=False)
    IndicatorFramework.objects.update(active=False)
    walk(region, 2030, "还有 6 项未准备好")
    assert {
        "/admin/evaluations/reportoutline/",
        f"/admin/evaluations/reportoutline/{outline.pk}/change/",  # in use: read, then 另存为新的提纲
        "/admin/budgets/functionalcategory/copy-year/",
        "/admin/evaluations/indicatorframework/",
        "/admin/departments/fiscalyear/",
        "/admin/departments/department/",
    } <= visited


def index_cells(client) -> tuple[dict[tuple[str, str], str], int]:
    """The index page's status per (region, year), and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("evaluations:year_setup_index")).content.decode()
    cells = {}
    for section in page.split("<section")[1:]:
        region = re.search(r'<h2 class="h6"[^>]*>([^<]+)</h2>', section).group(1)
        for year, status in re.findall(r'>(\d{4})年度?</a>：<span class="badge[^"]*">([^<]+)</span>', section):
            cells[region, year] = status
    return cells, len(queries)


def test_the_index_of_many_regions_and_years_agrees_with_each_checklist_in_a_fixed_number_of_queries(demo):
    admin = login("admin")
    _, alone = index_cells(admin)
    for number in range(4):
        region = Region.objects.create(name=f"测试市{number}区", short_name=f"{number}区")
        for code in (f"9{number}1001", f"9{number}1002"):
            Department.objects.create(full_name=f"{number}区{code}局", code=code, region=region, unit_nature="行政单位")
        if number % 2:  # some regions have their own (inactive) framework copy and a filler
            IndicatorFramework.objects.create(name="本区体系", region=region, from_year=2019, active=False)
            DepartmentMembership.objects.create(
                user=get_user_model().objects.get(username="filler"), department=region.departments.first()
            )
    FiscalYear.objects.create(year=2019, is_open=True, submission_deadline=datetime.date(2020, 4, 30))
    FiscalYear.objects.create(year=2020, is_open=False)
    cells, many = index_cells(admin)
    assert many == alone  # 5 regions × 3 years: the same queries as 1 region × 1 year
    assert len(cells) == Region.objects.count() * FiscalYear.objects.count() == 15
    for region in Region.objects.all():
        for year in FiscalYear.objects.all():
            setup = year_setup_checklist(region=region, year=year)
            expected = "已准备就绪" if setup.ready else f"{setup.missing} 项待完成"
            assert cells[region.name, str(year.pk)] == expected, (region.name, year.pk)
