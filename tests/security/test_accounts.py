"""等保 2.0 身份鉴别: password complexity, self-service change, forced change after an administrator set
the password, idle timeout beside the absolute session age, and the optional TOTP second factor."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from departments.models import AccountSecurity, AuditAction, AuditEvent
from departments.session_security import AUTH_AT, SEEN_AT

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD = "Tianxin-2019!"


def login(client, username, password="tianxin2018"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- complexity --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("Ab1!", "至少需要 10 个字符"),
        ("tianxin2018", "至少 3 类"),  # the demo password: 2 classes
        ("abcdefghijk", "至少 3 类"),
        ("ABCDEFGH12", "至少 3 类"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, complaint):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert complaint in messages_of(refused.value)


@pytest.mark.parametrize("password", ["Tianxin2018", "tianxin-2018", "TIANXIN_2018", "Zx9$Zx9$Zx9$"])
def test_ten_characters_of_three_classes_pass(password):
    validate_password(password)


def test_demo_accounts_keep_their_password_and_are_not_forced_to_change(client, demo):
    assert login(client, "filler").status_code == 302
    assert client.get("/").status_code == 200


# --- self-service change -----------------------------------------------------------------------


def test_password_change_page_is_chinese_and_linked_in_the_navbar(client, demo):
    login(client, "filler")
    home = client.get("/").content.decode()
    assert 'href="/accounts/password/"' in home and "修改密码" in home
    page = client.get("/accounts/password/").content.decode()
    assert "旧密码" in page and "新密码" in page
    assert "至少 10 个字符" in page


def test_password_change_refuses_weak_wrong_and_unchanged_passwords(client, demo):
    login(client, "filler")
    weak = client.post(
        "/accounts/password/",
        {"old_password": "tianxin2018", "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    ).content.decode()
    assert "至少需要 10 个字符" in weak
    wrong = client.post(
        "/accounts/password/", {"old_password": "nope", "new_password1": GOOD, "new_password2": GOOD}
    ).content.decode()
    assert "旧密码不正确" in wrong
    assert User.objects.get(username="filler").check_password("tianxin2018")


def test_password_change_keeps_the_session_and_is_audited(client, demo):
    login(client, "filler")
    response = client.post(
        "/accounts/password/", {"old_password": "tianxin2018", "new_password1": GOOD, "new_password2": GOOD}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    assert client.get("/").status_code == 200  # still logged in
    assert User.objects.get(username="filler").check_password(GOOD)
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD, object_label="用户「filler」").exists()
    assert AccountSecurity.objects.get(user__username="filler").password_changed_at is not None


def test_new_password_must_differ_from_the_old_one(client, demo):
    user = User.objects.get(username="filler")
    user.set_password(GOOD)
    user.save()
    login(client, "filler", GOOD)
    page = client.post(
        "/accounts/password/", {"old_password": GOOD, "new_password1": GOOD, "new_password2": GOOD}
    ).content.decode()
    assert "新密码不能与原密码相同" in page


# --- forced change after an administrator set the password -----------------------------------


@pytest.fixture
def sysadmin_client(demo):
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    return admin


def test_account_created_by_an_administrator_changes_its_password_at_first_login(sysadmin_client):
    response = sysadmin_client.post(
        "/admin/auth/user/add/",
        {"username": "newcomer", "usable_password": "true", "password1": GOOD, "password2": GOOD},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AccountSecurity.objects.get(user__username="newcomer").must_change_password

    client = Client()
    assert login(client, "newcomer", GOOD).status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/accounts/password/?next=")
    assert client.get("/reports/review/")["Location"].startswith("/accounts/password/")
    page = client.get("/accounts/password/").content.decode()
    assert "密码已被管理员重置" in page
    new = "Zhang-san-2019#"
    response = client.post(
        "/accounts/password/?next=/", {"old_password": GOOD, "new_password1": new, "new_password2": new, "next": "/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert not AccountSecurity.objects.get(user__username="newcomer").must_change_password


def test_password_reset_by_an_administrator_forces_a_change(sysadmin_client):
    filler = User.objects.get(username="filler")
    response = sysadmin_client.post(
        f"/admin/auth/user/{filler.pk}/password/",
        {"usable_password": "true", "password1": GOOD, "password2": GOOD},
    )
    assert response.status_code == 302
    client = Client()
    login(client, "filler", GOOD)
    assert client.get("/")["Location"].startswith("/accounts/password/")
    # logging out stays possible
    assert client.post("/accounts/logout/").status_code == 302


def test_admin_reset_also_refuses_a_weak_password(sysadmin_client):
    filler = User.objects.get(username="filler")
    page = sysadmin_client.post(
        f"/admin/auth/user/{filler.pk}/password/",
        {"usable_password": "true", "password1": "tianxin2019", "password2": "tianxin2019"},
    ).content.decode()
    assert "至少 3 类" in page


def test_a_password_older_than_the_maximum_age_must_be_changed(client, demo, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(username="filler").update(date_joined=timezone.now() - timedelta(days=91))
    login(client, "filler")
    assert client.get("/")["Location"].startswith("/accounts/password/")
    assert "超过 90 天未修改" in client.get("/accounts/password/").content.decode()
    client.post("/accounts/password/", {"old_password": "tianxin2018", "new_password1": GOOD, "new_password2": GOOD})
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    login(client, "filler", GOOD)
    assert client.get("/").status_code == 200  # changed today: not again


def test_without_a_maximum_age_old_passwords_stay(client, demo):
    User.objects.filter(username="filler").update(date_joined=timezone.now() - timedelta(days=3000))
    login(client, "filler")
    assert client.get("/").status_code == 200


# --- idle timeout and absolute session age ---------------------------------------------------


def age_session(client, *, seen_ago=0, auth_ago=0):
    session = client.session
    session[SEEN_AT] = time.time() - seen_ago
    session[AUTH_AT] = time.time() - auth_ago
    session.save()


def test_idle_session_ends_after_30_minutes(client, demo):
    login(client, "filler")
    age_session(client, seen_ago=29 * 60)
    assert client.get("/").status_code == 200
    age_session(client, seen_ago=31 * 60)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    page = client.get(response["Location"]).content.decode()
    assert "超过 30 分钟没有操作" in page
    logout = AuditEvent.objects.get(action=AuditAction.LOGOUT)
    assert logout.username == "filler" and "空闲" in logout.reason


@override_settings(SESSION_IDLE_TIMEOUT=5 * 60)
def test_idle_timeout_is_configurable(client, demo):
    login(client, "filler")
    age_session(client, seen_ago=6 * 60)
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_activity_does_not_extend_the_absolute_session_age(client, demo, settings):
    login(client, "filler")
    age_session(client, seen_ago=0, auth_ago=settings.SESSION_COOKIE_AGE + 60)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "最长时间" in client.get(response["Location"]).content.decode()


# --- two-factor login (TOTP) -------------------------------------------------------------------


def current_token(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client, username) -> TOTPDevice:
    page = client.get("/accounts/otp/setup/").content.decode()
    assert "otpauth://totp/" in page and "data:image/svg+xml" in page and "密钥" in page
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    device.throttle_reset()  # django-otp's own back-off after a wrong code
    response = client.post("/accounts/otp/setup/", {"token": current_token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_enrolment_then_login_asks_for_the_code(client, demo):
    login(client, "reviewer")
    wrong = client.post("/accounts/otp/setup/", {"token": "000000"})
    assert "动态验证码不正确" in wrong.content.decode()
    device = enrol(client, "reviewer")
    assert AuditEvent.objects.filter(action=AuditAction.OTP, reason="启用双因素认证").exists()
    client.post("/accounts/logout/")

    assert login(client, "reviewer").status_code == 302
    response = client.get("/reports/review/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/verify/")
    assert client.get("/admin/")["Location"].startswith("/accounts/otp/verify/")
    refused = client.post("/accounts/otp/verify/?next=/reports/review/", {"token": "123456"})
    assert "动态验证码不正确" in refused.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, reason="动态验证码错误").exists()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp's own back-off after a wrong code
    device.last_t = -1  # the code of this time step was used for the enrolment
    device.save()
    response = client.post("/accounts/otp/verify/?next=/reports/review/", {"token": current_token(device)})
    assert response.status_code == 302 and response["Location"] == "/reports/review/"
    assert client.get("/reports/review/").status_code == 200


def test_two_factor_is_optional_by_default(client, demo):
    login(client, "reviewer")
    assert client.get("/reports/review/").status_code == 200


@override_settings(OTP_REQUIRED_FOR=["reviewer", "admin"])
def test_a_deployment_can_require_it_for_reviewers_and_administrators(demo):
    reviewer = Client()
    login(reviewer, "reviewer")
    response = reviewer.get("/reports/review/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/setup/")
    assert "必须启用双因素认证" in reviewer.get("/accounts/otp/setup/").content.decode()
    enrol(reviewer, "reviewer")
    assert reviewer.get("/reports/review/").status_code == 200

    admin = Client()
    login(admin, "admin")
    assert admin.get("/admin/")["Location"].startswith("/accounts/otp/setup/")

    filler = Client()
    login(filler, "filler")
    assert filler.get("/").status_code == 200
