from django.apps import AppConfig


class DepartmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "departments"
    verbose_name = "部门"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import session_security, signals

        signals.connect()
        user_logged_in.connect(session_security.session_start, dispatch_uid="session_security_start")
