"""Scores the ranker computed, the ranker versions that served them, and what graduates said of them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RankerVersion(models.Model):
    """One ranker model: the documented prior or a model trained on logged outcomes.

    Exactly one version is current (a partial unique constraint); scores are keyed by version, so a
    promotion writes new rows instead of overwriting the ones the previous model computed.
    """

    version = models.CharField(_("version"), max_length=64, unique=True)
    trained_at = models.DateTimeField(_("entraîné le"), null=True, blank=True)
    n_outcomes = models.PositiveIntegerField(_("résultats d'entraînement"), default=0)
    metrics = models.JSONField(_("métriques"), default=dict, blank=True)
    artefact_path = models.CharField(_("artefact"), max_length=300, blank=True)
    is_current = models.BooleanField(_("en service"), default=False)
    is_prior = models.BooleanField(_("modèle a priori"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("version du modèle de classement")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="rankerversion_one_current"
            ),
            models.CheckConstraint(
                condition=models.Q(is_prior=True) | ~models.Q(artefact_path=""),
                name="rankerversion_trained_has_artefact",
            ),
        ]

    def __str__(self) -> str:
        return self.version


class MatchScore(models.Model):
    """The score of one (offer, graduate) pair under one ranker version, with its explanation.

    ``reasons`` holds ``{"summary": str, "graduate": [str], "employer": [str]}``: the same facts
    worded for each audience. ``details`` holds the plain facts behind them (skills matched and
    missing, distance, radius, contract…).
    """

    offer = models.ForeignKey("employers.Offer", on_delete=models.CASCADE, related_name="match_scores")
    graduate = models.ForeignKey("graduates.Graduate", on_delete=models.CASCADE, related_name="match_scores")
    model_version = models.CharField(_("version du modèle"), max_length=64)
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("raisons"), default=dict, blank=True)
    details = models.JSONField(_("détails"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("calculé le"), default=timezone.now)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("score de mise en relation")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "graduate", "model_version"], name="matchscore_unique_pair_version"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=1), name="matchscore_score_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["graduate", "model_version", "-score"]),
            models.Index(fields=["offer", "model_version", "-score"]),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} × {self.graduate_id} ({self.model_version}) = {self.score:.2f}"

    @property
    def percent(self) -> int:
        return round(100 * self.score)

    @property
    def likelihood(self) -> str:
        """The score read as a chance of an interview, in words."""
        if self.score >= 0.6:
            return str(_("élevées"))
        if self.score >= 0.35:
            return str(_("moyennes"))
        return str(_("faibles"))

    @property
    def likelihood_label(self) -> str:
        """``Chances d'entretien : élevées (72 %)``."""
        return str(_("Chances d'entretien : %(level)s (%(percent)s %%)")) % {
            "level": self.likelihood,
            "percent": self.percent,
        }

    @property
    def summary(self) -> str:
        return self.reasons.get("summary", "")

    @property
    def graduate_reasons(self) -> list[str]:
        return list(self.reasons.get("graduate", []))

    @property
    def employer_reasons(self) -> list[str]:
        return list(self.reasons.get("employer", []))


class SuggestionFeedback(models.Model):
    """A graduate's reaction to a suggestion: a log, one row per click (later outcomes read it)."""

    class Kind(models.TextChoices):
        INTERESTED = "interested", _("Intéressé·e")
        NOT_FOR_ME = "not_for_me", _("Pas pour moi")

    class Reason(models.TextChoices):
        TOO_FAR = "too_far", _("Trop loin")
        CONTRACT = "contract", _("Ce contrat ne me convient pas")
        SKILLS = "skills", _("Pas mes compétences")
        JOB = "job", _("Ce métier ne m'intéresse pas")
        OTHER = "other", _("Autre raison")

    graduate = models.ForeignKey(
        "graduates.Graduate", on_delete=models.CASCADE, related_name="suggestion_feedback"
    )
    offer = models.ForeignKey("employers.Offer", on_delete=models.CASCADE, related_name="suggestion_feedback")
    kind = models.CharField(_("avis"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("raison"), max_length=16, choices=Reason.choices, blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("avis sur une suggestion")
        indexes = [models.Index(fields=["graduate", "offer", "-at"])]

    def __str__(self) -> str:
        return f"{self.graduate_id} → {self.offer_id}: {self.kind}"
