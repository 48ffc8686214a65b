from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("connexion/verification/", views.two_factor_verify, name="two_factor_verify"),
    path("connexion/double-authentification/", views.two_factor_setup, name="two_factor_setup"),
    path("compte/", views.account, name="account"),
    path("compte/codes-de-secours/", views.recovery_codes, name="recovery_codes"),
    path("compte/mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("compte/mot-de-passe/modifie/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
