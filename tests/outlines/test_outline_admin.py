"""Outlines in admin: an outline a report records is read-only (the report keeps it); an unused one
is edited; 保存为新的 makes an editable copy with its sections."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from evaluations.models import ReportOutline
from evaluations.outlines.builtin import OUTLINE_HUNAN_2020

pytestmark = pytest.mark.django_db

OLD_HEADING = "（一）2018年度整体支出情况"


@pytest.fixture
def admin_client(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def change_url(outline):
    return reverse("admin:evaluations_reportoutline_change", args=[outline.pk])


def copy_url(outline):
    return reverse("admin:evaluations_reportoutline_copy", args=[outline.pk])


def outline_data(outline, *, headings=None, **fields):
    """What the outline page posts as it shows the outline, with ``headings`` changed (slug → heading)."""
    entries = list(outline.entries.order_by("order", "pk"))
    data = {
        "name": outline.name,
        "region": outline.region_id or "",
        "from_year": outline.from_year,
        "template": outline.template,
        "description": outline.description,
        "entries-TOTAL_FORMS": len(entries),
        "entries-INITIAL_FORMS": len(entries),
        "entries-MIN_NUM_FORMS": 0,
        "entries-MAX_NUM_FORMS": 1000,
    }
    if outline.active:
        data["active"] = "on"
    for index, entry in enumerate(entries):
        heading = (headings or {}).get(entry.section, entry.heading)
        row = {"id": entry.pk, "outline": outline.pk, "order": entry.order, "section": entry.section}
        row |= {"number": entry.number, "title": entry.title, "heading": heading, "level": entry.level}
        row |= {"group_heading": entry.group_heading}
        data.update({f"entries-{index}-{key}": value for key, value in row.items()})
    data.update(fields)
    return data


def report_page(seed_evaluation) -> str:
    """The report's preview as its 填报人 reads it."""
    filler = Client()
    filler.force_login(get_user_model().objects.get(username="filler"))
    return filler.get(reverse("reports:preview", args=[seed_evaluation.pk])).content.decode()


def test_an_outline_a_report_records_is_read_only_with_the_way_to_a_copy(admin_client, seed_evaluation):
    outline = seed_evaluation.outline
    page = admin_client.get(change_url(outline)).content.decode()
    assert "该提纲已被 2 份报告使用，不能修改" in page and "保存为新的" in page
    assert 'name="entries-0-heading"' not in page and 'name="_save"' not in page  # nothing to type into
    assert OLD_HEADING.replace("2018", "{year}") in page  # shown as text
    assert f'href="{copy_url(outline)}"' in page and "另存为新的提纲" in page


def test_saving_a_used_outline_is_refused_and_the_report_keeps_its_heading(admin_client, seed_evaluation):
    outline = seed_evaluation.outline
    data = outline_data(outline, headings={"budget-table": "（一）改过的标题"}, _save="保存")
    response = admin_client.post(change_url(outline), data, follow=True)
    assert "未保存：该提纲已被 2 份报告使用，不能修改" in response.content.decode()
    assert outline.entries.get(section="budget-table").heading == "（一）{year}年度整体支出情况"
    page = report_page(seed_evaluation)
    assert OLD_HEADING in page and "改过的标题" not in page
    # nor from the copy form's address
    response = admin_client.post(copy_url(outline), data)
    assert outline.entries.get(section="budget-table").heading == "（一）{year}年度整体支出情况"


def test_an_unused_outline_is_edited_in_admin(admin_client):
    library = ReportOutline.objects.get(name=OUTLINE_HUNAN_2020["name"])
    page = admin_client.get(change_url(library)).content.decode()
    assert 'name="entries-0-heading"' in page and 'name="_save"' in page and "不能修改" not in page
    data = outline_data(library, headings={"score-summary": "一、综合评分情况"}, _save="保存")
    assert admin_client.post(change_url(library), data).status_code == 302
    assert library.entries.get(section="score-summary").heading == "一、综合评分情况"


def test_save_as_new_copies_a_used_outline_with_its_sections_into_an_editable_one(admin_client, seed_evaluation):
    outline = seed_evaluation.outline
    form = admin_client.get(copy_url(outline)).content.decode()
    assert 'name="entries-0-heading"' in form and 'name="_saveasnew"' in form and 'name="_save"' not in form

    data = outline_data(
        outline,
        headings={"budget-table": "（一）{year}年度整体支出预决算情况"},
        name="天心区提纲",
        region=seed_evaluation.department.region_id,
        from_year=2021,
        _saveasnew="保存为新的",
    )
    response = admin_client.post(copy_url(outline), data)
    copy = ReportOutline.objects.get(name="天心区提纲")
    assert response.status_code == 302 and response["Location"] == change_url(copy)
    assert (copy.region, copy.from_year) == (seed_evaluation.department.region, 2021)
    assert list(copy.entries.order_by("order").values_list("section", flat=True)) == list(
        outline.entries.order_by("order").values_list("section", flat=True)
    )
    assert copy.entries.get(section="budget-table").heading == "（一）{year}年度整体支出预决算情况"
    assert outline.entries.get(section="budget-table").heading == "（一）{year}年度整体支出情况"
    assert OLD_HEADING in report_page(seed_evaluation)

    page = admin_client.get(change_url(copy)).content.decode()  # the copy is no report's yet: editable
    assert 'name="_save"' in page and "不能修改" not in page
    data = outline_data(copy, headings={"three-public": "（二）{year}年“三公”经费情况"}, _save="保存")
    assert admin_client.post(change_url(copy), data).status_code == 302
    assert copy.entries.get(section="three-public").heading == "（二）{year}年“三公”经费情况"
