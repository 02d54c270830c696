"""Playwright driving Debian's Chromium against pytest-django's live server.

Never run `playwright install`: the browser is the system's /usr/bin/chromium.
"""

import io
import os

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per module. While Playwright's sync API is open its event loop counts as running
    in this thread, so Django's ORM needs DJANGO_ALLOW_ASYNC_UNSAFE; it is set only for that time
    (not for the whole session: `check --deploy` subprocesses of other tests would inherit it).
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def console():
    """The JavaScript errors and CSP refusals the page logs (``page_checks.check_page`` takes them over)."""
    return []


@pytest.fixture
def page(browser_context, console):
    page = browser_context.new_page()
    page.on("pageerror", lambda error: console.append(f"JavaScript error: {error}"))
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    assert console == [], f"JavaScript errors or CSP violations on the page: {console}"


@pytest.fixture
def demo_server(transactional_db, live_server):
    """The live server with the demo loaded (transactional: the server thread must see the rows)."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server


@pytest.fixture
def login(page, demo_server):
    from evaluations.demo.loader import DEMO_PASSWORD

    def login_(username: str, password: str = DEMO_PASSWORD):
        page.goto(f"{demo_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)  # 我的报告, or 审核工作台 for a reviewer
        return page

    return login_
