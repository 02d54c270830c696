"""Conventions every model keeps: Chinese verbose names, Decimal money, no floats."""

import re

from django.apps import apps
from django.db import models

PROJECT_APPS = ["departments", "budgets", "evaluations", "reports"]
HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


def project_fields():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if field.concrete and not field.auto_created:
                    yield model, field


def test_every_field_has_a_chinese_verbose_name():
    missing = [f"{m.__name__}.{f.name}" for m, f in project_fields() if not HAS_CJK.search(str(f.verbose_name))]
    assert missing == []


def test_every_model_has_a_chinese_verbose_name():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            assert HAS_CJK.search(str(model._meta.verbose_name)), model


def test_no_float_fields_and_money_has_two_decimals():
    floats = [f"{m.__name__}.{f.name}" for m, f in project_fields() if isinstance(f, models.FloatField)]
    assert floats == []
    decimals = [f for _, f in project_fields() if isinstance(f, models.DecimalField)]
    assert decimals and all(f.decimal_places == 2 for f in decimals)
