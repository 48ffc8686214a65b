from django.urls import path

from . import views

app_name = "stays"
urlpatterns = [
    path("sejours/<int:pk>/cloturer/", views.close_stay, name="close"),
]
