from django.urls import path

from . import views

app_name = "domiciliation"
urlpatterns = [
    path("etablissements/<int:establishment_pk>/", views.index, name="index"),
    path("etablissements/<int:establishment_pk>/expirations/", views.expiring, name="expiring"),
    path("etablissements/<int:establishment_pk>/radiations/", views.radiation, name="radiation"),
    path("etablissements/<int:establishment_pk>/clore-expirees/", views.close_expired, name="close_expired"),
    path("etablissements/<int:establishment_pk>/personnes/<int:person_pk>/", views.person, name="person"),
    path(
        "etablissements/<int:establishment_pk>/personnes/<int:person_pk>/demande/",
        views.request_create,
        name="request",
    ),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/renouveler/", views.renew, name="renew"),
    path("<int:pk>/fin/", views.end, name="end"),
    path("<int:pk>/radier/", views.radiate, name="radiate"),
    path("<int:pk>/courrier/", views.mail_receive, name="mail_receive"),
    path("<int:pk>/attestation.pdf", views.attestation, name="attestation"),
    path("<int:pk>/courrier-de-refus.pdf", views.refusal_letter, name="refusal_letter"),
    path("courrier/<int:pk>/remettre/", views.mail_hand, name="mail_hand"),
    path("courrier/<int:pk>/retourner/", views.mail_return, name="mail_return"),
]
