"""Work and training: insertion contracts (CDDI) within a stay and their monthly hours, what a person does over time
(activity periods), AQI cohorts with their candidates and immersions, TIG placements with their sessions, SOA
sessions with their participants and internships. docs/employment.md explains the rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import ExternalRef, choices_check, external_ref_unique
from core.scope import EstablishmentScopedQuerySet
from people.models import PersonLinkedQuerySet

from .enums import (
    PERIOD_ACTIVITIES,
    AbsenceReason,
    CandidateDecision,
    CohortPrescriber,
    ContractEndReason,
    ContractKind,
    SheetStatus,
    SoaOutcome,
    TigOutcome,
)

MAX_WEEKLY_HOURS = 35


def _end_after_start(name: str, *, nullable: bool = True) -> models.CheckConstraint:
    condition = Q(end_date__gte=F("start_date"))
    if nullable:
        condition = Q(end_date__isnull=True) | condition
    return models.CheckConstraint(condition=condition, name=name)


# --- Contracts and hours ----------------------------------------------------------------------------------------


class ContractQuerySet(EstablishmentScopedQuerySet["Contract"]):
    establishment_path = "stay__service__establishment"


class Contract(ExternalRef):
    """An insertion employment contract (CDDI) within a stay of modality `contrat_insertion` or
    `projet_professionnel` (contracts.csv). `end_date` is the planned end, or the actual end once broken off early;
    `planned_end_date` keeps the end signed for. Both days are days of the contract."""

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="contracts", verbose_name="séjour")
    kind = models.CharField("nature", max_length=16, choices=ContractKind.choices)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    planned_end_date = models.DateField("fin prévue au contrat")
    weekly_hours = models.PositiveSmallIntegerField("heures par semaine")
    position = models.CharField("poste", max_length=200, blank=True)
    agreement_reference = models.CharField(
        "PASS IAE ou n° d'agrément", max_length=100, blank=True, help_text="La référence telle qu'elle est écrite."
    )
    end_reason = models.CharField(
        "motif de fin anticipée", max_length=20, choices=ContractEndReason.choices, blank=True
    )
    override_reason = models.TextField("motif du passage outre", blank=True)
    overridden_warnings = models.JSONField("avertissements passés outre", default=list, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="passé outre par",
    )
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat d'insertion (CDDI)"
        verbose_name_plural = "contrats d'insertion (CDDI)"
        ordering = ["start_date", "pk"]
        constraints = [
            external_ref_unique("contract"),
            _end_after_start("contract_end_after_start", nullable=False),
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=1) & Q(weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="contract_weekly_hours_1_35",
            ),
            # ended early exactly when it carries a reason
            models.CheckConstraint(
                condition=Q(end_reason="", end_date=F("planned_end_date"))
                | (~Q(end_reason="") & Q(end_date__lt=F("planned_end_date"))),
                name="contract_early_end_has_reason",
            ),
            choices_check("kind", ContractKind, "contract_kind_valid"),
            choices_check("end_reason", ContractEndReason, "contract_end_reason_valid", allow_blank=True),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"], name="contract_dates_idx")]

    def __str__(self) -> str:
        return f"CDDI du {self.start_date:%d/%m/%Y} au {self.end_date:%d/%m/%Y} ({self.weekly_hours} h/sem.)"

    @property
    def ended_early(self) -> bool:
        return bool(self.end_reason)


class WorkHoursQuerySet(EstablishmentScopedQuerySet["WorkHours"]):
    establishment_path = "contract__stay__service__establishment"


class WorkHours(models.Model):
    """Hours worked under one contract in one month (work_hours.csv), with the month's absences."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="work_hours", verbose_name="contrat")
    month = models.DateField("mois", help_text="Le premier jour du mois.")
    hours = models.DecimalField("heures travaillées", max_digits=6, decimal_places=2)
    absence_hours = models.DecimalField("heures d'absence", max_digits=6, decimal_places=2, default=0)
    absence_reason = models.CharField("motif d'absence", max_length=24, choices=AbsenceReason.choices, blank=True)
    comment = models.CharField("commentaire", max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="saisi par"
    )
    updated_at = models.DateTimeField("saisi le", auto_now=True)

    objects = WorkHoursQuerySet.as_manager()

    class Meta:
        verbose_name = "heures du mois"
        verbose_name_plural = "heures des mois"
        ordering = ["month", "contract"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "month"], name="work_hours_unique_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="work_hours_month_first_day"),
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(absence_hours__gte=0), name="work_hours_positive"),
            models.CheckConstraint(
                condition=Q(absence_hours=0, absence_reason="") | (Q(absence_hours__gt=0) & ~Q(absence_reason="")),
                name="work_hours_absence_has_reason",
            ),
            choices_check("absence_reason", AbsenceReason, "work_hours_absence_reason_valid", allow_blank=True),
        ]

    def __str__(self) -> str:
        return f"{self.hours} h en {self.month:%m/%Y}"


