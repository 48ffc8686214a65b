"""Signing in with a second factor, and one's own account: password and recovery codes (accounts/two_factor.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from django_otp import login as otp_login

from audit.enums import AuditAction
from audit.services import audit_write
from core.forms import apply_service_errors
from core.http import AuthenticatedRequest

from . import two_factor
from .forms import CodeForm, EnrolmentForm
from .middleware import two_factor_exempt
from .models import User


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _verified(request: AuthenticatedRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[attr-defined]  # django_otp.middleware.OTPMiddleware


@two_factor_exempt
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """After the password: a code from the app, or a recovery code."""
    user = request.user
    if not user.needs_two_factor or _verified(request):
        return redirect(_next(request))
    if not two_factor.has_app_device(user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.second_factor_check(user=user, token=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            otp_login(request, device)
            left = two_factor.recovery_codes_left(user)
            if device.name == two_factor.RECOVERY_DEVICE:
                messages.warning(
                    request, f"Code de secours utilisé : il vous en reste {left}. Renouvelez-les depuis « Mon compte »."
                )
            return redirect(_next(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request), "two_factor_step": True}
    )


@two_factor_exempt
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """First login: the app is enrolled (QR code or secret typed in), confirmed by one of its codes; then the
    recovery codes, shown once. Only while the user has no app: otherwise the password alone would let anyone
    replace it."""
    user = request.user
    if not user.needs_two_factor:
        return redirect(_next(request))
    if two_factor.has_app_device(user):
        return redirect("accounts:account" if _verified(request) else "accounts:two_factor_verify")
    device = two_factor.enrolment_device(user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.enrolment_confirm(device=device, token=form.cleaned_data["code"], acting_user=user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            device.refresh_from_db()
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_text(device),
            "next": _next(request),
            "two_factor_step": True,
        },
    )


@require_GET
def account(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "has_app": user.needs_two_factor and two_factor.has_app_device(user),
            "codes_left": two_factor.recovery_codes_left(user) if user.needs_two_factor else 0,
        },
    )


def recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """New recovery codes (the previous ones stop working), shown once."""
    if not request.user.needs_two_factor:
        raise PermissionDenied("La double authentification ne concerne pas votre rôle.")
    if request.method == "POST":  # nothing to fill in: the button is the confirmation (CSRF-checked)
        codes = two_factor.recovery_codes_renew(user=request.user, acting_user=request.user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:account")})
    return render(request, "accounts/recovery_codes_renew.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (old password, new one twice, the password rules), French template; the change is audited."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        assert isinstance(user, User)
        audit_write(actor=user, action=AuditAction.UPDATE, obj=user, detail="mot de passe changé")
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
