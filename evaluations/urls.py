from django.urls import path

from . import checklist_views, views, workflow_views, year_setup_views

app_name = "evaluations"

urlpatterns = [
    path("", views.home, name="list"),
    path("start/", views.start, name="start"),
    path("<int:pk>/fill/", views.fill, name="fill"),
    path("<int:pk>/sections/<slug:slug>/", views.section, name="section"),
    path("<int:pk>/checklist/", checklist_views.checklist, name="checklist"),
    path("<int:pk>/checklist/acknowledge/", checklist_views.acknowledge, name="acknowledge"),
    path("<int:pk>/scoring/", checklist_views.scoring, name="scoring"),
    path("<int:pk>/scoring/manual/", checklist_views.manual_score, name="manual_score"),
    path("<int:pk>/scoring/framework/", checklist_views.change_framework, name="scoring_framework"),
    path("<int:pk>/submit/", workflow_views.submit, name="submit"),
    path("<int:pk>/comments/<int:comment_pk>/reply/", workflow_views.comment_reply_view, name="comment_reply"),
    path("setup/", year_setup_views.year_setup_index, name="year_setup_index"),
    path("setup/<int:region_id>/<int:year>/", year_setup_views.year_setup, name="year_setup"),
    path("<int:pk>/comments/<int:comment_pk>/resolve/", workflow_views.comment_resolve_view, name="comment_resolve"),
]
