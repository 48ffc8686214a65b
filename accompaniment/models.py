"""The daily accompaniment: personalised project, steps, appointments, workshops, notes, referents, documents."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from core.models import choices_check
from core.scope import EstablishmentScopedQuerySet, establishment_scope, is_signed_in
from people.models import Person, PersonLinkedQuerySet

from .enums import (
    Attendance,
    Confidentiality,
    LifeDomain,
    ObjectiveStatus,
    Partner,
    PersonDocumentKind,
    ReminderChannel,
    ReviewKind,
    SessionAttendance,
    StayDocumentKind,
    StepKind,
    StepStatus,
    WorkshopTheme,
)

USER = settings.AUTH_USER_MODEL


# --- Personalised project ------------------------------------------------------------------------------------------


class StayTermsQuerySet(EstablishmentScopedQuerySet["StayTerms"]):
    establishment_path = "stay__service__establishment"


class StayTerms(models.Model):
    """What was agreed at admission about the stay's planned length: decides contract of stay vs. DIPC."""

    stay = models.OneToOneField("stays.Stay", on_delete=models.PROTECT, related_name="terms", verbose_name="séjour")
    planned_end_date = models.DateField("fin prévue", null=True, blank=True)

    objects = StayTermsQuerySet.as_manager()

    class Meta:
        verbose_name = "durée prévue du séjour"

    def __str__(self) -> str:
        return f"Fin prévue du séjour {self.stay_id}"


class StayDocumentQuerySet(EstablishmentScopedQuerySet["StayDocument"]):
    establishment_path = "stay__service__establishment"


