from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/<str:scope>/", views.report, name="report"),
    path("<int:year>/<str:scope>/fichier.<str:fmt>", views.download, name="download"),
    path("<int:year>/<str:scope>/preparer.<str:fmt>", views.prepare, name="prepare"),
    path("fichiers/<int:pk>/", views.job_view, name="job"),
    path("fichiers/<int:pk>/telecharger/", views.job_download, name="job_download"),
    path("<int:year>/<str:scope>/<slug:indicator>/", views.drill, name="drill"),
]
