from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = "绩效自评"

    def ready(self):
        from . import summary_signals

        summary_signals.connect(self)
