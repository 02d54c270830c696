from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from departments.models import Department


class Command(BaseCommand):
    help = "从 backup_data 生成的 JSON 恢复数据到已迁移的数据库。目标库已有数据时需加 --replace（先清空再恢复）。"

    def add_arguments(self, parser):
        parser.add_argument("backup", help="backup_data 生成的 JSON 文件")
        parser.add_argument("--replace", action="store_true", help="清空目标库的现有数据后再恢复")

    def handle(self, *args, backup, replace, **options):
        if Department.objects.exists() and not replace:
            raise CommandError("目标数据库已有数据。确认要用备份替换全部数据时，请加 --replace。", returncode=2)
        with transaction.atomic():
            if replace:
                call_command("flush", interactive=False, verbosity=0)
                # flush also removed the role groups the migrations created; the backup brings them back.
            call_command("loaddata", backup, verbosity=0)
        counts = {m._meta.verbose_name: m.objects.count() for m in apps.get_app_config("evaluations").get_models()}
        self.stdout.write(self.style.SUCCESS(f"已恢复：{counts}"))
