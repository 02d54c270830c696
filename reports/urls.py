from django.urls import path

from . import analysis_views, review_views, views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    # Review workflow (reports/review_views.py)
    path("review/", review_views.dashboard, name="dashboard"),
    path("review/pdfs.zip", review_views.dashboard_zip, name="dashboard_zip"),
    path("<int:pk>/review/", review_views.review, name="review"),
    path("<int:pk>/review/return/", review_views.review_return, name="review_return"),
    path("<int:pk>/review/approve/", review_views.review_approve, name="review_approve"),
    path("<int:pk>/review/reopen/", review_views.review_reopen, name="review_reopen"),
    path("<int:pk>/review/comment/", review_views.review_comment, name="review_comment"),
    path("<int:pk>/history/", review_views.history, name="history"),
    # The finance bureau's district analysis (reports/analysis_views.py)
    path("analysis/<int:region_id>/<int:year>/", analysis_views.analysis_preview, name="analysis"),
    path("analysis/<int:region_id>/<int:year>/pdf/", analysis_views.analysis_pdf, name="analysis_pdf"),
    path("analysis/<int:region_id>/<int:year>/xlsx/", analysis_views.analysis_excel, name="analysis_excel"),
    path("analysis/<int:region_id>/<int:year>/edit/", analysis_views.analysis_edit, name="analysis_edit"),
    path(
        "analysis/<int:region_id>/<int:year>/paragraph/",
        analysis_views.analysis_paragraph,
        name="analysis_paragraph",
    ),
]
