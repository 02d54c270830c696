"""Delete stored PDFs of submitted reports that nothing serves any more (``archive.superseded_submitted_pdfs``).

    python manage.py prune_stored_files            # list what would be deleted
    python manage.py prune_stored_files --delete   # and delete it

Approved PDFs and .docx files are records and are never deleted; a file younger than ``--hours``
(default 24) is kept, since a submission may be storing it right now.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from reports.archive import superseded_delete, superseded_submitted_pdfs


class Command(BaseCommand):
    help = "清理存储中已被取代的已提交报告 PDF（审核通过的存档文件从不删除）。"

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="删除（不加此参数时只列出）")
        parser.add_argument("--hours", type=int, default=24, help="只处理早于该小时数的文件（默认 24）")

    def handle(self, *args, delete: bool, hours: int, **options):
        names = superseded_submitted_pdfs(older_than=timedelta(hours=hours))
        for name in names:
            self.stdout.write(name)
        if delete:
            superseded_delete(names)
            self.stdout.write(f"已删除 {len(names)} 个已被取代的文件。")
        else:
            self.stdout.write(f"共 {len(names)} 个已被取代的文件；加 --delete 删除。")
