"""The administrator edits an indicator's scoring rule in the framework admin and sees the rule in
words update as they type (static/js/rule-preview.js asking the admin's preview URL), with no CSP
refusal or JavaScript error (the page fixture fails on either)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_rule_preview_follows_the_typed_parameters(page, login, demo_server):
    from evaluations.models import Indicator

    login("admin")
    page.goto(f"{demo_server.url}/admin/evaluations/indicatorframework/")
    page.get_by_role("link", name="部门整体支出绩效评价共性指标体系（财政部框架·湖南2015年权重）").click()
    row = page.locator("tr", has=page.locator("input[value='在职人员控制率']"))
    row.get_by_role("link", name="修改").click()
    expect(page.get_by_role("heading", level=2, name="评分标准预览")).to_be_visible()

    preview = page.locator("#rule-preview")
    expect(preview).to_have_text("≤100%得满分5分；每高于1个百分点扣0.5分，扣完为止")  # as saved

    page.get_by_label("每个百分点扣分").fill("2")
    expect(preview).to_have_text("≤100%得满分5分；每高于1个百分点扣2分，扣完为止")
    page.get_by_label("阈值（%）").fill("90")
    expect(preview).to_have_text("≤90%得满分5分；每高于1个百分点扣2分，扣完为止")
    page.get_by_role("combobox", name="扣分方向").select_option(label="低于时扣分")
    expect(preview).to_have_text("≥90%得满分5分；每低于1个百分点扣2分，扣完为止")
    page.get_by_label("每个百分点扣分").fill("")
    expect(preview).to_have_text("尚不能生成评分标准：请填写每个百分点扣分。")

    # Another shape: its parameters show, the threshold's hide, and the bands are typed as rows.
    page.get_by_role("combobox", name="评分方式").select_option(label="分档计分")
    expect(page.get_by_label("阈值（%）")).to_be_hidden()
    expect(preview).to_have_text("尚不能生成评分标准：分档计分至少要有一档：请在下面的“分档”表中填写。")
    page.get_by_label("第1档上限（%）").fill("100")
    page.get_by_label("第1档得分").fill("5")
    expect(preview).to_have_text("≤100%得5分")
    page.get_by_label("第2档下限（%）").fill("100")
    page.get_by_label("第2档含下限").uncheck()
    page.get_by_label("第2档得分").fill("1")
    expect(preview).to_have_text("≤100%得5分；>100%得1分")
    page.get_by_label("第2档得分").fill("6")  # more than the weight
    expect(preview).to_contain_text("尚不能生成评分标准：")
    expect(preview).to_contain_text("第2档分值6应在 0 到权重5之间")

    # The preview saved nothing.
    assert Indicator.objects.get(name="在职人员控制率").rule_params == {
        "threshold": "100",
        "direction": "above",
        "deduct_per_point": "0.5",
    }
