from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.home, name="list"),
    path("start/", views.start, name="start"),
    path("<int:pk>/fill/", views.fill, name="fill"),
    path("<int:pk>/sections/<slug:slug>/", views.section, name="section"),
]
