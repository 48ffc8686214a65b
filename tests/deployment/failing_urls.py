from django.urls import include, path


def broken(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", broken), path("", include("config.urls"))]
