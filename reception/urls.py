from django.urls import path

from . import views

app_name = "reception"
urlpatterns = [
    path("etablissements/<int:establishment_pk>/", views.desk, name="desk"),
    path("etablissements/<int:establishment_pk>/saisie/", views.tap, name="tap"),
    path("saisies/<int:pk>/annuler/", views.undo, name="undo"),
    path("etablissements/<int:establishment_pk>/nouvelle-personne/", views.new_person, name="new_person"),
    path("etablissements/<int:establishment_pk>/casiers/", views.lockers, name="lockers"),
    path(
        "etablissements/<int:establishment_pk>/personnes/<int:person_pk>/casier/",
        views.locker_assign,
        name="locker_assign",
    ),
    path("casiers/attributions/<int:pk>/liberer/", views.locker_release, name="locker_release"),
]
