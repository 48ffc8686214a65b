"""The links of an establishment's page to its work and training pages, where it has such services (the page, in
`overview`, asks; this app answers)."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from establishments.enums import Modality
from establishments.models import Establishment

from .enums import CONTRACT_MODALITIES


def establishment_links(establishment: Establishment, user: User) -> list[tuple[str, str]]:
    """(label, url): the workshop board, month sheets and cohorts where the establishment has services that take
    contracts; SOA sessions where it has a career-project service; TIG hosting everywhere (any establishment may
    host a TIG under its agreement with the SPIP). Nothing for the reception role."""
    if user.is_reception:
        return []
    modalities = set(establishment.services.values_list("modality", flat=True))
    links: list[tuple[str, str]] = []
    if modalities & CONTRACT_MODALITIES:
        links += [
            ("Tableau des ateliers", reverse("employment:board", args=[establishment.pk])),
            ("Feuilles d'heures", reverse("employment:sheets", args=[establishment.pk])),
            ("Promotions (AQI)", reverse("employment:cohorts", args=[establishment.pk])),
        ]
    if Modality.PROJET_PROFESSIONNEL in modalities:
        links.append(("Sessions d'orientation (SOA)", reverse("employment:soa_sessions", args=[establishment.pk])))
    if user.sees_justice:
        links.append(("TIG accueillis", reverse("employment:tig_list", args=[establishment.pk])))
    return links
