from django.urls import path

from . import views

app_name = "justice"
urlpatterns = [
    path("personnes/<int:person_pk>/mesures/nouvelle/", views.create, name="create"),
    path("mesures/<int:pk>/terminer/", views.end, name="end"),
]
