from django.urls import path

from . import views

app_name = "overview"
urlpatterns = [
    path("etablissements/<int:pk>/", views.establishment, name="establishment"),
    path("places/etablissements/<int:establishment_pk>/", views.board, name="board"),
]
