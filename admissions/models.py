"""Admissions: who gets in. A resident of the agglomeration applies with no account, books an
information session, is assessed on a grid and admitted, put on the waiting list or not admitted.

``Application.TRANSITIONS`` is the one table of moves (name → ``Transition(sources, target, roles)``, the
shape of every state machine's table, ``backend.core.transitions``);
every move writes an ``ApplicationTransition`` row in the same transaction. The candidate reaches her
application through a private link: the token is shown once (e-mail, confirmation page) and kept as
its SHA-256 digest, like calendar feeds and API tokens.

An application starts « à confirmer » (``pending``): the private link is e-mailed, and opening it and
confirming (``confirm``) proves the address is hers. Only then is it counted, shown to the school and
allowed a seat; unconfirmed ones are deleted after ``CONFIRM_DAYS`` by the retention job. One address
has at most one application in progress (``admission_one_active_per_email``).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.core.transitions import Transition, move
from graduates.models import Cohort, Graduate

# Days an application waits for its address to be confirmed before the retention job deletes it.
CONFIRM_DAYS = 7


class Application(models.Model):
    """One person's application to a cohort of the school (an ``admissions`` row, not a job candidacy)."""

    class State(models.TextChoices):
        # Sent from the form, its address not yet confirmed: not counted, not a candidate, no seat.
        PENDING = "pending", _("À confirmer")
        SUBMITTED = "submitted", _("Envoyée")
        ATTENDED = "attended", _("Réunion suivie")
        ADMITTED = "admitted", _("Admise")
        WAITLISTED = "waitlisted", _("Sur liste d'attente")
        NOT_ADMITTED = "not_admitted", _("Non retenue")
        WITHDRAWN = "withdrawn", _("Retirée")
        ENROLLED = "enrolled", _("Inscrite en formation")

    class Availability(models.TextChoices):
        MORNING = "morning", _("Le matin")
        AFTERNOON = "afternoon", _("L'après-midi")
        ANY = "any", _("Matin ou après-midi")

    S = State
    # Who makes each move: "officer" (officers and administrators), "trainer", "candidate" (through her
    # private link) and "system" (the retention job closing an application nobody touched for 2 years).
    TRANSITIONS: dict[str, Transition] = {
        "confirm": move({S.PENDING}, S.SUBMITTED, {"candidate"}),
        "attend": move({S.SUBMITTED}, S.ATTENDED, {"officer", "trainer"}),
        "admit": move({S.ATTENDED, S.WAITLISTED}, S.ADMITTED, {"officer"}),
        "waitlist": move({S.ATTENDED}, S.WAITLISTED, {"officer"}),
        "refuse": move({S.SUBMITTED, S.ATTENDED, S.WAITLISTED}, S.NOT_ADMITTED, {"officer"}),
        "withdraw": move({S.SUBMITTED, S.ATTENDED, S.WAITLISTED, S.ADMITTED}, S.WITHDRAWN, {"candidate", "officer"}),
        "enrol": move({S.ADMITTED}, S.ENROLLED, {"officer"}),
        "lapse": move({S.SUBMITTED, S.ATTENDED, S.WAITLISTED, S.ADMITTED}, S.WITHDRAWN, {"system"}),
    }  # fmt: skip
    # A waiting list or a refusal carries a message the candidate reads.
    REASON_REQUIRED = frozenset({"waitlist", "refuse"})
    OPEN_STATES = (S.SUBMITTED, S.ATTENDED, S.WAITLISTED, S.ADMITTED)
    # One of these per address at a time (a database constraint): a second form sent with the same
    # address reaches the first application instead of creating another.
    ACTIVE_STATES = (S.PENDING, *OPEN_STATES)

    state = models.CharField(_("état"), max_length=16, choices=State.choices, default=State.PENDING)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"))
    phone = models.CharField(_("téléphone"), max_length=20)
    birth_date = models.DateField(_("date de naissance"))
    gender = models.CharField(_("genre"), max_length=1, choices=Graduate.Gender.choices, blank=True)
    # Emptied when the person's data is erased (with her birth date, it could point to her).
    commune = models.ForeignKey("geo.Commune", verbose_name=_("commune"), null=True, on_delete=models.PROTECT)

    # The situation: what the funders count (graduates' entry characteristics), declared by the person.
    job_seeker = models.BooleanField(_("inscrit·e à France Travail"), default=False)
    rsa = models.BooleanField(_("bénéficiaire du RSA"), default=False)
    qpv_declared = models.BooleanField(_("habite un quartier prioritaire (QPV)"), default=False)
    qpv_checked = models.BooleanField(
        _("QPV vérifié par l'école"),
        null=True,
        blank=True,
        help_text=_("Vide tant que personne n'a vérifié."),
    )
    diploma_level = models.CharField(
        _("niveau de diplôme"), max_length=8, choices=Graduate.DiplomaLevel.choices
    )
    track = models.CharField(_("formation souhaitée"), max_length=20, choices=Cohort.Track.choices)
    motivation = models.TextField(_("motivation"), max_length=3000)
    availability = models.CharField(
        _("disponibilités pour une réunion"),
        max_length=16,
        choices=Availability.choices,
        default=Availability.ANY,
    )

    # The selection grid (0–20 each), filled by officers and trainers.
    test_score = models.PositiveSmallIntegerField(
        _("test (sur 20)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    interview_score = models.PositiveSmallIntegerField(
        _("entretien (sur 20)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    assessment_note = models.TextField(_("observations du jury"), max_length=3000, blank=True)
    decision_reason = models.TextField(_("message à la personne"), max_length=2000, blank=True)
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("promotion"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    graduate = models.OneToOneField(
        Graduate, null=True, blank=True, on_delete=models.SET_NULL, related_name="admission"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Retention (admissions.retention): her last visit of her private page (written at most once a day),
    # the warning e-mailed 2 years after the last contact, and when her data was erased.
    seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    retention_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("candidature à la formation")
        constraints = [
            # Case-insensitive: the service stores addresses lower-cased, the index holds whatever writes.
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(state__in=["pending", "submitted", "attended", "waitlisted", "admitted"]),
                name="admission_one_active_per_email",
                violation_error_message=_("Une candidature est déjà en cours avec cette adresse e-mail."),
            ),
            models.CheckConstraint(
                condition=~models.Q(state="not_admitted") | ~models.Q(decision_reason=""),
                name="admission_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="enrolled")
                | models.Q(graduate__isnull=False, cohort__isnull=False),
                name="admission_enrolled_has_graduate",
            ),
            models.CheckConstraint(
                condition=models.Q(test_score__isnull=True) | models.Q(test_score__lte=20),
                name="admission_test_score_range",
            ),
            models.CheckConstraint(
                condition=models.Q(interview_score__isnull=True) | models.Q(interview_score__lte=20),
                name="admission_interview_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def confirm_before(self):
        """When an unconfirmed application stops waiting (deleted by the next retention run)."""
        return self.created_at + timedelta(days=CONFIRM_DAYS)

    def age_on(self, day) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def allowed_transitions(self, who: str) -> list[str]:
        return [name for name, m in self.TRANSITIONS.items() if m.starts_from(self.state) and m.open_to(who)]


class ApplicationTransition(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    transition = models.CharField(max_length=16)
    from_state = models.CharField(max_length=16, choices=Application.State.choices)
    to_state = models.CharField(max_length=16, choices=Application.State.choices)
    # Empty when the candidate herself moved it (through her private link).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("étape d'une candidature à la formation")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state} → {self.to_state}"


class InformationSession(models.Model):
    """An information session of the school with a number of seats; candidates book one each."""

    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=250)
    seats = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("réunion d'information")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="info_session_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="info_session_has_seats"),
        ]

    def __str__(self) -> str:
        return f"Réunion du {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"


class SessionBooking(models.Model):
    """A candidate's seat at an information session: one booking per application (moving it replaces it)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="booking")
    session = models.ForeignKey(InformationSession, on_delete=models.PROTECT, related_name="bookings")
    booked_at = models.DateTimeField(default=timezone.now)
    # How many times the booking moved: the .ics SEQUENCE, so a calendar replaces the event it holds.
    sequence = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booked_at", "pk"]
        verbose_name = _("place réservée à une réunion")

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.session_id}"
