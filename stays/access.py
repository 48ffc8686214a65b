from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import Stay


def stay_for_user(user: User, pk: int, *, write: bool = False, ongoing: bool = False) -> Stay:
    """404 outside the user's scope; 403 for a read-only role, or (ongoing=True) for a stay already closed."""
    stay = get_object_or_404(Stay.objects.visible_to(user).select_related("person", "service__establishment"), pk=pk)
    if write and not user.writes_records:
        raise PermissionDenied("Votre rôle ne permet pas de modifier les séjours.")
    if ongoing and stay.end_date is not None:
        raise PermissionDenied("Ce séjour est déjà clôturé.")
    return stay
