"""Migration reports 0002: approved PDFs kept in the database row move to the ``reports`` storage,
byte for byte, and the row's BinaryField is dropped."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reports import stored

BEFORE = [("reports", "0001_initial")]
AFTER = [("reports", "0002_approved_files_in_storage")]


@pytest.mark.django_db(transaction=True)
def test_approved_pdfs_move_from_the_row_to_storage(clean_evaluation):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    pdf = b"%PDF-1.7 approved before storage\n" + bytes(range(256)) * 40
    old_apps.get_model("reports", "ApprovedSnapshot").objects.create(
        evaluation_id=clean_evaluation.pk, pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest(), data={"format": 1}
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from reports.models import ApprovedSnapshot

    snapshot = ApprovedSnapshot.objects.get(evaluation_id=clean_evaluation.pk)
    assert stored.read(snapshot.pdf_name) == pdf
    assert snapshot.pdf_name.startswith(f"approved/2018/{clean_evaluation.pk}/")
    assert snapshot.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    columns = {
        c.name for c in connection.introspection.get_table_description(connection.cursor(), "reports_approvedsnapshot")
    }
    assert "pdf" not in columns and "pdf_name" in columns
