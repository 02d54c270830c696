"""Structured logs with a request id: a 500 is logged with its traceback and the id the page shows."""

import json
import logging
import sys

import pytest
from django.test import Client, override_settings

from config.logs import JsonFormatter, KeyValueFormatter, RequestContextFilter, logging_config, parse_admins


def log_lines(stderr: str) -> list[dict]:
    lines = []
    for line in stderr.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


@pytest.fixture
def client_no_raise():
    return Client(raise_request_exception=False)


@pytest.mark.urls("tests.ops.urls_faulty")
def test_a_500_is_logged_with_traceback_and_the_request_id_the_page_shows(client_no_raise, capsys):
    response = client_no_raise.get("/bug/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    page = response.content.decode()
    assert f"错误编号：<code>{request_id}</code>" in page
    assert "secret internal detail" not in page  # the page tells the id, never the error

    records = [r for r in log_lines(capsys.readouterr().err) if r["logger"] == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record["level"] == "ERROR" and record["request_id"] == request_id
    assert record["path"] == "/bug/" and record["method"] == "GET" and record["status_code"] == 500
    assert "Traceback (most recent call last)" in record["traceback"]
    assert record["traceback"].endswith("ValueError: secret internal detail")


@pytest.mark.urls("tests.ops.urls_faulty")
def test_the_database_outage_page_shows_the_id_too(client_no_raise, capsys):
    response = client_no_raise.get("/database-gone/")
    assert response.status_code == 503
    assert response["X-Request-ID"] in response.content.decode()
    record = next(r for r in log_lines(capsys.readouterr().err) if r["logger"] == "django.request")
    assert record["request_id"] == response["X-Request-ID"] and "OperationalError" in record["traceback"]


@pytest.mark.django_db
def test_every_response_has_an_id_and_ids_differ(client):
    first, second = client.get("/accounts/login/"), client.get("/accounts/login/")
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_the_proxy_id_is_used_only_when_configured_and_plausible():
    proxy_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert Client().get("/accounts/login/", HTTP_X_REQUEST_ID=proxy_id)["X-Request-ID"] != proxy_id  # not trusted
    with override_settings(REQUEST_ID_HEADER="X-Request-ID"):
        assert Client().get("/accounts/login/", HTTP_X_REQUEST_ID=proxy_id)["X-Request-ID"] == proxy_id
        forged = Client().get("/accounts/login/", HTTP_X_REQUEST_ID='x" level=CRITICAL\n{"a":1}')
        assert forged["X-Request-ID"] != 'x" level=CRITICAL\n{"a":1}' and len(forged["X-Request-ID"]) == 32


def test_a_record_outside_a_request_and_extra_fields():
    logger = logging.getLogger("security")
    record = logger.makeRecord("security", logging.WARNING, __file__, 1, "上传文件被拒绝", (), None)
    record.event, record.size = "upload_refused", 6_000_000
    RequestContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "-" and line["event"] == "upload_refused" and line["size"] == 6_000_000
    assert line["message"] == "上传文件被拒绝" and line["logger"] == "security"


def test_key_value_format_keeps_one_line_per_record_and_the_traceback_after_it():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "出错 了", (), sys.exc_info())
    text = KeyValueFormatter().format(record)
    first, *rest = text.splitlines()
    assert 'message="出错 了"' in first and "level=ERROR" in first
    assert rest[0].startswith("Traceback") and rest[-1] == "RuntimeError: boom"


def test_admins_from_the_environment_and_optional_handlers():
    assert parse_admins("张三 <zhang@example.gov.cn>, ops@example.gov.cn,") == [
        ("张三", "zhang@example.gov.cn"),
        ("ops@example.gov.cn", "ops@example.gov.cn"),
    ]
    config = logging_config(file="/var/log/jxpj/app.log", syslog="10.0.0.9:514", mail_admins=True)
    assert set(config["handlers"]) == {"stderr", "file", "syslog", "mail_admins"}
    assert config["handlers"]["syslog"]["address"] == ("10.0.0.9", 514)
    assert config["root"]["handlers"] == ["stderr", "file", "syslog"]
    assert config["loggers"]["django.request"]["handlers"] == ["mail_admins"]
    assert set(logging_config()["handlers"]) == {"stderr"}


@pytest.mark.django_db
def test_a_response_logged_after_the_middleware_returned_keeps_the_id(client, capsys):
    response = client.get("/no-such-page/")  # Django logs a 404 once the middleware has returned
    assert response.status_code == 404
    records = [r for r in log_lines(capsys.readouterr().err) if r["logger"] == "django.request"]
    assert records and records[-1]["request_id"] == response["X-Request-ID"]
