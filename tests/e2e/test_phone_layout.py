"""What a 填报人 on a 390 × 844 phone notices: the skip link, the current page in the navbar, the
section dropdown in place of the sidebar, a compact save bar and amount inputs that show the whole
amount. (The crawl in test_every_page checks every page for sideways scroll, axe and CSP.)"""

import re

import pytest
from playwright.sync_api import expect

from evaluations.models import Evaluation
from tests.e2e.page_checks import PHONE

pytestmark = pytest.mark.browser

# The save bar on a phone is one line of buttons: 55 px measured. Without its phone rules (the hint
# and the next/previous titles shown) it is 152–173 px here and was 190 px in the issue.
SAVE_BAR_MAX_HEIGHT = 80
# The sections with amount inputs: the list tables of 一 2 (科目) and 二（四） (项目), the fixed tables
# of 二（一） and 二（二）, and 基础数据.
AMOUNT_SECTIONS = ("spending", "budget-table", "three-public", "projects", "basic-data")


@pytest.fixture
def phone(page, login):
    login("filler")
    page.set_viewport_size(PHONE)
    return page


def section_url(demo_server, slug: str) -> str:
    evaluation = Evaluation.objects.get(department__full_name="长沙市天心区政务服务中心", fiscal_year_id=2018)
    return f"{demo_server.url}/evaluations/{evaluation.pk}/sections/{slug}/"


def test_the_skip_link_is_the_first_stop_and_moves_the_focus_to_the_main_content(phone, demo_server):
    phone.goto(section_url(demo_server, "projects"))
    phone.keyboard.press("Tab")
    skip = phone.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # hidden until focused, then shown on screen
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["y"] >= 0
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("main")).to_be_focused()
    # The next Tab continues inside the page's content, not in the navbar.
    phone.keyboard.press("Tab")
    assert phone.evaluate(
        "() => document.activeElement !== document.querySelector('main')"
        " && document.querySelector('main').contains(document.activeElement)"
    )


def test_the_navbar_marks_the_current_page(phone, demo_server):
    phone.goto(f"{demo_server.url}/")
    navbar = phone.get_by_role("navigation", name="主导航")
    menu = phone.get_by_role("button", name="展开或收起导航菜单")
    expect(navbar.get_by_role("link", name="我的报告")).to_be_hidden()  # folded behind the menu button
    menu.click()
    current = navbar.get_by_role("link", name="我的报告")
    expect(current).to_be_visible()
    expect(current).to_have_attribute("aria-current", "page")
    assert current.bounding_box()["height"] < 50  # one line, not a character a line
    expect(navbar.locator("[aria-current]")).to_have_count(1)

    navbar.get_by_role("link", name="修改密码").click()
    expect(phone).to_have_url(re.compile(r"/accounts/password/$"))
    menu.click()
    expect(navbar.get_by_role("link", name="修改密码")).to_have_attribute("aria-current", "page")
    expect(navbar.get_by_role("link", name="我的报告")).not_to_have_attribute("aria-current", "page")
    expect(navbar.locator("[aria-current]")).to_have_count(1)


def test_a_section_page_has_the_outline_as_a_dropdown_instead_of_the_sidebar(phone, demo_server):
    phone.goto(section_url(demo_server, "profile"))
    outline = phone.get_by_role("navigation", name="报告目录")
    expect(phone.locator(".section-sidebar .section-list")).to_be_hidden()
    dropdown = outline.locator("details.section-dropdown > summary")
    expect(dropdown).to_be_visible()
    expect(dropdown).to_contain_text("目录")
    expect(dropdown).to_contain_text("部门基本情况")
    # The form starts on the first screen instead of after the ten entries of the outline.
    assert phone.locator("#section-form").bounding_box()["y"] < PHONE["height"]
    expect(outline.get_by_role("link", name=re.compile("绩效目标情况"))).to_be_hidden()  # folded

    dropdown.click()
    goals = outline.get_by_role("link", name=re.compile("绩效目标情况"))
    expect(goals).to_be_visible()
    goals.click()
    expect(phone).to_have_url(re.compile(r"/sections/goals/$"))
    expect(phone.get_by_role("heading", level=1)).to_contain_text("绩效目标情况")
    expect(phone.locator("details.section-dropdown > summary")).to_contain_text("绩效目标情况")


def test_the_save_bar_is_compact_and_amount_inputs_show_the_whole_amount(phone, demo_server):
    for slug in AMOUNT_SECTIONS:
        phone.goto(section_url(demo_server, slug))
        bar = phone.locator(".action-bar")
        expect(bar.get_by_role("button", name="保存", exact=True)).to_be_visible()
        box = bar.bounding_box()
        assert box["height"] <= SAVE_BAR_MAX_HEIGHT, (slug, box)
        assert box["y"] + box["height"] <= PHONE["height"] + 1, (slug, box)  # stuck to the bottom of the screen

        amounts = phone.locator("input.amount:not([type=hidden])")
        assert amounts.count() > 0, slug
        for index in range(amounts.count()):
            amount = amounts.nth(index)
            amount.scroll_into_view_if_needed()
            box = amount.bounding_box()
            name = amount.get_attribute("name")
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (slug, name, box)
            # the whole amount fits in the box (nothing cut off at its edge)
            assert amount.evaluate("input => input.scrollWidth <= input.clientWidth"), (slug, name)
    # A large amount typed in a narrow column still shows whole.
    phone.goto(section_url(demo_server, "projects"))
    actual = phone.get_by_label("决算（第1行）")
    actual.fill("12,345.67")
    assert actual.evaluate("input => input.scrollWidth <= input.clientWidth")
