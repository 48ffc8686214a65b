from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("etablissements/<int:establishment_pk>/appel/", views.rollcall, name="rollcall"),
    path("etablissements/<int:establishment_pk>/accueil-direct/", views.walkin, name="walkin"),
    path("etablissements/<int:establishment_pk>/occupation/", views.occupancy, name="occupancy"),
    path("personnes/<int:person_pk>/absence/", views.absence, name="absence"),
    path("incidents/<int:pk>/", views.incident_edit, name="incident"),
    path("mesures/<int:measure_pk>/obligations/", views.conditions, name="conditions"),
]
urlpatterns += [
    path("etablissements/<int:establishment_pk>/unites/", views.units, name="units"),
    path("sejours/<int:stay_pk>/place/", views.placement, name="placement"),
    path("personnes/<int:person_pk>/admettre/", views.stay_open, name="stay_open"),
    path("sejours/<int:pk>/transferer/", views.stay_transfer, name="stay_transfer"),
]
