from django.urls import path

from . import views

app_name = "stays"
urlpatterns = [
    path("personnes/<int:person_pk>/sejours/nouveau/", views.open_stay, name="open"),
    path("sejours/<int:pk>/cloturer/", views.close_stay, name="close"),
    path("sejours/<int:pk>/transferer/", views.transfer_stay, name="transfer"),
]
