from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from departments.access import AUTHENTICATED, PUBLIC, access
from departments.login_throttle import LoginForm
from evaluations import views as evaluation_views

from . import views as config_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        access(PUBLIC)(auth_views.LoginView.as_view(authentication_form=LoginForm)),
        name="login",
    ),
    path("accounts/logout/", access(AUTHENTICATED)(auth_views.LogoutView.as_view()), name="logout"),
    path("", include("departments.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("reports/", include("reports.urls")),
    path("", include("reports.excel_urls")),
    path("setup/", include("reports.setup_urls")),
    path("start/", config_views.landing, name="landing"),
    # Browsers ask for /favicon.ico on pages that name no icon (admin, the report preview).
    path("favicon.ico", config_views.favicon),
    path("", evaluation_views.home, name="home"),
]

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"
