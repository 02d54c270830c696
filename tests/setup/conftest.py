import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from reports.excel.setup_workbooks import build_catalogue_template, build_onboarding_template

REGION = "长沙市天心区"


def save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def onboarding_workbook(departments: int = 50, *, reviewer: bool = True):
    """The downloaded template filled in: ``departments`` departments (the first is 主管部门 of the
    others), one 填报人 for each, and one 审核人 of the region."""
    workbook = build_onboarding_template()
    sheet, users = workbook["部门"], workbook["用户"]
    for number in range(1, departments + 1):
        code = f"9{number:05d}"
        sheet.append(
            [
                code,
                f"测试县第{number}局",
                f"第{number}局",
                "" if number == 1 else "900001",
                REGION if number % 2 else "天心区",  # full and short names of the region both work
                "行政单位" if number % 3 else "事业单位",
                "全额拨款" if number % 5 else "差额拨款",
                "测试县人民政府",
            ]
        )
        users.append([f"user{number:03d}", f"张{number}", code, ""])
    if reviewer:
        users.append(["bureau1", "李审核", "", REGION])
    return workbook


@pytest.fixture
def onboarding_book(demo):
    return onboarding_workbook()


@pytest.fixture
def catalogue_book(demo):
    return build_catalogue_template(2018)


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def read_back(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))
