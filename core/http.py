from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:  # for type checking only: core stays below accounts
    from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request behind LoginRequiredMiddleware: `request.user` is a real user (for type checking views)."""

    user: User