class StayDocument(models.Model):
    """A legal document of the stay (welcome booklet, contract of stay, DIPC): when handed over and signed."""

    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="documents", verbose_name="séjour")
    kind = models.CharField("document", max_length=32, choices=StayDocumentKind.choices)
    handed_on = models.DateField("remis le", null=True, blank=True)
    signed_on = models.DateField("signé le", null=True, blank=True)
    scan_path = models.CharField("scan signé (chemin)", max_length=300, blank=True, editable=False)
    scan_content_type = models.CharField("type du scan", max_length=64, blank=True, editable=False)

    objects = StayDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document du séjour"
        constraints = [
            models.UniqueConstraint(fields=["stay", "kind"], name="stay_document_unique"),
            choices_check("kind", StayDocumentKind, "stay_document_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — séjour {self.stay_id}"


class DiagnosisEntryQuerySet(PersonLinkedQuerySet["DiagnosisEntry"]):
    pass


class DiagnosisEntry(models.Model):
    """The diagnosis of one life domain: the person's own words and the worker's assessment (one current entry)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="diagnosis", verbose_name="personne"
    )
    domain = models.CharField("domaine", max_length=32, choices=LifeDomain.choices)
    person_words = models.TextField("les mots de la personne", blank=True)
    assessment = models.TextField("l'évaluation du travailleur social", blank=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="mis à jour par")
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = DiagnosisEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "diagnostic par domaine"
        constraints = [
            models.UniqueConstraint(fields=["person", "domain"], name="diagnosis_unique_domain"),
            choices_check("domain", LifeDomain, "diagnosis_domain_valid"),
        ]

    def __str__(self) -> str:
        return f"Diagnostic : {self.get_domain_display()}"


class ObjectiveQuerySet(PersonLinkedQuerySet["Objective"]):
    pass


class Objective(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="objectives", verbose_name="personne"
    )
    title = models.CharField("objectif", max_length=300)
    domain = models.CharField("domaine", max_length=32, choices=LifeDomain.choices, blank=True)
    agreed_on = models.DateField("convenu le")
    review_date = models.DateField("date de révision", null=True, blank=True)
    status = models.CharField(
        "statut", max_length=16, choices=ObjectiveStatus.choices, default=ObjectiveStatus.EN_COURS
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par")

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        verbose_name = "objectif"
        ordering = ["agreed_on", "pk"]
        constraints = [
            choices_check("status", ObjectiveStatus, "objective_status_valid"),
            choices_check("domain", LifeDomain, "objective_domain_valid", allow_blank=True),
        ]

    def __str__(self) -> str:
        return self.title


class ObjectiveActionQuerySet(PersonLinkedQuerySet["ObjectiveAction"]):
    person_path = "objective__person"


class ObjectiveAction(models.Model):
    """Who does what by when, to reach an objective."""

    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions", verbose_name="objectif")
    description = models.CharField("action", max_length=300)
    who = models.CharField("qui", max_length=150, help_text="La personne, le référent, un partenaire…")
    due_date = models.DateField("pour le")
    done_on = models.DateField("faite le", null=True, blank=True)

    objects = ObjectiveActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description


class ProjectReviewQuerySet(PersonLinkedQuerySet["ProjectReview"]):
    pass


class ProjectReview(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="reviews", verbose_name="personne"
    )
    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="séjour"
    )
    kind = models.CharField("bilan", max_length=16, choices=ReviewKind.choices)
    date = models.DateField("date")
    summary = models.TextField("contenu du bilan")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="auteur")

    objects = ProjectReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "bilan"
        ordering = ["date", "pk"]
        constraints = [choices_check("kind", ReviewKind, "review_kind_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.date:%d/%m/%Y}"


# --- Steps and rights ----------------------------------------------------------------------------------------------


class StepQuerySet(PersonLinkedQuerySet["Step"]):
    pass


class Step(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="steps", verbose_name="personne")
    kind = models.CharField("démarche", max_length=32, choices=StepKind.choices)
    status = models.CharField("statut", max_length=16, choices=StepStatus.choices, default=StepStatus.A_FAIRE)
    status_date = models.DateField("date du statut")
    due_date = models.DateField("échéance", null=True, blank=True)
    comment = models.CharField("commentaire", max_length=300, blank=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = "démarche"
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="step_unique_kind"),
            choices_check("kind", StepKind, "step_kind_valid"),
            choices_check("status", StepStatus, "step_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.get_status_display()}"


# --- Appointments, reminders, workshops ----------------------------------------------------------------------------


class AppointmentQuerySet(PersonLinkedQuerySet["Appointment"]):
    pass


class Appointment(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="appointments", verbose_name="personne"
    )
    worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="appointments", verbose_name="intervenant")
    service = models.ForeignKey(
        "establishments.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="service",
        help_text="Le service du séjour en cours : l'entretien honoré y est compté.",
    )
    starts_at = models.DateTimeField("date et heure")
    duration_minutes = models.PositiveIntegerField("durée (minutes)", default=60)
    partner = models.CharField("partenaire", max_length=32, choices=Partner.choices, blank=True)
    place = models.CharField("lieu", max_length=200)
    purpose = models.CharField("objet", max_length=300)
    attendance = models.CharField("présence", max_length=16, choices=Attendance.choices, default=Attendance.PREVU)
    reminder_channel = models.CharField("rappel", max_length=8, choices=ReminderChannel.choices, blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="entretien compté",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["starts_at", "pk"]
        constraints = [
            choices_check("partner", Partner, "appointment_partner_valid", allow_blank=True),
            choices_check("attendance", Attendance, "appointment_attendance_valid"),
            choices_check("reminder_channel", ReminderChannel, "appointment_reminder_valid", allow_blank=True),
        ]
        indexes = [models.Index(fields=["worker", "starts_at"], name="appointment_worker_idx")]

    def __str__(self) -> str:
        return f"Rendez-vous du {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M} : {self.purpose}"


class ContactPreferenceQuerySet(PersonLinkedQuerySet["ContactPreference"]):
    pass


class ContactPreference(models.Model):
    """How the person agreed to be reminded of appointments."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="contact_preference", verbose_name="personne"
    )
    phone = models.CharField("téléphone portable", max_length=32, blank=True)
    email = models.EmailField("courriel", blank=True)
    consent = models.BooleanField("accepte les rappels", default=False)
    consent_on = models.DateField("consentement recueilli le", null=True, blank=True)

    objects = ContactPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = "coordonnées et consentement"

    def __str__(self) -> str:
        return f"Coordonnées de la personne {self.person_id}"


class ReminderTemplateQuerySet(EstablishmentScopedQuerySet["ReminderTemplate"]):
    establishment_path = "establishment"


class ReminderTemplate(models.Model):
    establishment = models.OneToOneField(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="+", verbose_name="établissement"
    )
    text = models.TextField("texte du rappel")

    objects = ReminderTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = "texte de rappel"

    def __str__(self) -> str:
        return f"Texte de rappel ({self.establishment_id})"


class SentReminderQuerySet(PersonLinkedQuerySet["SentReminder"]):
    person_path = "appointment__person"


class SentReminder(models.Model):
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="reminders", verbose_name="rendez-vous"
    )
    channel = models.CharField("canal", max_length=8, choices=ReminderChannel.choices)
    recipient = models.CharField("destinataire", max_length=254)
    text = models.TextField("message")
    gateway = models.CharField("passerelle", max_length=200)
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True)

    objects = SentReminderQuerySet.as_manager()

    class Meta:
        verbose_name = "rappel envoyé"
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"Rappel {self.get_channel_display()} à {self.recipient}"


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def visible_to(self, user: User | AnonymousUser) -> CalendarFeedQuerySet:
        """A worker's calendar token is theirs alone."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(user=user)


class CalendarFeed(models.Model):
    """The secret token of a worker's iCalendar feed URL."""

    user = models.OneToOneField(
        USER, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name="utilisateur"
    )
    token = models.CharField("jeton", max_length=64, unique=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = "flux d'agenda"

    def __str__(self) -> str:
        return f"Agenda de {self.user}"


class WorkshopQuerySet(EstablishmentScopedQuerySet["Workshop"]):
    establishment_path = "service__establishment"


class Workshop(models.Model):
    service = models.ForeignKey(
        "establishments.Service", on_delete=models.PROTECT, related_name="workshops", verbose_name="service"
    )
    theme = models.CharField("thème", max_length=32, choices=WorkshopTheme.choices)
    title = models.CharField("intitulé", max_length=200)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = "atelier collectif"
        verbose_name_plural = "ateliers collectifs"
        ordering = ["title", "pk"]
        constraints = [choices_check("theme", WorkshopTheme, "workshop_theme_valid")]

    def __str__(self) -> str:
        return self.title


class WorkshopSessionQuerySet(EstablishmentScopedQuerySet["WorkshopSession"]):
    establishment_path = "workshop__service__establishment"


class WorkshopSession(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="sessions", verbose_name="atelier")
    date = models.DateField("date")
    place = models.CharField("lieu", max_length=200, blank=True)

    objects = WorkshopSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "séance"
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.workshop} — {self.date:%d/%m/%Y}"


