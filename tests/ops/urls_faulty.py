"""URLs for fault tests only: views that fail the way production can fail."""

from django.db import OperationalError
from django.urls import include, path


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def bug(request):
    raise ValueError("secret internal detail")


urlpatterns = [
    path("database-gone/", database_gone),
    path("bug/", bug),
    path("", include("config.urls")),
]

handler500 = "config.views.server_error"
