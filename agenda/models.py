"""The personal calendar feed: a secret address each person subscribes to in their own calendar.

The token is shown once and stored as its SHA-256 digest (as API tokens are): a database leak gives
no working address, and revoking is deleting the row.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flux d'agenda")

    def __str__(self) -> str:
        return f"agenda de {self.user_id}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class Event(models.Model):
    """A job dating, a workshop or a company visit the school organises, with a place and a time."""

    class Kind(models.TextChoices):
        # The same code as the partner log's « Job dating » (employers.Interaction.Kind.JOB_DATING).
        JOB_DATING = "job_dating", _("Job dating")
        WORKSHOP = "workshop", _("Atelier")
        COMPANY_VISIT = "company_visit", _("Visite d'entreprise")

    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.JOB_DATING)
    place = models.CharField(_("lieu"), max_length=250)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    description = models.TextField(_("présentation"), max_length=3000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("événement")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_past(self, now=None) -> bool:
        return self.ends_at < (now or timezone.now())


class EventRegistration(models.Model):
    """A partner employer comes to an event, with some of its offers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="event_registrations"
    )
    offers = models.ManyToManyField("employers.Offer", related_name="event_registrations", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("inscription à un événement")
        constraints = [models.UniqueConstraint(fields=["event", "employer"], name="event_registration_once")]

    def __str__(self) -> str:
        return f"{self.employer} @ {self.event}"


class Slot(models.Model):
    """An interview slot an employer opens at an event, for one of its offers; booked by one graduate.

    No double booking, held by the database: a slot has one booker (one column), a candidacy holds at
    most one slot, a graduate is in at most one slot starting at a given time, and an employer does not
    open two slots at the same time of one event.
    """

    registration = models.ForeignKey(EventRegistration, on_delete=models.CASCADE, related_name="slots")
    offer = models.ForeignKey("employers.Offer", on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graduate = models.ForeignKey(
        "graduates.Graduate", null=True, blank=True, on_delete=models.SET_NULL, related_name="event_slots"
    )
    application = models.OneToOneField(
        "placements.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="event_slot"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("créneau d'entretien")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["registration", "starts_at"], name="slot_one_per_employer_and_time"
            ),
            models.UniqueConstraint(
                fields=["graduate", "starts_at"],
                condition=models.Q(graduate__isnull=False),
                name="slot_graduate_not_twice_at_once",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(graduate__isnull=True, application__isnull=True, booked_at__isnull=True)
                    | models.Q(graduate__isnull=False, application__isnull=False, booked_at__isnull=False)
                ),
                name="slot_booked_has_graduate_candidacy_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} {self.starts_at:%d/%m %H:%M}"

    @property
    def is_free(self) -> bool:
        return self.graduate_id is None


class InterviewReminder(models.Model):
    """The day-before reminder of one interview at one time: sent once (a moved interview gets its own)."""

    application = models.ForeignKey("placements.Application", on_delete=models.CASCADE, related_name="+")
    interview_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rappel d'entretien")
        constraints = [
            models.UniqueConstraint(fields=["application", "interview_at"], name="interview_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.interview_at:%Y-%m-%d %H:%M}"
