from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.middleware import two_factor_exempt
from overview.views import home

admin.site.site_header = "Parcours — administration"
admin.site.site_title = "Parcours"

urlpatterns = [
    path("", home, name="home"),
    path("connexion/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("deconnexion/", two_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("", include("accounts.urls")),
    path("", include("overview.urls")),
    path("personnes/", include("dossier.urls")),
    path("personnes/", include("people.urls")),
    path("", include("stays.urls")),
    path("", include("justice.urls")),
    path("", include("events.urls")),
    path("journal/", include("audit.urls")),
    path("import/", include("interchange.urls")),
    path("accompagnement/", include("accompaniment.urls")),
    path("admissions/", include("admissions.urls")),
    path("insertion/", include("employment.urls")),
    path("places/", include("places.urls")),
    path("accueil/", include("reception.urls")),
    path("domiciliation/", include("domiciliation.urls")),
    path("rapports/", include("reports.urls")),
    path("sante/", include("jobs.urls")),
    path("admin/", admin.site.urls),
]
