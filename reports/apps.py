from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "报告"

    def ready(self):
        from . import checks  # noqa: F401 — registers the PDF rendering system check
