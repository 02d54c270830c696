"""Password guessing is throttled per account and per address; a success clears the count."""

import pytest

from departments.login_throttle import MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS
from departments.models import FailedLogin

pytestmark = pytest.mark.django_db


def login(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_account_locks_after_repeated_failures_even_for_the_right_password(client, demo):
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        response = login(client, "filler", "wrong")
        assert response.status_code == 200 and "请输入一个正确的" in response.content.decode()
    response = login(client, "filler", "tianxin2018")
    assert response.status_code == 200
    assert "暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, demo):
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        login(client, "filler", "wrong")
    assert login(client, "filler2", "tianxin2018", ip="10.0.0.2").status_code == 302


def test_address_locks_after_many_failures_across_accounts(client, demo):
    for i in range(MAX_FAILURES_PER_ADDRESS):
        login(client, f"guess{i}", "wrong", ip="10.9.9.9")
    response = login(client, "reviewer", "tianxin2018", ip="10.9.9.9")
    assert "暂时锁定" in response.content.decode()
    assert login(client, "reviewer", "tianxin2018", ip="10.9.9.10").status_code == 302


def test_success_clears_earlier_failures(client, demo):
    for _ in range(MAX_FAILURES_PER_ACCOUNT - 1):
        login(client, "filler", "wrong")
    assert login(client, "filler", "tianxin2018").status_code == 302
    assert not FailedLogin.objects.filter(username="filler").exists()
