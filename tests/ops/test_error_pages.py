"""Errors reach the user as Chinese pages that leak nothing; a lost database is a 503."""

import pytest
from django.test import Client


@pytest.fixture
def client_no_raise():
    return Client(raise_request_exception=False)


@pytest.mark.urls("tests.ops.urls_faulty")
def test_database_outage_gives_503_page(client_no_raise):
    response = client_no_raise.get("/database-gone/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "数据库暂时无法连接" in page and "没有保存任何数据" in page
    assert "server closed" not in page and "Traceback" not in page
    assert response["Retry-After"] == "30"


@pytest.mark.urls("tests.ops.urls_faulty")
def test_unexpected_error_gives_500_page_without_details(client_no_raise):
    response = client_no_raise.get("/bug/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错" in page and "secret internal detail" not in page and "Traceback" not in page


@pytest.mark.django_db
def test_unknown_page_is_a_chinese_404(client, demo):
    client.login(username="filler", password="tianxin2018")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
