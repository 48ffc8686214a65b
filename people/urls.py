from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("nouvelle/", views.create, name="create"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/vulnerabilites/nouvelle/", views.vulnerability_create, name="vulnerability_create"),
]
