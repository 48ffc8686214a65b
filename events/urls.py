from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("personnes/<int:person_pk>/evenements/nouveau/", views.create, name="create"),
    path("etablissements/<int:establishment_pk>/repas/", views.meals, name="meals"),
]
