from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from establishments.models import Establishment

    establishments = Establishment.objects.all() if user.sees_all_establishments else user.establishments.all()
    return {"nav_establishments": establishments}
