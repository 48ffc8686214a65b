from django.urls import path

from . import views

app_name = "dossier"
urlpatterns = [
    path("<int:pk>/", views.person, name="person"),
]