class MonthSheetQuerySet(EstablishmentScopedQuerySet["MonthSheet"]):
    establishment_path = "service__establishment"


class MonthSheet(models.Model):
    """The month's hours of one workshop (service): filled by the supervisor, validated by the head (then read-only
    until the head reopens it). The lines are the `WorkHours` of the service's contracts in force that month."""

    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="month_sheets", verbose_name="atelier"
    )
    month = models.DateField("mois", help_text="Le premier jour du mois.")
    status = models.CharField("état", max_length=12, choices=SheetStatus.choices, default=SheetStatus.BROUILLON)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField("validée le", null=True, blank=True)

    objects = MonthSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "feuille d'heures du mois"
        verbose_name_plural = "feuilles d'heures des mois"
        ordering = ["-month", "service"]
        constraints = [
            models.UniqueConstraint(fields=["service", "month"], name="month_sheet_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="month_sheet_month_first_day"),
            models.CheckConstraint(
                condition=Q(status=SheetStatus.BROUILLON, validated_at__isnull=True)
                | Q(status=SheetStatus.VALIDEE, validated_at__isnull=False),
                name="month_sheet_validated_has_date",
            ),
            choices_check("status", SheetStatus, "month_sheet_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Heures de {self.month:%m/%Y} — {self.service.name}"

    @property
    def is_validated(self) -> bool:
        return self.status == SheetStatus.VALIDEE


# --- What a person does over time -------------------------------------------------------------------------------


class ActivityPeriodQuerySet(PersonLinkedQuerySet["ActivityPeriod"]):
    pass


class ActivityPeriod(ExternalRef):
    """What the person does over a period, outside our contracts (activity_periods.csv): a job with an employer, a
    training, job search… Periods of one person may overlap; an empty end date means ongoing (the end day is a day
    of the period)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="activity_periods", verbose_name="personne"
    )
    activity = models.CharField("activité", max_length=32, choices=PERIOD_ACTIVITIES)
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    employer = models.CharField("employeur ou organisme", max_length=200, blank=True)
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    objects = ActivityPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "période d'activité"
        verbose_name_plural = "périodes d'activité"
        ordering = ["start_date", "pk"]
        constraints = [
            external_ref_unique("activity_period"),
            _end_after_start("activity_period_end_after_start"),
            models.CheckConstraint(
                condition=Q(activity__in=[value for value, _ in PERIOD_ACTIVITIES]), name="activity_period_code_valid"
            ),
        ]
        indexes = [models.Index(fields=["person", "start_date"], name="activity_period_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} depuis le {self.start_date:%d/%m/%Y}"


# --- AQI cohorts ------------------------------------------------------------------------------------------------


class CohortQuerySet(EstablishmentScopedQuerySet["Cohort"]):
    establishment_path = "service__establishment"


class Cohort(ExternalRef):
    """A training cohort (AQI promotion): its site is its service (cohorts.csv)."""

    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="cohorts", verbose_name="service"
    )
    name = models.CharField("nom", max_length=200)
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    exam_date = models.DateField("date d'examen", null=True, blank=True)
    diploma_title = models.CharField("titre préparé", max_length=200, blank=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = "promotion de formation"
        verbose_name_plural = "promotions de formation"
        ordering = ["start_date", "pk"]
        constraints = [
            external_ref_unique("cohort"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="cohort_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CohortCandidateQuerySet(EstablishmentScopedQuerySet["CohortCandidate"]):
    establishment_path = "cohort__service__establishment"


class CohortCandidate(models.Model):
    """A candidacy to a cohort: who sent the person and the recruitment decision. Enrolment (a `CohortMember`)
    follows a candidate retained."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="candidates", verbose_name="promotion")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cohort_candidacies", verbose_name="personne"
    )
    prescriber = models.CharField("prescripteur", max_length=16, choices=CohortPrescriber.choices)
    prescriber_detail = models.CharField("organisme et contact", max_length=200, blank=True)
    received_on = models.DateField("reçue le")
    decision = models.CharField(
        "décision", max_length=12, choices=CandidateDecision.choices, default=CandidateDecision.EN_ATTENTE
    )
    decided_on = models.DateField("décidée le", null=True, blank=True)
    note = models.TextField("observations", blank=True)

    objects = CohortCandidateQuerySet.as_manager()

    class Meta:
        verbose_name = "candidature à une promotion"
        verbose_name_plural = "candidatures aux promotions"
        ordering = ["received_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="cohort_candidate_unique"),
            models.CheckConstraint(
                condition=Q(decision=CandidateDecision.EN_ATTENTE, decided_on__isnull=True)
                | (~Q(decision=CandidateDecision.EN_ATTENTE) & Q(decided_on__gte=F("received_on"))),
                name="cohort_candidate_decided_on",
            ),
            choices_check("prescriber", CohortPrescriber, "cohort_candidate_prescriber_valid"),
            choices_check("decision", CandidateDecision, "cohort_candidate_decision_valid"),
        ]

    def __str__(self) -> str:
        return f"Candidature de {self.person} — {self.cohort}"


class CohortMemberQuerySet(EstablishmentScopedQuerySet["CohortMember"]):
    establishment_path = "cohort__service__establishment"


class CohortMember(models.Model):
    """A trainee of a cohort (cohort_members.csv). Enrolled in the application, the member has the stay (and its
    CDDI) opened by the enrolment; imported members may have none."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members", verbose_name="promotion")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cohort_memberships", verbose_name="personne"
    )
    sat_exam = models.BooleanField("s'est présenté à l'examen", default=False)
    graduated = models.BooleanField("diplômé", default=False)
    stay = models.OneToOneField(
        "stays.Stay",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohort_membership",
        verbose_name="séjour (parcours de formation)",
    )
    candidate = models.OneToOneField(
        CohortCandidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member",
        verbose_name="candidature",
    )

    objects = CohortMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "membre de promotion"
        constraints = [models.UniqueConstraint(fields=["cohort", "person"], name="cohort_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} — {self.cohort}"


class CompanyImmersionQuerySet(EstablishmentScopedQuerySet["CompanyImmersion"]):
    establishment_path = "member__cohort__service__establishment"


class CompanyImmersion(models.Model):
    """A period of professional practice in a company, with its volunteer tutor."""

    member = models.ForeignKey(
        CohortMember, on_delete=models.PROTECT, related_name="immersions", verbose_name="stagiaire"
    )
    company = models.CharField("entreprise", max_length=200)
    tutor = models.CharField("tuteur", max_length=200, blank=True)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")

    objects = CompanyImmersionQuerySet.as_manager()

    class Meta:
        verbose_name = "immersion en entreprise"
        verbose_name_plural = "immersions en entreprise"
        ordering = ["start_date", "pk"]
        constraints = [_end_after_start("company_immersion_end_after_start", nullable=False)]

    def __str__(self) -> str:
        return f"{self.company} du {self.start_date:%d/%m/%Y} au {self.end_date:%d/%m/%Y}"


# --- TIG hosting ------------------------------------------------------------------------------------------------


class TigPlacementQuerySet(EstablishmentScopedQuerySet["TigPlacement"]):
    establishment_path = "service__establishment"


class TigPlacement(ExternalRef):
    """Community-service (TIG) hours hosted by a service, sent by the SPIP (tig_placements.csv). `hours_done` is
    the sum of the sessions' hours once sessions are recorded (the services keep it so); a row imported without
    sessions keeps the hours it came with."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="tig_placements", verbose_name="personne"
    )
    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="tig_placements", verbose_name="service"
    )
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    hours_ordered = models.PositiveIntegerField("heures prononcées", null=True, blank=True)
    hours_done = models.PositiveIntegerField("heures effectuées", default=0)
    hired_after = models.BooleanField("embauché ensuite", default=False)
    deadline = models.DateField("date limite d'exécution", null=True, blank=True)
    tutor = models.CharField("tuteur", max_length=200, blank=True)
    spip = models.CharField("SPIP", max_length=200, blank=True)
    outcome = models.CharField("issue", max_length=12, choices=TigOutcome.choices, blank=True)
    hired_stay = models.OneToOneField(
        "stays.Stay",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hired_from_tig",
        verbose_name="parcours d'insertion ouvert ensuite",
    )

    objects = TigPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "accueil de TIG"
        verbose_name_plural = "accueils de TIG"
        ordering = ["start_date", "pk"]
        constraints = [
            external_ref_unique("tig_placement"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="tig_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("start_date")), name="tig_deadline_after_start"
            ),
            choices_check("outcome", TigOutcome, "tig_outcome_valid", allow_blank=True),
        ]

    def __str__(self) -> str:
        return f"TIG de {self.person} ({self.start_date:%d/%m/%Y})"

    @property
    def hours_remaining(self) -> int | None:
        if self.hours_ordered is None:
            return None
        return max(self.hours_ordered - self.hours_done, 0)


