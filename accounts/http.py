from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    """A request behind LoginRequiredMiddleware: `request.user` is a real user (for type checking views)."""

    user: User
