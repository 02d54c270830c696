"""People on one screen: the user page holds 姓名, 联系电话 and the 填报人 / 审核人 grants; the 姓名 is
shown wherever a person is shown (pages, history and its Excel export, review data)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from departments.models import AuditEvent, Department, DepartmentMembership, Region, ReviewerScope, UserProfile
from departments.people import person_name
from departments.roles import SECURITY_ADMIN_GROUP, SYSTEM_ADMIN_GROUP
from evaluations.workflow import comment_add

pytestmark = pytest.mark.django_db
User = get_user_model()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff(role, group):
    user = User.objects.create_user(role, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def change_data(client, url, **changes) -> dict:
    """What the user page posts as it is shown, with ``changes`` (inline rows by their full names)."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled or name in ("password",):
            continue
        value = form.initial.get(name, field.initial)
        if value in (None, False):
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{key}"] = management.initial.get(key, management[key].value())
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value not in (None, False, ""):
                    data[row.add_prefix(name)] = getattr(value, "pk", value)
    data.update(changes)
    return data


def test_person_name_rule():
    user = User(username="zhangsan")
    assert person_name(user) == "zhangsan"
    user.first_name = "张三"
    assert person_name(user) == "张三"
    user.first_name, user.last_name = "三", "张"
    assert person_name(user) == "张三"  # an older split name reads in the Chinese order
    assert person_name(None) == ""


def test_user_page_shows_and_saves_name_phone_and_grants_inline(demo):
    admin = User.objects.get(username="admin")
    filler = User.objects.get(username="filler")
    department = Department.objects.get(full_name="长沙市天心区政务服务中心")
    other = Department.objects.exclude(pk=department.pk).first()
    region = Region.objects.get(pk=department.region_id)
    client = client_for(admin)
    url = reverse("admin:auth_user_change", args=[filler.pk])
    page = client.get(url).content.decode()
    assert "姓名" in page and "联系电话" in page
    assert "填报人：可填报的部门" in page and "审核人：审核的区域" in page
    assert "长沙市天心区政务服务中心" in page  # the existing grant, on this page
    memberships = DepartmentMembership.objects.filter(user=filler).count()
    data = change_data(
        client,
        url,
        first_name="王填报",
        **{
            "profile-0-phone": "0731-85899999",
            "reviewer_scopes-TOTAL_FORMS": "1",
            "reviewer_scopes-0-region": region.pk,
        },
    )
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS") and "membership" in k).rsplit("-", 1)[0]
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data[f"{prefix}-{total}-department"] = other.pk
    response = client.post(url, data)
    assert response.status_code == 302, [f.formset.errors for f in response.context["inline_admin_formsets"]] + [
        response.context["adminform"].form.errors
    ]
    filler.refresh_from_db()
    assert filler.first_name == "王填报" and UserProfile.objects.get(user=filler).phone == "0731-85899999"
    assert DepartmentMembership.objects.filter(user=filler).count() == memberships + 1
    assert ReviewerScope.objects.filter(user=filler, region=region).exists()
    assert AuditEvent.objects.filter(object_label__contains="filler").exists()  # rights are in the security log


def test_a_bad_phone_comes_back_at_the_field(demo):
    admin = User.objects.get(username="admin")
    filler = User.objects.get(username="filler")
    client = client_for(admin)
    url = reverse("admin:auth_user_change", args=[filler.pk])
    response = client.post(url, change_data(client, url, **{"profile-0-phone": "电话<script>"}))
    assert response.status_code == 200
    assert "联系电话只能包含数字" in response.content.decode()
    assert not UserProfile.objects.filter(user=filler).exists()


def test_grants_belong_to_the_security_administrator_and_never_to_oneself(demo):
    system, security = staff("system_admin", SYSTEM_ADMIN_GROUP), staff("security_admin", SECURITY_ADMIN_GROUP)
    filler = User.objects.get(username="filler")
    url = reverse("admin:auth_user_change", args=[filler.pk])
    system_page = client_for(system).get(url).content.decode()
    assert 'name="first_name"' in system_page and 'name="profile-0-phone"' in system_page
    assert "填报人：可填报的部门" not in system_page  # no right to grant
    security_page = client_for(security).get(url).content.decode()
    assert "填报人：可填报的部门" in security_page and 'name="first_name"' not in security_page
    own = client_for(security).get(reverse("admin:auth_user_change", args=[security.pk]))
    own_page = own.content.decode()
    assert 'name="groups"' not in own_page and 'name="is_staff"' not in own_page
    for inline in own.context["inline_admin_formsets"]:
        if inline.formset.model in (DepartmentMembership, ReviewerScope):
            assert not inline.has_add_permission and not inline.has_change_permission
    region = Region.objects.first()
    data = change_data(client_for(security), reverse("admin:auth_user_change", args=[security.pk]))
    data.update({"reviewer_scopes-TOTAL_FORMS": "1", "reviewer_scopes-0-region": region.pk})
    client_for(security).post(reverse("admin:auth_user_change", args=[security.pk]), data)
    assert not ReviewerScope.objects.filter(user=security).exists()


def test_names_on_pages_history_and_its_export(demo, seed_evaluation):
    filler = User.objects.get(username="filler")
    reviewer = User.objects.get(username="reviewer")
    User.objects.filter(pk=filler.pk).update(first_name="王填报")
    User.objects.filter(pk=reviewer.pk).update(first_name="李审核")
    filler.refresh_from_db()
    reviewer.refresh_from_db()
    from evaluations.scoring.selectors import scoring_table
    from evaluations.scoring.services import manual_score_set

    row = next(r for r in scoring_table(seed_evaluation).rows if r.can_be_scored_by_hand)
    manual_score_set(evaluation=seed_evaluation, indicator_id=row.indicator_id, score=0, reason="测试", user=filler)
    comment_add(evaluation=seed_evaluation, section="projects", text="请核对", user=reviewer)

    filler_client = client_for(filler)
    history = filler_client.get(reverse("reports:history", args=[seed_evaluation.pk])).content.decode()
    assert "王填报" in history and ">filler<" not in history
    assert f'<option value="{filler.pk}">王填报</option>' in history
    workbook = load_workbook(
        io.BytesIO(filler_client.get(reverse("reports:history_export", args=[seed_evaluation.pk])).content)
    )
    cells = {str(cell.value) for row in workbook.active.iter_rows() for cell in row}
    assert "王填报" in cells and "filler" not in cells
    scoring = filler_client.get(reverse("evaluations:scoring", args=[seed_evaluation.pk])).content.decode()
    assert "（王填报，" in scoring
    section = filler_client.get(reverse("evaluations:section", args=[seed_evaluation.pk, "projects"])).content.decode()
    assert "审核人 李审核" in section and "王填报" in section  # the navbar names the person signed in
    dashboard = client_for(reviewer).get(reverse("reports:dashboard")).content.decode()
    assert "李审核" in dashboard
    review = client_for(reviewer).get(reverse("reports:review", args=[seed_evaluation.pk])).content.decode()
    assert "审核人 李审核" in review
