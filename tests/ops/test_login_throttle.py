"""Password guessing is throttled on every login path, per (account, client address) pair.

Findings of the security review reproduced here (each failed before the fix):
* /admin/login/ was not throttled: 12 wrong superuser passwords, then the right one logged in;
* behind nginx every request came from 127.0.0.1, so 20 failures with made-up names locked out everyone;
* 16 parallel guesses got 6 password checks against a limit of 5.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings

from departments.clientip import client_address
from departments.models import AuditAction, AuditEvent, LoginFailureCounter
from tests.ops.test_restart import database_url  # noqa: F401  (fixture: a database of its own)

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 5
PROXY = {"BEHIND_PROXY": True, "TRUSTED_PROXY_COUNT": 1, "TRUSTED_PROXY_IPS": ["127.0.0.1", "::1"]}


def login(client, username, password, ip="10.0.0.1", path="/accounts/login/", **headers):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_account_locks_after_repeated_failures_even_for_the_right_password(client, demo):
    for _ in range(LIMIT):
        response = login(client, "filler", "wrong")
        assert response.status_code == 200 and "请输入一个正确的" in response.content.decode()
    response = login(client, "filler", "tianxin2018")
    page = response.content.decode()
    assert response.status_code == 200
    assert "暂时锁定" in page and "15 分钟后再试" in page
    assert not logged_in(client)


@pytest.mark.django_db
def test_admin_login_is_throttled_too(client, demo):
    for _ in range(LIMIT):
        response = login(client, "admin", "wrong", path="/admin/login/")
        assert response.status_code == 200
    response = login(client, "admin", "tianxin2018", path="/admin/login/")
    assert response.status_code == 200 and "暂时锁定" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.django_db
def test_made_up_usernames_from_one_address_lock_out_nobody_else(client, demo):
    """Without a trusted proxy setting every user seems to come from nginx's 127.0.0.1: still no lockout."""
    for i in range(30):
        login(client, f"guess{i}", "wrong", ip="127.0.0.1")
    assert login(client, "reviewer", "tianxin2018", ip="127.0.0.1").status_code == 302


@pytest.mark.django_db
def test_lockout_is_per_account_and_address(client, demo):
    for _ in range(LIMIT):
        login(client, "filler", "wrong", ip="10.0.0.1")
    assert "暂时锁定" in login(client, "filler", "tianxin2018", ip="10.0.0.1").content.decode()
    # the same account from another address, and another account from the same address, log in
    assert login(client, "filler", "tianxin2018", ip="10.0.0.2").status_code == 302
    client.logout()
    assert login(client, "filler2", "tianxin2018", ip="10.0.0.1").status_code == 302


@pytest.mark.django_db
def test_lockout_ends_after_the_wait(client, demo):
    for _ in range(LIMIT):
        login(client, "filler", "wrong")
    LoginFailureCounter.objects.update(
        last_failure_at=LoginFailureCounter.objects.get().last_failure_at - timedelta(minutes=10)
    )
    assert "5 分钟后再试" in login(client, "filler", "tianxin2018").content.decode()
    LoginFailureCounter.objects.update(
        last_failure_at=LoginFailureCounter.objects.get().last_failure_at - timedelta(minutes=6)
    )
    assert login(client, "filler", "tianxin2018").status_code == 302


@pytest.mark.django_db
def test_success_clears_earlier_failures_of_that_pair(client, demo):
    for _ in range(LIMIT - 1):
        login(client, "filler", "wrong")
    assert login(client, "filler", "tianxin2018").status_code == 302
    assert not LoginFailureCounter.objects.filter(username="filler").exists()


@pytest.mark.django_db
@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_LOCKOUT_MINUTES=60)
def test_limit_and_wait_come_from_settings(client, demo):
    for _ in range(3):
        login(client, "filler", "wrong")
    assert "60 分钟后再试" in login(client, "filler", "tianxin2018").content.decode()


@pytest.mark.django_db
def test_every_failure_is_audited_and_kept(client, demo):
    for _ in range(LIMIT + 2):
        login(client, "Filler", "wrong", ip="10.0.0.7")
    failures = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="Filler")
    assert failures.count() == LIMIT + 2
    assert {e.ip_address for e in failures} == {"10.0.0.7"}
    assert failures.filter(reason__contains="锁定").count() == 2


# --- Client address: X-Forwarded-For only from configured proxies -------------------------------


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_proxy_setting_forwarded_for_is_ignored():
    assert client_address(request_from("198.51.100.4", "203.0.113.9")) == "198.51.100.4"


@override_settings(**PROXY)
def test_behind_a_trusted_proxy_the_address_it_saw_is_used():
    assert client_address(request_from("127.0.0.1", "203.0.113.9")) == "203.0.113.9"
    # whatever the client wrote itself stays to the left of what nginx appended
    assert client_address(request_from("127.0.0.1", "1.1.1.1, 203.0.113.9")) == "203.0.113.9"
    # a request that did not come through the proxy: its own forwarded header is not believed
    assert client_address(request_from("198.51.100.4", "1.1.1.1")) == "198.51.100.4"
    # garbage or a missing header: the proxy's address
    assert client_address(request_from("127.0.0.1", "not-an-ip")) == "127.0.0.1"
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"


@override_settings(**{**PROXY, "TRUSTED_PROXY_COUNT": 2, "TRUSTED_PROXY_IPS": ["10.0.0.2"]})
def test_two_proxies_in_a_row():
    # load balancer appends the client, nginx appends the load balancer
    assert client_address(request_from("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.3")) == "203.0.113.9"


@pytest.mark.django_db
@override_settings(**PROXY)
def test_behind_the_proxy_a_guesser_locks_only_himself(client, demo):
    for _ in range(LIMIT + 3):
        login(client, "filler", "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    locked = login(client, "filler", "tianxin2018", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert "暂时锁定" in locked.content.decode()
    colleague = login(client, "filler", "tianxin2018", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert colleague.status_code == 302
    assert LoginFailureCounter.objects.get(username="filler").ip_address == "203.0.113.9"


# --- Parallel guesses: the count holds --------------------------------------------------------


def test_parallel_guesses_get_no_more_password_checks_than_the_limit(database_url):  # noqa: F811
    """16 threads post a wrong password at once through the login page of a real database (a SQLite
    file here, a PostgreSQL database of its own when the suite runs on PostgreSQL)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.ops.parallel_login", "16"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["responses"] == 16 and figures["statuses"] == [200]
    assert figures["password_checks"] == LIMIT


# --- Unlock by an administrator ---------------------------------------------------------------


@pytest.mark.django_db
def test_admin_unlocks_an_account_and_the_unlock_is_audited(client, demo):
    for _ in range(LIMIT):
        login(client, "filler", "wrong")
    counter = LoginFailureCounter.objects.get(username="filler")
    assert counter.is_locked
    admin = get_user_model().objects.get(username="admin")
    staff = type(client)()
    staff.force_login(admin)
    changelist = staff.get("/admin/departments/loginfailurecounter/")
    assert "filler" in changelist.content.decode() and "已锁定" in changelist.content.decode()
    response = staff.post(
        "/admin/departments/loginfailurecounter/", {"action": "unlock", "_selected_action": [counter.pk]}
    )
    assert response.status_code == 302
    assert not LoginFailureCounter.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.UNLOCK)
    assert event.user == admin and "filler" in event.object_label
    assert login(client, "filler", "tianxin2018").status_code == 302
