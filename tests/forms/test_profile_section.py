"""一 1 部门基本情况: the profile, 领导职数, 内设机构, 重点工作 and the drafted opening sentence."""

import pytest

from departments.models import DepartmentProfile
from evaluations.models import Evaluation

pytestmark = pytest.mark.django_db


def stored_profile(evaluation):
    return DepartmentProfile.objects.get(department=evaluation.department, fiscal_year=evaluation.fiscal_year)


def test_page_shows_the_stored_profile_and_the_drafted_sentence(open_section):
    page = open_section("profile")
    assert page.value("编制数") == "8"
    assert page.value("实有在职人数") == "10"
    assert page.value("职务（第2行）") == "副主任"
    assert page.value("机构名称（第5行）") == "优化综合科"
    assert page.value("重点工作（第1行）").startswith("向社会公布“最多跑一次”事项清单")
    assert "核定全额拨款事业编制8名，参照公务员法管理。2018年实有在职干部10人" in page.text()


def test_valid_save_changes_profile_rows_and_key_work(open_section, submit, seed_evaluation):
    page = open_section("profile")
    page.fill("实有在职人数", "１２")
    page.fill("超编说明", "借调人员2名")
    page.fill("职务（第3行）", "党组书记").fill("人数（第3行）", "1")
    page.check("删除（内设机构第2行）")  # 业务科
    page.fill("顺序（内设机构第1行）", "9")  # 办公室 moves to the end
    page.fill("重点工作（第6行）", "六是新增一项。")
    response = submit("profile", page)
    assert response.status_code == 302

    profile = stored_profile(seed_evaluation)
    assert profile.staff_actual == 12
    assert profile.staff_excess_reason == "借调人员2名"
    assert [(p.title, p.count) for p in profile.leadership_posts.all()] == [("主任", 1), ("副主任", 3), ("党组书记", 1)]
    assert [d.name for d in profile.divisions.all()] == ["督查科", "热线综合科", "优化综合科", "办公室"]
    assert seed_evaluation.key_work_items.count() == 6
    assert seed_evaluation.key_work_items.last().text == "六是新增一项。"


def test_saved_page_says_so_and_shows_new_draft(open_section, submit, filler_client):
    page = open_section("profile")
    page.fill("实有在职人数", "11")
    response = submit("profile", page)
    follow = filler_client.get(response["Location"])
    text = follow.content.decode()
    assert "已保存“一 1 部门基本情况”" in text
    assert "2018年实有在职干部11人" in text


def test_override_of_opening_sentence_is_saved(open_section, submit, seed_evaluation):
    page = open_section("profile")
    page.fill("部门基本情况首段（自拟）", "本中心是区政府直属事业单位。")
    submit("profile", page)
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.profile_summary_override == "本中心是区政府直属事业单位。"


@pytest.mark.parametrize(
    ("label", "typed", "message"),
    [
        ("编制数", "八", "请填写整数人数"),
        ("实有在职人数", "-3", "不能为负数"),
        ("人数（第1行）", "1.5", "请填写整数人数"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_kept(open_section, submit, seed_evaluation, label, typed, message):
    page = open_section("profile")
    page.fill("主要职责", "改过的职责")
    page.fill(label, typed)
    response = submit("profile", page)
    assert response.status_code == 200
    again = type(page)(response)
    assert again.value(label) == typed
    assert again.value("主要职责") == "改过的职责"
    assert message in again.text()
    assert "未保存" in again.text()
    assert stored_profile(seed_evaluation).duties != "改过的职责"


def test_a_bad_row_in_one_list_saves_nothing_of_the_section(open_section, submit, seed_evaluation):
    before_posts = list(stored_profile(seed_evaluation).leadership_posts.values_list("title", "count"))
    page = open_section("profile")
    page.fill("实有在职人数", "12")
    page.fill("机构名称（第6行）", "新设科室")
    page.fill("重点工作（第1行）", "改过的第一项")
    page.fill("职务（第3行）", "书记").fill("人数（第3行）", "一个")  # the one bad cell
    response = submit("profile", page)
    assert response.status_code == 200
    profile = stored_profile(seed_evaluation)
    assert profile.staff_actual == 10
    assert "新设科室" not in [d.name for d in profile.divisions.all()]
    assert seed_evaluation.key_work_items.first().text.startswith("向社会公布")
    assert list(profile.leadership_posts.values_list("title", "count")) == before_posts
    again = type(page)(response)
    assert again.value("机构名称（第6行）") == "新设科室"
    assert again.value("实有在职人数") == "12"


def test_save_requires_a_complete_section_but_draft_does_not(open_section, submit, seed_evaluation):
    page = open_section("profile")
    page.fill("编制数", "").fill("主要职责", "")
    response = submit("profile", page)
    assert response.status_code == 200
    assert "请填写部门的主要职责" in response.content.decode()
    assert stored_profile(seed_evaluation).staff_quota == 8

    response = submit("profile", page, button="save_draft")
    assert response.status_code == 302
    profile = stored_profile(seed_evaluation)
    assert profile.staff_quota is None and profile.duties == ""


def test_draft_still_refuses_malformed_input(open_section, submit, seed_evaluation):
    page = open_section("profile")
    page.fill("编制数", "eight")
    response = submit("profile", page, button="save_draft")
    assert response.status_code == 200
    assert "请填写整数人数" in response.content.decode()
    assert stored_profile(seed_evaluation).staff_quota == 8


def test_clearing_a_row_removes_it(open_section, submit, seed_evaluation):
    page = open_section("profile")
    page.fill("机构名称（第1行）", "")
    submit("profile", page)
    assert [d.name for d in stored_profile(seed_evaluation).divisions.all()] == [
        "业务科",
        "督查科",
        "热线综合科",
        "优化综合科",
    ]


def test_every_key_work_item_deleted_is_incomplete_but_a_draft_keeps_it(open_section, submit, seed_evaluation):
    page = open_section("profile")
    for n in range(1, 6):
        page.check(f"删除（重点工作第{n}行）")
    response = submit("profile", page)
    assert "请至少填写一项重点工作" in response.content.decode()
    assert Evaluation.objects.get(pk=seed_evaluation.pk).key_work_items.count() == 5
    submit("profile", page, button="save_draft")
    assert Evaluation.objects.get(pk=seed_evaluation.pk).key_work_items.count() == 0
