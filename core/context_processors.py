from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The user's establishments for the navigation bar (head office reaches them all from the home page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.sees_all_establishments:
        return {}
    return {"nav_establishments": user.establishments.order_by("name")}
