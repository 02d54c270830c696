from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by migrations on the target database, so they are not part of the backup.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "departments.loginfailurecounter"]


class Command(BaseCommand):
    help = "备份全部业务数据为 JSON（SQLite 与 PostgreSQL 通用）。PostgreSQL 生产库另可用 pg_dump，见 README。"

    def add_arguments(self, parser):
        parser.add_argument("output", help="备份文件路径，如 backup-2019-04-25.json")

    def handle(self, *args, output, **options):
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            indent=1,
            output=output,
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"已备份到 {output}"))
