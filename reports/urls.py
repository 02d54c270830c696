from django.urls import path

from . import analysis_views, history_views, review_views, views, word_views
from .downloads import audited_download

app_name = "reports"

urlpatterns = [
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/pdf/", audited_download("PDF")(views.pdf), name="pdf"),
    path("<int:pk>/docx/", audited_download("Word")(views.docx), name="docx"),
    path("<int:pk>/word-import/", word_views.word_import, name="word_import"),
    path("<int:pk>/word-import/confirm/", word_views.word_import_confirm, name="word_import_confirm"),
    # Review workflow (reports/review_views.py)
    path("review/", review_views.dashboard, name="dashboard"),
    path("review/pdfs.zip", audited_download("PDF 压缩包")(review_views.dashboard_zip), name="dashboard_zip"),
    path("<int:pk>/review/", review_views.review, name="review"),
    path("<int:pk>/review/return/", review_views.review_return, name="review_return"),
    path("<int:pk>/review/approve/", review_views.review_approve, name="review_approve"),
    path("<int:pk>/review/reopen/", review_views.review_reopen, name="review_reopen"),
    path("<int:pk>/review/comment/", review_views.review_comment, name="review_comment"),
    path("<int:pk>/history/", history_views.history, name="history"),
    path(
        "<int:pk>/history.xlsx",
        audited_download("修改记录 Excel")(history_views.history_export),
        name="history_export",
    ),
    # The finance bureau's district analysis (reports/analysis_views.py)
    path("analysis/<int:region_id>/<int:year>/", analysis_views.analysis_preview, name="analysis"),
    path(
        "analysis/<int:region_id>/<int:year>/pdf/",
        audited_download("区域分析 PDF")(analysis_views.analysis_pdf),
        name="analysis_pdf",
    ),
    path(
        "analysis/<int:region_id>/<int:year>/docx/",
        audited_download("区域分析 Word")(analysis_views.analysis_docx),
        name="analysis_docx",
    ),
    path(
        "analysis/<int:region_id>/<int:year>/xlsx/",
        audited_download("区域分析 Excel")(analysis_views.analysis_excel),
        name="analysis_excel",
    ),
    path("analysis/<int:region_id>/<int:year>/edit/", analysis_views.analysis_edit, name="analysis_edit"),
    path(
        "analysis/<int:region_id>/<int:year>/paragraph/",
        analysis_views.analysis_paragraph,
        name="analysis_paragraph",
    ),
]
