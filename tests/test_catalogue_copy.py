"""Copying last year's 支出功能分类 to a new year applies the known renames, shown before saving."""

import pytest
from django.urls import reverse

from budgets.models import FunctionalCategory
from departments.models import FiscalYear

pytestmark = pytest.mark.django_db


def test_admin_copies_the_catalogue_with_renames_after_a_preview(client, demo):
    FiscalYear.objects.create(year=2019)
    source = FunctionalCategory.objects.filter(fiscal_year_id=2018)
    assert source.get(code="210").name == "医疗卫生与计划生育支出"
    client.login(username="admin", password="tianxin2018")
    url = reverse("admin:budgets_functionalcategory_copy_year")
    assert "复制上年度科目" in client.get(reverse("admin:budgets_functionalcategory_changelist")).content.decode()

    preview = client.post(url, {"from_year": "2018", "to_year": "2019", "preview": "1"})
    page = preview.content.decode()
    assert f"将新增 {source.count()} 个科目，其中更名 1 个" in page
    assert "<strong>卫生健康支出</strong>" in page
    assert not FunctionalCategory.objects.filter(fiscal_year_id=2019).exists()  # nothing saved yet

    fingerprint = preview.context["fingerprint"]
    done = client.post(url, {"from_year": "2018", "to_year": "2019", "confirm": "1", "fingerprint": fingerprint})
    assert done.status_code == 302
    copied = {c.code: c for c in FunctionalCategory.objects.filter(fiscal_year_id=2019).select_related("parent")}
    assert len(copied) == source.count()
    assert copied["210"].name == "卫生健康支出"
    assert copied["2010306"].name == source.get(code="2010306").name
    assert all(c.parent is None or c.parent.fiscal_year_id == 2019 for c in copied.values())

    again = client.post(url, {"from_year": "2018", "to_year": "2019", "preview": "1"}).content.decode()
    assert "将新增 0 个科目" in again and "目标年度已有全部科目" in again


def test_a_stale_preview_is_not_saved(client, demo):
    FiscalYear.objects.create(year=2019)
    client.login(username="admin", password="tianxin2018")
    url = reverse("admin:budgets_functionalcategory_copy_year")
    response = client.post(url, {"from_year": "2018", "to_year": "2019", "confirm": "1", "fingerprint": "old"})
    assert "预览之后，科目表已有变化" in response.content.decode()
    assert not FunctionalCategory.objects.filter(fiscal_year_id=2019).exists()
