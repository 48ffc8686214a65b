"""Sessions of users who need a second factor reach nothing but the two-factor pages until they pass it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from core.scope import is_signed_in

V = TypeVar("V", bound=Callable[..., Any])


def two_factor_exempt(view: V) -> V:
    """A page a signed-in session may reach before its second factor: the two-factor pages and logout."""
    view.two_factor_exempt = True  # type: ignore[attr-defined]
    return view


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware (`request.user.is_verified()`) and Django's LoginRequiredMiddleware: a user
    with `needs_two_factor` whose session has not passed the second factor is sent to the verification page (or to
    the enrolment, on first login), whatever the page asked, GET or POST. Public pages (`login_not_required`: the
    login page, the health check, the calendar feed with its token) are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True) or getattr(view_func, "two_factor_exempt", False):
            return None
        user = request.user
        if not is_signed_in(user) or not user.needs_two_factor or user.is_verified():  # type: ignore[attr-defined]
            return None
        from .two_factor import has_app_device

        target = reverse("accounts:two_factor_verify" if has_app_device(user) else "accounts:two_factor_setup")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
