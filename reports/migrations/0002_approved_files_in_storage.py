"""The approved PDFs move from the database row to the ``reports`` storage (reports/stored.py).

Each existing PDF is written to ``approved/<year>/<report id>/<sha256 of the PDF>.pdf`` (the report's
content fingerprint was not recorded before; the PDF's own hash names it), checked by reading it
back, and the row keeps the name; then the BinaryField is dropped. Reversible: the reverse reads
the files back into the rows.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations, models


def pdfs_to_storage(apps, schema_editor):
    Snapshot = apps.get_model("reports", "ApprovedSnapshot")
    storage = storages["reports"]
    for snapshot in (
        Snapshot.objects.select_related("evaluation")
        .only("pk", "pdf", "pdf_sha256", "evaluation__fiscal_year_id")
        .iterator(chunk_size=50)
    ):
        content = bytes(snapshot.pdf)
        digest = hashlib.sha256(content).hexdigest()
        name = f"approved/{snapshot.evaluation.fiscal_year_id}/{snapshot.evaluation_id}/{digest}.pdf"
        saved = storage.save(name, ContentFile(content, name=f"{digest}.pdf"))
        with storage.open(saved, "rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() != digest:
                raise RuntimeError(f"stored PDF {saved} differs from the database's")
        Snapshot.objects.filter(pk=snapshot.pk).update(pdf_name=saved, pdf_sha256=digest)


def pdfs_back_to_rows(apps, schema_editor):
    Snapshot = apps.get_model("reports", "ApprovedSnapshot")
    storage = storages["reports"]
    for snapshot in Snapshot.objects.only("pk", "pdf_name").iterator(chunk_size=50):
        with storage.open(snapshot.pdf_name, "rb") as handle:
            Snapshot.objects.filter(pk=snapshot.pk).update(pdf=handle.read())


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="approvedsnapshot",
            name="fingerprint",
            field=models.CharField(blank=True, max_length=64, verbose_name="报告内容指纹"),
        ),
        migrations.AddField(
            model_name="approvedsnapshot",
            name="pdf_name",
            field=models.CharField(default="", max_length=255, verbose_name="PDF 文件（存储路径）"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="approvedsnapshot",
            name="docx_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="Word 文件（存储路径）"),
        ),
        migrations.AddField(
            model_name="approvedsnapshot",
            name="docx_sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="Word 文件校验值（SHA-256）"),
        ),
        migrations.AlterField(
            model_name="approvedsnapshot",
            name="pdf",
            field=models.BinaryField(default=b"", verbose_name="PDF 文件"),
        ),
        migrations.RunPython(pdfs_to_storage, pdfs_back_to_rows),
        migrations.RemoveField(model_name="approvedsnapshot", name="pdf"),
    ]
