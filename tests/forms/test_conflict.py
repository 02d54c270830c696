"""Two people on the same section: the second save is refused with a clear message, never lost silently."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from departments.models import DepartmentMembership, DepartmentProfile
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_client(filler, seed_evaluation):
    """A second 填报人 of the same department, in another browser."""
    colleague = get_user_model().objects.create_user("colleague", password="x")
    DepartmentMembership.objects.create(user=colleague, department=seed_evaluation.department)
    client = Client()
    client.force_login(colleague)
    return client


def test_second_save_of_the_same_section_is_refused(open_section, submit, colleague_client, seed_evaluation):
    mine = open_section("profile")
    theirs = open_section("profile", client=colleague_client)

    theirs.fill("实有在职人数", "11")
    assert submit("profile", theirs, client=colleague_client).status_code == 302

    mine.fill("实有在职人数", "12").fill("主要职责", "我改的职责")
    response = submit("profile", mine)
    assert response.status_code == 200
    again = SectionPage(response)
    assert "本部分已被其他人修改并保存" in again.text()
    assert "最近一次保存于" in again.text()
    assert again.value("实有在职人数") == "12"  # my input is still there
    assert again.value("主要职责") == "我改的职责"
    profile = DepartmentProfile.objects.get(department=seed_evaluation.department)
    assert profile.staff_actual == 11 and profile.duties != "我改的职责"

    # Having been warned, saving again overwrites on purpose.
    assert submit("profile", again).status_code == 302
    assert DepartmentProfile.objects.get(department=seed_evaluation.department).staff_actual == 12


def test_saves_of_different_sections_do_not_conflict(open_section, submit, colleague_client, seed_evaluation):
    mine = open_section("profile")
    theirs = open_section("budget-table", client=colleague_client)
    theirs.fill("部门决算数 基本支出", "331")
    assert submit("budget-table", theirs, client=colleague_client).status_code == 302
    mine.fill("实有在职人数", "12")
    assert submit("profile", mine).status_code == 302
    assert DepartmentProfile.objects.get(department=seed_evaluation.department).staff_actual == 12


def test_a_stale_page_conflicts_even_when_the_other_save_changed_only_a_list(
    open_section, submit, colleague_client, seed_evaluation
):
    mine = open_section("projects")
    theirs = open_section("projects", client=colleague_client)
    theirs.check("删除（项目第3行）")
    assert submit("projects", theirs, client=colleague_client).status_code == 302
    mine.fill("决算（第1行）", "93.15")
    response = submit("projects", mine)
    assert "本部分已被其他人修改并保存" in response.content.decode()
    from budgets.models import ProjectLine

    assert ProjectLine.objects.filter(budget__department=seed_evaluation.department).count() == 2


def test_a_value_the_database_refuses_rolls_back_the_whole_section(seed_evaluation):
    """Forms catch bad input first; should a model still refuse a value, nothing of the section stays."""
    from django.core.exceptions import ValidationError

    from evaluations.completeness import section_fingerprint
    from evaluations.sections import section_for
    from evaluations.selectors import report_bundle
    from evaluations.services import evaluation_section_save

    bundle = report_bundle(seed_evaluation)
    profile = DepartmentProfile.objects.get(department=seed_evaluation.department)
    data = {
        "profile": {"staff_actual": 12, "duties": "新职责"},
        "posts": [{"title": "主任", "count": 1}],
        "divisions": [{"name": "办公室"}, {"name": "科" * 101}],  # longer than the model allows
        "key_work": [{"text": "只剩一项"}],
        "narratives": {"profile_summary_override": "新首段"},
    }
    with pytest.raises(ValidationError):
        evaluation_section_save(
            evaluation=seed_evaluation, slug="profile", data=data, fingerprint=section_fingerprint(bundle, section_for("profile"))
        )
    profile.refresh_from_db()
    assert (profile.staff_actual, profile.duties[:5]) == (10, "我单位主要")
    assert profile.leadership_posts.count() == 2 and profile.divisions.count() == 5
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.key_work_items.count() == 5 and seed_evaluation.profile_summary_override == ""


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_and_the_other_is_told(seed_evaluation):
    """The report row is locked for the save: two saves of a stale-free page never both land."""
    import threading

    from django.db import connection

    from evaluations.completeness import section_fingerprint
    from evaluations.models import Evaluation
    from evaluations.sections import section_for
    from evaluations.selectors import report_bundle
    from evaluations.services import SectionBusy, SectionConflict, evaluation_section_save

    fingerprint = section_fingerprint(report_bundle(seed_evaluation), section_for("problems"))
    start = threading.Barrier(2)
    outcomes = {}

    def save(text):
        try:
            start.wait()
            evaluation_section_save(
                evaluation=seed_evaluation,
                slug="problems",
                data={"narratives": {"problems_and_measures": text}},
                fingerprint=fingerprint,
            )
            outcomes[text] = "saved"
        except (SectionConflict, SectionBusy) as refused:
            outcomes[text] = type(refused).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("甲的文字", "乙的文字")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [text for text, outcome in outcomes.items() if outcome == "saved"]
    assert len(outcomes) == 2 and len(winners) == 1, outcomes
    assert Evaluation.objects.get(pk=seed_evaluation.pk).problems_and_measures == winners[0]
