from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:  # for type checking only: core stays below accounts
    from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request behind LoginRequiredMiddleware: `request.user` is a real user (for type checking views)."""

    user: User


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the one our reverse proxy saw (the last of `X-Forwarded-For`, which the proxy sets or
    appends to) when `PARCOURS_TRUST_PROXY` says a proxy is the only way in, else the connection's `REMOTE_ADDR`.
    Never the header otherwise: without a proxy, any client could write it and pose as any address. Used by the login
    throttling (django-axes, `AXES_CLIENT_IP_CALLABLE`)."""
    if settings.PARCOURS_TRUST_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
