"""The France Travail feed's bookkeeping: one record per France Travail offer, one row per sync run.

The offers themselves are ``employers.Offer`` rows with ``source = france_travail`` (no employer
account, the company as published, the link to the posting): suggestions, search, candidacies and
the NLP pipeline read them like any offer. What only the feed needs lives here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncRun(models.Model):
    """One pass over the feed (API or file). Its ``cursor`` is the checkpoint a re-run resumes from."""

    class Kind(models.TextChoices):
        API = "api", _("API France Travail")
        FILE = "file", _("Fichier")

    class Status(models.TextChoices):
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminée")
        FAILED = "failed", _("Échouée")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # API runs: the searches still to do, [{"params": {...}, "start": 0}, ...], top of the stack last.
    cursor = models.JSONField(default=list, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # Searches that still hit the API's 3,150-result ceiling after every split: offers were missed.
    truncated = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("synchronisation France Travail")
        constraints = [
            # One run at a time per kind: a second start resumes the running one instead.
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(status="running"), name="territory_one_running_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("created", "updated", "unchanged", "closed", "rejected")}


class FeedRecord(models.Model):
    """A France Travail offer as last received: the hash says whether it changed, ``seen_run`` whether
    the last complete pass still returned it. A rejected record keeps its reason and has no offer."""

    external_id = models.CharField(_("référence France Travail"), max_length=32, unique=True)
    offer = models.OneToOneField(
        "employers.Offer", null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_record"
    )
    payload_hash = models.CharField(max_length=64)
    seen_run = models.ForeignKey(SyncRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seen_at = models.DateTimeField()
    rejected_reason = models.TextField(_("motif du rejet"), blank=True)
    # France Travail's experienceExige is "D" (débutant accepté): read by the prospects and home figures.
    beginner_accepted = models.BooleanField(_("débutant accepté"), default=False)

    class Meta:
        verbose_name = _("offre reçue de France Travail")

    def __str__(self) -> str:
        return self.external_id
