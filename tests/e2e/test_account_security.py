"""Browser journey: a 审核人 binds a phone authenticator (the QR code shows under the CSP), logs in again
with a code, and changes the password from the navigation bar."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_reviewer_enrols_a_second_factor_and_changes_the_password(page, login, demo_server):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def code(device):
        device.refresh_from_db()
        return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"

    login("reviewer")
    page.get_by_role("link", name="双因素认证").click()
    qr = page.get_by_alt_text("双因素认证二维码")
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector('img[alt=双因素认证二维码]').naturalWidth") > 0
    expect(page.locator("#otp-uri")).to_contain_text("otpauth://totp/")
    device = TOTPDevice.objects.get(user__username="reviewer")
    page.get_by_label("动态验证码").fill(code(device))
    page.get_by_role("button", name="验证并启用").click()
    expect(page.get_by_text("双因素认证已启用")).to_be_visible()

    page.get_by_role("button", name="退出登录").click()
    page.get_by_label("用户名").fill("reviewer")
    page.get_by_label("密码").fill("tianxin2018")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="输入动态验证码")).to_be_visible()
    device.refresh_from_db()
    device.last_t -= 1  # the enrolment used this time step's code
    device.save()
    page.get_by_label("动态验证码").fill(code(device))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(f"{demo_server.url}/reports/review/")  # a reviewer lands on 审核工作台

    page.get_by_role("link", name="修改密码").click()
    page.get_by_label("旧密码").fill("tianxin2018")
    page.get_by_label("新密码", exact=True).fill("Tianxin-2019!")
    page.get_by_label(re.compile("新密码确认")).fill("Tianxin-2019!")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_role("heading", name="密码已修改")).to_be_visible()
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="reviewer").check_password("Tianxin-2019!")
