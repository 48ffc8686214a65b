"""Legal documents of a stay and their deadlines, derived from the stays (pure functions, nothing stored).

- Welcome booklet ("livret d'accueil"): handed over on admission (due the day of entry).
- A stay planned beyond two months: contract of stay ("contrat de séjour"), handed within 15 days of admission,
  signed within one month. Otherwise: individual care document ("document individuel de prise en charge", DIPC),
  same deadlines.
- Planned length: the `StayTerms.planned_end_date` recorded at admission; when none is recorded, emergency-only
  schemes (emergency shelter, night shelter, day reception) are taken as short stays, every other scheme as longer
  than two months.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from establishments.enums import EMERGENCY_ONLY_MODALITIES
from stays.models import Stay, StayQuerySet

from .enums import StayDocumentKind
from .models import StayDocument, StayTerms

HAND_OVER_DAYS = 15


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def planned_beyond_two_months(stay: Stay, terms: StayTerms | None) -> bool:
    if terms is not None and terms.planned_end_date is not None:
        return terms.planned_end_date > add_months(stay.start_date, 2)
    return stay.service.modality not in EMERGENCY_ONLY_MODALITIES


@dataclass(frozen=True)
class Expected:
    kind: str
    hand_due: datetime.date
    sign_due: datetime.date | None  # the booklet is handed over, not signed

    @property
    def label(self) -> str:
        return StayDocumentKind(self.kind).label


def expected_documents(stay: Stay, terms: StayTerms | None = None) -> list[Expected]:
    contract = StayDocumentKind.CONTRAT_SEJOUR if planned_beyond_two_months(stay, terms) else StayDocumentKind.DIPC
    return [
        Expected(StayDocumentKind.LIVRET_ACCUEIL, stay.start_date, None),
        Expected(contract, stay.start_date + datetime.timedelta(days=HAND_OVER_DAYS), add_months(stay.start_date, 1)),
    ]


@dataclass(frozen=True)
class DocumentStatus:
    stay: Stay
    expected: Expected
    document: StayDocument | None
    today: datetime.date

    @property
    def overdue_hand(self) -> bool:
        return (self.document is None or self.document.handed_on is None) and self.today > self.expected.hand_due

    @property
    def overdue_sign(self) -> bool:
        if self.expected.sign_due is None:
            return False
        return (self.document is None or self.document.signed_on is None) and self.today > self.expected.sign_due

    @property
    def overdue(self) -> bool:
        return self.overdue_hand or self.overdue_sign

    @property
    def what(self) -> str:
        parts = []
        if self.overdue_hand:
            parts.append(f"remise attendue au plus tard le {self.expected.hand_due:%d/%m/%Y}")
        if self.overdue_sign:
            parts.append(f"signature attendue au plus tard le {self.expected.sign_due:%d/%m/%Y}")
        return " ; ".join(parts)


def document_statuses(stays: QuerySet[Stay], *, today: datetime.date) -> list[DocumentStatus]:
    """Every expected document of the given stays, with what was recorded."""
    rows = list(stays.select_related("person__referent", "service__establishment"))
    ids = [s.pk for s in rows]
    terms = {t.stay_id: t for t in StayTerms.objects.filter(stay_id__in=ids)}
    documents = {(d.stay_id, d.kind): d for d in StayDocument.objects.filter(stay_id__in=ids)}
    result = []
    for stay in rows:
        for expected in expected_documents(stay, terms.get(stay.pk)):
            result.append(DocumentStatus(stay, expected, documents.get((stay.pk, expected.kind)), today))
    return result


def overdue_documents(stays: StayQuerySet, *, today: datetime.date) -> list[DocumentStatus]:
    """Documents overdue for the ongoing stays among `stays`, oldest deadline first."""
    ongoing = stays.ongoing_on(today)
    overdue = [s for s in document_statuses(ongoing, today=today) if s.overdue]
    return sorted(overdue, key=lambda s: (s.expected.hand_due, s.stay.pk))
