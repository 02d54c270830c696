"""The 支出功能分类 catalogue is per year: a parent of the same year, and every choice shows its year."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from budgets.models import FunctionalCategory
from departments.models import FiscalYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(db):
    for year in (2018, 2019):
        FiscalYear.objects.get_or_create(year=year)
    return tuple(
        FunctionalCategory.objects.get_or_create(
            fiscal_year_id=year, code="201", defaults={"name": "一般公共服务支出", "level": "class"}
        )[0]
        for year in (2018, 2019)
    )


def test_a_parent_of_another_year_is_refused_by_clean_and_by_save(two_years):
    parent_2018, parent_2019 = two_years
    child = FunctionalCategory(fiscal_year_id=2019, code="20103", name="政府办公厅（室）", level="section")
    child.parent = parent_2018
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert "上级科目必须是同一年度的科目" in str(error.value)
    with pytest.raises(ValidationError):
        child.save()
    assert not FunctionalCategory.objects.filter(fiscal_year_id=2019, code="20103").exists()
    child.parent = parent_2019
    child.full_clean()
    child.save()


def test_the_database_refuses_a_parent_of_another_year_whatever_the_write(two_years):
    """Writes that skip ``save`` (bulk_create, update) meet the database's own rule (migration 0007)."""
    parent_2018, parent_2019 = two_years
    child = dict(fiscal_year_id=2019, code="20103", name="政府办公厅（室）", level="section")
    with pytest.raises(IntegrityError, match="上级科目必须是同一年度的科目"), transaction.atomic():
        FunctionalCategory.objects.bulk_create([FunctionalCategory(**child, parent=parent_2018)])
    assert not FunctionalCategory.objects.filter(fiscal_year_id=2019, code="20103").exists()

    [saved] = FunctionalCategory.objects.bulk_create([FunctionalCategory(**child, parent=parent_2019)])
    with pytest.raises(IntegrityError, match="上级科目必须是同一年度的科目"), transaction.atomic():
        FunctionalCategory.objects.filter(pk=saved.pk).update(parent=parent_2018)
    with pytest.raises(IntegrityError, match="上级科目必须是同一年度的科目"), transaction.atomic():
        FunctionalCategory.objects.filter(pk=parent_2019.pk).update(fiscal_year_id=2018, code="299")  # leaves its child
    saved.refresh_from_db()
    parent_2019.refresh_from_db()
    assert (saved.parent_id, parent_2019.fiscal_year_id) == (parent_2019.pk, 2019)


def test_every_catalogue_choice_shows_its_year(client, demo, two_years):
    assert str(two_years[0]) == "201 一般公共服务支出（2018年）"
    client.login(username="admin", password="tianxin2018")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "budgets", "model_name": "functionalcategory", "field_name": "parent", "term": "201"},
    )
    labels = [result["text"] for result in response.json()["results"]]
    assert "201 一般公共服务支出（2018年）" in labels and "201 一般公共服务支出（2019年）" in labels
