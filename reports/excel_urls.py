"""Excel downloads and the budget import (reports/excel_views.py)."""

from django.urls import path

from . import excel_views
from .downloads import audited_download

app_name = "excel"

urlpatterns = [
    path("reports/<int:pk>/excel/", audited_download("Excel")(excel_views.report_excel), name="report"),
    path("reports/summary.xlsx", audited_download("Excel 汇总表")(excel_views.summary_excel), name="summary"),
    path("evaluations/<int:pk>/import/", excel_views.budget_import, name="import"),
    path("evaluations/<int:pk>/import/confirm/", excel_views.budget_import_confirm, name="import_confirm"),
    path(
        "evaluations/<int:pk>/import/template.xlsx",
        audited_download("Excel 导入模板")(excel_views.import_template),
        name="import_template",
    ),
]
