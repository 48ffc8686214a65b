from django.urls import path

from . import views

app_name = "admissions"
urlpatterns = [
    path("etablissements/<int:establishment_pk>/", views.index, name="index"),
    path("etablissements/<int:establishment_pk>/nouvelle/", views.create, name="create"),
    path("etablissements/<int:establishment_pk>/rencontre/", views.contact_create, name="contact_create"),
    path("etablissements/<int:establishment_pk>/commission/", views.commission, name="commission"),
    path("demandes/<int:pk>/", views.detail, name="detail"),
    path("demandes/<int:pk>/admettre/", views.admit, name="admit"),
    path("demandes/<int:pk>/suite/", views.close, name="close"),
    path("demandes/<int:pk>/courrier.pdf", views.letter, name="letter"),
    path("pieces/<int:pk>/", views.document, name="document"),
]
