"""A backup restored into an emptied database serves the same reports."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from evaluations.models import Evaluation
from tests.test_load_demo import report_body_text

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_reproduces_every_report(demo, tmp_path):
    backup = tmp_path / "backup.json"
    before = {str(e): report_body_text(e) for e in Evaluation.objects.all()}
    call_command("backup_data", str(backup))

    call_command("flush", interactive=False, verbosity=0)
    assert Evaluation.objects.count() == 0
    call_command("restore_data", str(backup))

    after = {str(e): report_body_text(e) for e in Evaluation.objects.all()}
    assert after == before and len(after) == 2
    assert get_user_model().objects.get(username="filler").check_password("tianxin2018")


def test_restore_refuses_to_overwrite_without_replace(demo, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup_data", str(backup))
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore_data", str(backup))
    call_command("restore_data", str(backup), "--replace")
    assert Evaluation.objects.count() == 2