class RegistrationQuerySet(EstablishmentScopedQuerySet["Registration"]):
    establishment_path = "session__workshop__service__establishment"


class Registration(models.Model):
    session = models.ForeignKey(
        WorkshopSession, on_delete=models.PROTECT, related_name="registrations", verbose_name="séance"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="workshop_registrations", verbose_name="personne"
    )
    attendance = models.CharField(
        "présence", max_length=16, choices=SessionAttendance.choices, default=SessionAttendance.INSCRIT
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="atelier compté"
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        ordering = ["session__date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="registration_unique"),
            choices_check("attendance", SessionAttendance, "registration_attendance_valid"),
        ]

    def __str__(self) -> str:
        return f"Inscription de {self.person_id} à {self.session}"


# --- Notes, referents, hand-overs ----------------------------------------------------------------------------------


class NoteQuerySet(models.QuerySet["Note"]):
    def visible_to(self, user: User | AnonymousUser) -> NoteQuerySet:
        """Team notes: the establishment's team; author-only: the author; health: health-granted users of the team.
        The reception role sees no notes."""
        if not is_signed_in(user) or not user.sees_accompaniment:
            return self.none()
        team = establishment_scope(user, "establishment")
        visible = (Q(confidentiality=Confidentiality.EQUIPE) & team) | Q(
            confidentiality=Confidentiality.AUTEUR, author=user
        )
        if user.sees_health:
            visible |= Q(confidentiality=Confidentiality.SANTE) & team
        return self.filter(visible)


class Note(models.Model):
    """A note on the person's timeline: never deleted; its text lives in versions (corrections keep the history)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="notes", verbose_name="personne")
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="+", verbose_name="équipe"
    )
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="auteur")
    confidentiality = models.CharField(
        "confidentialité", max_length=16, choices=Confidentiality.choices, default=Confidentiality.EQUIPE
    )
    date = models.DateField("date")
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = "note"
        ordering = ["-date", "-pk"]
        constraints = [choices_check("confidentiality", Confidentiality, "note_confidentiality_valid")]

    def __str__(self) -> str:
        return f"Note du {self.date:%d/%m/%Y}"

    @property
    def current(self) -> NoteVersion:
        return max(self.versions.all(), key=lambda v: v.number)


class NoteVersionQuerySet(models.QuerySet["NoteVersion"]):
    def visible_to(self, user: User | AnonymousUser) -> NoteVersionQuerySet:
        return self.filter(note__in=Note.objects.visible_to(user))


class NoteVersion(models.Model):
    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="versions", verbose_name="note")
    number = models.PositiveIntegerField("version")
    text = models.TextField("texte")
    reason = models.CharField("motif de la correction", max_length=300, blank=True)
    written_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="écrite par")
    written_at = models.DateTimeField("écrite le", auto_now_add=True)

    objects = NoteVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "version de note"
        ordering = ["note", "number"]
        constraints = [models.UniqueConstraint(fields=["note", "number"], name="note_version_unique")]

    def __str__(self) -> str:
        return f"Version {self.number}"


class CoReferentQuerySet(PersonLinkedQuerySet["CoReferent"]):
    pass


class CoReferent(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="co_referents", verbose_name="personne"
    )
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="co_referred", verbose_name="co-référent")
    since = models.DateField("depuis")

    objects = CoReferentQuerySet.as_manager()

    class Meta:
        verbose_name = "co-référent"
        constraints = [models.UniqueConstraint(fields=["person", "user"], name="co_referent_unique")]

    def __str__(self) -> str:
        return str(self.user)


class HandoverQuerySet(models.QuerySet["Handover"]):
    def visible_to(self, user: User | AnonymousUser) -> HandoverQuerySet:
        """Seen by whoever sees the person, and by the new referent even before the person is admitted to their
        establishment."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(Q(person__in=Person.objects.visible_to(user)) | Q(to_user=user.pk))


class Handover(models.Model):
    """Handing the person over to another referent (and possibly establishment): the summary the next one reads."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="handovers", verbose_name="personne"
    )
    from_user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="référent sortant")
    to_user = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="handovers_received", verbose_name="nouveau référent"
    )
    to_establishment = models.ForeignKey(
        "establishments.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="établissement d'accueil",
    )
    message = models.TextField("mot du référent sortant", blank=True)
    summary = models.JSONField("synthèse", default=dict)
    created_at = models.DateTimeField("passé le", auto_now_add=True)
    acknowledged_at = models.DateTimeField("pris en compte le", null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = "passage de relais"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Passage de relais vers {self.to_user}"


# --- Documents -----------------------------------------------------------------------------------------------------


class PersonDocumentQuerySet(PersonLinkedQuerySet["PersonDocument"]):
    pass


class PersonDocument(models.Model):
    """A scanned document of the person, stored outside the web root (core/uploads.py)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="documents", verbose_name="personne"
    )
    kind = models.CharField("type", max_length=32, choices=PersonDocumentKind.choices)
    title = models.CharField("intitulé", max_length=200, blank=True)
    expires_on = models.DateField("date d'expiration", null=True, blank=True)
    path = models.CharField("chemin", max_length=300, editable=False)
    content_type = models.CharField("type de fichier", max_length=64, editable=False)
    original_name = models.CharField("nom d'origine", max_length=255, editable=False)
    size = models.PositiveIntegerField("taille (octets)", editable=False)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="déposé par")
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    objects = PersonDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document de la personne"
        ordering = ["-uploaded_at", "-pk"]
        constraints = [choices_check("kind", PersonDocumentKind, "person_document_kind_valid")]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()
