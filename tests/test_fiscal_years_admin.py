"""Admins open and close each fiscal year on its own; several years may be open at once."""

import pytest
from django.urls import reverse

from departments.models import FiscalYear

pytestmark = pytest.mark.django_db


def test_closing_one_year_leaves_the_others_open(client, demo):
    FiscalYear.objects.create(year=2019, is_open=True)
    FiscalYear.objects.create(year=2017, is_open=False)
    client.login(username="admin", password="tianxin2018")
    url = reverse("admin:departments_fiscalyear_changelist")
    response = client.post(url, {"action": "close_years", "_selected_action": ["2019"]}, follow=True)
    assert "已关闭填报：2019年度；其他年度不变" in response.content.decode()
    response = client.post(url, {"action": "open_years", "_selected_action": ["2017"]}, follow=True)
    assert "已开放填报：2017年度" in response.content.decode()
    assert dict(FiscalYear.objects.values_list("year", "is_open")) == {2017: True, 2018: True, 2019: False}
