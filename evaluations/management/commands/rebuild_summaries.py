"""python manage.py rebuild_summaries [--year 2018] [--stale]

Recomputes the stored summaries (``ReportSummary``) of every report, of one year, or only those
flagged stale after an edit of shared reference data (ADR 11). Safe to run at any time: each batch
is written in its own transaction from the same computation as a report's own write.
"""

import time

from django.core.management.base import BaseCommand

from evaluations.models import Evaluation
from evaluations.summary_store import summaries_rebuild


class Command(BaseCommand):
    help = "重新计算报告汇总（审核工作台、全区汇总表读取的数据）。可只算一个年度或只算待重算的报告。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="只重算该年度的报告，如 2018")
        parser.add_argument("--stale", action="store_true", help="只重算标记为待重算的报告")

    def handle(self, *args, year=None, stale=False, **options):
        queryset = Evaluation.objects.all()
        if year is not None:
            queryset = queryset.filter(fiscal_year_id=year)
        if stale:
            queryset = queryset.filter(summary__stale=True)
        started = time.perf_counter()
        count = summaries_rebuild(queryset)
        self.stdout.write(self.style.SUCCESS(f"已重算 {count} 份报告的汇总，用时 {time.perf_counter() - started:.1f} 秒。"))