class TigSessionQuerySet(EstablishmentScopedQuerySet["TigSession"]):
    establishment_path = "placement__service__establishment"


class TigSession(models.Model):
    """A day of work under a TIG placement, with the hours done that day."""

    placement = models.ForeignKey(TigPlacement, on_delete=models.PROTECT, related_name="sessions", verbose_name="TIG")
    date = models.DateField("date")
    hours = models.PositiveSmallIntegerField("heures effectuées")
    activity = models.CharField("travail effectué", max_length=200, blank=True)

    objects = TigSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "séance de TIG"
        verbose_name_plural = "séances de TIG"
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "date"], name="tig_session_one_per_day"),
            models.CheckConstraint(condition=Q(hours__gte=1) & Q(hours__lte=10), name="tig_session_hours_1_10"),
        ]

    def __str__(self) -> str:
        return f"{self.hours} h le {self.date:%d/%m/%Y}"


class TigAbsenceQuerySet(EstablishmentScopedQuerySet["TigAbsence"]):
    establishment_path = "placement__service__establishment"


class TigAbsence(models.Model):
    """An absence at a TIG session: the incident (places.Incident, kind `absence_tig`) that tells when the SPIP was
    informed, tied to its placement."""

    placement = models.ForeignKey(TigPlacement, on_delete=models.PROTECT, related_name="absences", verbose_name="TIG")
    incident = models.OneToOneField(
        "places.Incident", on_delete=models.PROTECT, related_name="tig_absence", verbose_name="incident"
    )

    objects = TigAbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = "absence à un TIG"
        verbose_name_plural = "absences aux TIG"

    def __str__(self) -> str:
        return f"Absence — {self.placement}"


