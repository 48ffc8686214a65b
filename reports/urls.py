from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/<str:scope>/", views.report, name="report"),
    path("<int:year>/<str:scope>/fichier.<str:fmt>", views.download, name="download"),
    path("<int:year>/<str:scope>/<slug:indicator>/", views.drill, name="drill"),
]
