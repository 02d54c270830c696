"""Remove security-log rows older than the retention period; never fewer than 180 days (等保 2.0:
审计记录保存不少于六个月). The history of report data (新增/修改/删除/状态变更/导入) is part of the
report and is never removed here.

    manage.py prune_audit                 # keep AUDIT_RETENTION_DAYS (default 184: any six calendar months)
    manage.py prune_audit --days 365      # keep a year
    manage.py prune_audit --dry-run       # only count

Run it from cron, e.g. monthly. It also deletes login-failure counts whose lockout has expired.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from departments.login_throttle import counters_expired_delete
from departments.models import SECURITY_ACTIONS, AuditEvent

MINIMUM_DAYS = 180


class Command(BaseCommand):
    help = "删除超过保存期限的安全审计记录（登录、下载、后台操作等）；保存期限不得少于 180 天，报告修改记录不删除。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"保留最近多少天的记录（默认 AUDIT_RETENTION_DAYS，不得少于 {MINIMUM_DAYS}）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只统计将删除的条数，不删除")

    def handle(self, *args, days, dry_run, **options):
        days = days if days is not None else settings.AUDIT_RETENTION_DAYS
        if days < MINIMUM_DAYS:
            raise CommandError(
                f"保存期限不得少于 {MINIMUM_DAYS} 天（等保 2.0 要求审计记录至少保存六个月），收到 {days} 天。",
                returncode=2,
            )
        cutoff = timezone.now() - timedelta(days=days)
        old = AuditEvent.objects.filter(at__lt=cutoff, action__in=SECURITY_ACTIONS)
        if dry_run:
            self.stdout.write(f"将删除 {old.count()} 条 {cutoff:%Y-%m-%d %H:%M} 之前的安全审计记录（未删除）。")
            return
        removed = old.prune()
        counters = counters_expired_delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"已删除 {removed} 条 {cutoff:%Y-%m-%d %H:%M} 之前的安全审计记录，{counters} 条已过期的登录失败计数。"
            )
        )
