from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
]
