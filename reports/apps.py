from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "报告"

    def ready(self):
        from evaluations.signals import report_submitted

        from . import checks  # noqa: F401 — registers the PDF rendering system check
        from .archive import on_report_submitted

        report_submitted.connect(on_report_submitted, dispatch_uid="reports.store_submitted_pdf")
