"""Load the default indicator framework (MoF framework with Hunan 2015 weights)."""

from django.db import migrations


def load(apps, schema_editor):
    from evaluations.scoring.default_framework import load_default_framework

    load_default_framework(apps.get_model("evaluations", "IndicatorFramework"), apps.get_model("evaluations", "Indicator"))


def unload(apps, schema_editor):
    from evaluations.scoring.default_framework import FROM_YEAR

    Framework = apps.get_model("evaluations", "IndicatorFramework")
    Framework.objects.filter(region__isnull=True, from_year=FROM_YEAR, evaluations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_scoring_and_checks")]

    operations = [migrations.RunPython(load, unload)]