# --- SOA sessions -----------------------------------------------------------------------------------------------


class SoaSessionQuerySet(EstablishmentScopedQuerySet["SoaSession"]):
    establishment_path = "service__establishment"


class SoaSession(models.Model):
    """A two-month career-project session (session d'orientation approfondie)."""

    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="soa_sessions", verbose_name="service"
    )
    name = models.CharField("nom", max_length=200)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")

    objects = SoaSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "session d'orientation approfondie"
        verbose_name_plural = "sessions d'orientation approfondie"
        ordering = ["-start_date", "pk"]
        constraints = [_end_after_start("soa_session_end_after_start", nullable=False)]

    def __str__(self) -> str:
        return self.name


class SoaParticipantQuerySet(EstablishmentScopedQuerySet["SoaParticipant"]):
    establishment_path = "session__service__establishment"


class SoaParticipant(models.Model):
    """A participant of a SOA session: enrolment opens their stay in the SOA service; completion closes it."""

    session = models.ForeignKey(
        SoaSession, on_delete=models.PROTECT, related_name="participants", verbose_name="session"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="soa_participations", verbose_name="personne"
    )
    stay = models.OneToOneField(
        "stays.Stay", on_delete=models.PROTECT, related_name="soa_participation", verbose_name="séjour"
    )
    outcome = models.CharField("issue", max_length=20, choices=SoaOutcome.choices, default=SoaOutcome.EN_COURS)
    project_validated = models.BooleanField("projet professionnel validé", default=False)
    project = models.CharField("projet professionnel (métier visé)", max_length=200, blank=True)
    follow_up = models.BooleanField("suivi de 6 mois accepté", default=False)

    objects = SoaParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "participant à une SOA"
        verbose_name_plural = "participants aux SOA"
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="soa_participant_unique"),
            choices_check("outcome", SoaOutcome, "soa_participant_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}"


class SoaInternshipQuerySet(EstablishmentScopedQuerySet["SoaInternship"]):
    establishment_path = "participant__session__service__establishment"


class SoaInternship(models.Model):
    """A field internship of a SOA participant (two of one week each, usually)."""

    participant = models.ForeignKey(
        SoaParticipant, on_delete=models.PROTECT, related_name="internships", verbose_name="participant"
    )
    company = models.CharField("entreprise", max_length=200)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")

    objects = SoaInternshipQuerySet.as_manager()

    class Meta:
        verbose_name = "stage de SOA"
        verbose_name_plural = "stages de SOA"
        ordering = ["start_date", "pk"]
        constraints = [_end_after_start("soa_internship_end_after_start", nullable=False)]

    def __str__(self) -> str:
        return f"Stage chez {self.company} du {self.start_date:%d/%m/%Y} au {self.end_date:%d/%m/%Y}"
