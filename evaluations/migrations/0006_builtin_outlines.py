"""The two shipped outlines; every existing report keeps the 2018 outline it was written in."""

from django.db import migrations

from evaluations.outlines.builtin import BUILTIN_OUTLINES, ENTRY_FIELDS, OUTLINE_2018


def create(apps, schema_editor):
    ReportOutline = apps.get_model("evaluations", "ReportOutline")
    OutlineEntry = apps.get_model("evaluations", "OutlineEntry")
    Evaluation = apps.get_model("evaluations", "Evaluation")
    created = {}
    for data in BUILTIN_OUTLINES:
        outline, new = ReportOutline.objects.get_or_create(
            name=data["name"], region=None, defaults={"from_year": data["from_year"], "active": data["active"]}
        )
        created[data["name"]] = outline
        if new:
            for order, entry in enumerate(data["entries"], start=1):
                OutlineEntry.objects.create(outline=outline, order=order, **dict(zip(ENTRY_FIELDS, entry, strict=True)))
    Evaluation.objects.filter(outline__isnull=True).update(outline=created[OUTLINE_2018["name"]])


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0005_outlines")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
