"""Every text a person types has a length limit: on the model (every write path, admin included),
at the form field (a Chinese message where the text is), with a live counter in the page."""

import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import escape

from budgets.importing.layout import PROJECT_LINES
from budgets.models import ProjectLine
from departments.text_limits import ITEM, NARRATIVE, MaxCharsValidator, model_limit
from evaluations.models import Evaluation
from evaluations.outlines.selectors import DEFAULT_OUTLINE
from evaluations.sections import REGISTRY
from evaluations.selectors import report_bundle
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db

# Text fields no person types into a page: written by the system from bounded inputs, or by an
# administrator (indicator frameworks). The 填报人's reasons for scores and warnings are bounded by
# their forms (2,000, evaluations/scoring/forms.py, evaluations/checks/forms.py).
NOT_TYPED_BY_USERS = {
    "departments.AuditEvent.old_value",
    "departments.AuditEvent.new_value",
    "departments.AuditEvent.reason",
    "evaluations.FindingAcknowledgement.message",
    "evaluations.FindingAcknowledgement.reason",
    "evaluations.ManualScore.reason",
    "evaluations.IndicatorFramework.description",
    "evaluations.Indicator.explanation",
}


def test_every_text_field_of_the_report_has_a_limit():
    unlimited = []
    for model in apps.get_models():
        if model._meta.app_label not in ("departments", "budgets", "evaluations", "reports"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                name = f"{model._meta.app_label}.{model.__name__}.{field.name}"
                if name not in NOT_TYPED_BY_USERS and model_limit(model, field.name) is None:
                    unlimited.append(name)
    assert unlimited == []


def test_narratives_are_bounded_at_20000_and_items_lower():
    assert model_limit(Evaluation, "output_analysis") == NARRATIVE == 20_000
    assert model_limit(Evaluation, "key_work_intro_override") < NARRATIVE
    assert model_limit(ProjectLine, "purpose") == ITEM
    # The Excel import reads the same limits as the forms.
    assert PROJECT_LINES.column("purpose").max_length == model_limit(ProjectLine, "purpose")
    assert PROJECT_LINES.column("name").max_length == model_limit(ProjectLine, "name")


def test_every_text_input_of_every_section_page_is_limited(seed_evaluation):
    bundle = report_bundle(seed_evaluation)
    for slug, section in REGISTRY.items():  # every section module, in any outline
        for part in section.build(bundle, catalogue={}).parts.values():
            for form in [*getattr(part, "forms", [part]), getattr(part, "empty_form", part)]:
                for name, field in form.fields.items():
                    if type(field).__name__ == "CharField":
                        limits = [v.limit_value for v in field.validators if hasattr(v, "limit_value")]
                        assert limits or field.max_length, (slug, name)


def test_the_model_refuses_an_over_long_text_in_chinese(seed_evaluation):
    seed_evaluation.output_analysis = "长" * (NARRATIVE + 1)
    with pytest.raises(ValidationError) as refused:
        seed_evaluation.full_clean()
    assert refused.value.message_dict["output_analysis"] == [
        "内容过长：最多 20,000 字，现有 20,001 字。请精简后再保存。"
    ]


def test_line_breaks_count_as_one_character_whatever_the_browser_sends():
    validator = MaxCharsValidator(4)
    validator("a\r\nb\r\n")  # four characters as written
    with pytest.raises(ValidationError):
        validator("a\r\nb\r\nc")


def text_page(client, evaluation, slug):
    client.login(username="filler", password="tianxin2018")
    url = reverse("evaluations:section", args=[evaluation.pk, slug])
    return url, SectionPage(client.get(url))


def test_an_over_long_narrative_is_refused_at_its_field_and_nothing_is_saved(client, seed_evaluation):
    url, page = text_page(client, seed_evaluation, "performance")
    before = seed_evaluation.goal_rationality_analysis
    page.fill("整体绩效目标合理性分析", "目" * (NARRATIVE + 1))
    page.fill("整体绩效产出情况分析", "产出")
    response = client.post(url, page.data())
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'id="id_text-goal_rationality_analysis_error" class="invalid-feedback">(.*?)</div>', html, re.S)
    assert "内容过长：最多 20,000 字，现有 20,001 字" in error.group(1)
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.goal_rationality_analysis == before and seed_evaluation.output_analysis != "产出"


def test_a_narrative_at_the_limit_is_saved(client, seed_evaluation):
    url, page = text_page(client, seed_evaluation, "performance")
    page.fill("整体绩效目标合理性分析", "目" * NARRATIVE)
    assert client.post(url, page.data()).status_code == 302
    seed_evaluation.refresh_from_db()
    assert len(seed_evaluation.goal_rationality_analysis) == NARRATIVE


def test_an_over_long_project_purpose_is_refused_at_its_field(client, seed_evaluation):
    url, page = text_page(client, seed_evaluation, "projects")
    page.fill("主要用途（第1行）", "用" * (ITEM + 1))
    response = client.post(url, page.data("save_draft"))
    assert response.status_code == 200
    assert escape("内容过长：最多 2,000 字，现有 2,001 字") in response.content.decode()


@pytest.mark.parametrize("slug", DEFAULT_OUTLINE.slugs)
def test_text_areas_carry_the_limit_for_the_counter_and_no_hard_maxlength(client, seed_evaluation, slug):
    _url, page = text_page(client, seed_evaluation, slug)
    for textarea in re.findall(r"<textarea[^>]*>", page.html):
        assert "data-maxlength=" in textarea and " maxlength=" not in textarea, textarea
    assert '<script src="/static/js/textcount.js"' in page.html
