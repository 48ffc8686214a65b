from django.urls import path

from . import views

app_name = "interchange"
urlpatterns = [
    path("", views.import_view, name="import"),
    path("taches/<int:pk>/", views.job_view, name="job"),
]
