"""Reference data shared by many reports changes their summaries: flag them, then recompute.

An edit in admin of an indicator framework or its indicators, of a report outline or its entries,
or of the year's 支出功能分类 catalogue can change the score, completeness or findings of every
report that uses it. In the edit's transaction the affected reports' summaries are flagged
``stale`` (one UPDATE); after the commit up to ``STALE_REFRESH_LIMIT`` of them are recomputed in
the same request, the rest by ``manage.py rebuild_summaries --stale`` (and each report's next
write refreshes it anyway). The dashboard says how many rows wait. ADR 11.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_migrate, post_save

from budgets.models import FunctionalCategory

from .models import Evaluation
from .outlines.models import OutlineEntry, ReportOutline
from .scoring.models import Indicator, IndicatorFramework
from .summary_store import reference_version_bump, summaries_mark_stale, summaries_rebuild, summaries_refresh_stale

STALE_REFRESH_LIMIT = 2000


def _reports_of_framework(framework) -> "Q":
    # the reports fixed on it, and those still following the applicable version (no framework fixed)
    return Q(framework_id=framework.pk) | Q(framework__isnull=True, fiscal_year_id__gte=framework.from_year)


def _affected(instance) -> Q | None:
    if isinstance(instance, IndicatorFramework):
        return _reports_of_framework(instance)
    if isinstance(instance, Indicator):
        framework = IndicatorFramework.objects.filter(pk=instance.framework_id).first()
        return _reports_of_framework(framework) if framework else None
    if isinstance(instance, ReportOutline):
        return Q(outline_id=instance.pk) | Q(outline__isnull=True)
    if isinstance(instance, OutlineEntry):
        return Q(outline_id=instance.outline_id) | Q(outline__isnull=True)
    if isinstance(instance, FunctionalCategory):
        return Q(fiscal_year_id=instance.fiscal_year_id)
    return None


def _refresh_after_commit() -> None:
    from .models import ReportSummary

    if ReportSummary.objects.filter(stale=True).count() <= STALE_REFRESH_LIMIT:
        summaries_refresh_stale()


def _on_commit_once(callback) -> None:
    """``transaction.on_commit`` unless ``callback`` already waits for this transaction's commit: an
    admin save of a framework with its 30 indicators, or a catalogue of 500 科目, is one edit. Reads
    Django's list of waiting callbacks (``run_on_commit``: (savepoint ids, callback, robust)); a
    callback dropped with a rolled-back savepoint is no longer there, so it is registered again."""
    waiting = getattr(transaction.get_connection(), "run_on_commit", [])
    if not any(entry[1] is callback for entry in waiting):
        transaction.on_commit(callback)


def reference_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: the restored summaries come with the data
        return
    condition = _affected(instance)
    if condition is None:
        return
    _on_commit_once(reference_version_bump)  # after the commit: a read in between caches nothing newer
    if summaries_mark_stale(Evaluation.objects.filter(condition)):
        _on_commit_once(_refresh_after_commit)


def connect(app_config) -> None:
    post_migrate.connect(summaries_create_missing, sender=app_config, dispatch_uid="summary-create-missing")
    for model in (IndicatorFramework, Indicator, ReportOutline, OutlineEntry, FunctionalCategory):
        post_save.connect(reference_changed, sender=model, dispatch_uid=f"summary-stale-save-{model.__name__}")
        post_delete.connect(reference_changed, sender=model, dispatch_uid=f"summary-stale-delete-{model.__name__}")


def summaries_create_missing(sender=None, using="default", **kwargs) -> None:
    """After ``migrate``: every report without a stored summary gets one (existing databases when
    this table arrives, and reports written by anything that bypassed the services)."""
    from django.db import connections

    from .models import ReportSummary

    if ReportSummary._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated to a state before the table
    missing = Evaluation.objects.using(using).filter(summary__isnull=True)
    if missing.exists():
        summaries_rebuild(missing)
