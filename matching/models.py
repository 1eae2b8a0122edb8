"""Scores the ranker computed, the ranker versions that served them, and what graduates said of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class RankerVersion(models.Model):
    """One ranker model: the documented prior or a model trained on logged outcomes.

    Exactly one version is current (a partial unique constraint); scores are keyed by version, so a
    promotion writes new rows instead of overwriting the ones the previous model computed.

    ``status`` says where a version stands: **serving** (the current one; ``is_current`` is true
    exactly then, a check constraint ties them), **pending** (a trained candidate that beat the
    serving model on logged outcomes and waits for enough pooled judgements before it may serve; at
    most one), **refused** (it lost on logged outcomes or on the pooled judgements), **superseded**
    (a newer candidate replaced it while it was pending) and **retired** (it served, then was
    replaced). ``decision`` says why, in French, with the figures; ``decided_at`` when.
    """

    class Status(models.TextChoices):
        SERVING = "serving", _("en service")
        PENDING = "pending", _("en attente des jugements")
        REFUSED = "refused", _("refusé")
        SUPERSEDED = "superseded", _("remplacé par un candidat plus récent")
        RETIRED = "retired", _("retiré du service")

    version = models.CharField(_("version"), max_length=64, unique=True)
    trained_at = models.DateTimeField(_("entraîné le"), null=True, blank=True)
    n_outcomes = models.PositiveIntegerField(_("résultats d'entraînement"), default=0)
    metrics = models.JSONField(_("métriques"), default=dict, blank=True)
    artefact_path = models.CharField(_("artefact"), max_length=300, blank=True)
    is_current = models.BooleanField(_("en service"), default=False)
    is_prior = models.BooleanField(_("modèle a priori"), default=False)
    status = models.CharField(_("état"), max_length=16, choices=Status.choices, default=Status.RETIRED)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decision = models.TextField(_("décision"), blank=True)
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
            models.CheckConstraint(
                condition=(models.Q(is_current=True) & models.Q(status="serving"))
                | (models.Q(is_current=False) & ~models.Q(status="serving")),
                name="rankerversion_current_is_serving",
            ),
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="pending"), name="rankerversion_one_pending"
            ),
            models.CheckConstraint(
                condition=~(models.Q(is_prior=True) & models.Q(status="pending")),
                name="rankerversion_prior_never_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.version

    def save(self, *args, **kwargs):
        # The current version serves: a row saved as current takes the serving status.
        if self.is_current:
            self.status = self.Status.SERVING
        super().save(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


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

    # Set by the selectors on the rows they return: the row's rank in the list shown, and its
    # standing among the pairs in reach stored when its side was scored.
    rank: int | None = None
    better_than: float | None = None
    in_reach: int | None = None

    def _chances(self, who: str) -> str:
        """The calibrated figure with its meaning: out of 10 (or 100) profiles like this one, how many
        get an interview."""
        tens = round(10 * self.score)
        if tens >= 1:
            n, out_of = tens, 10
        else:
            n, out_of = max(1, round(100 * self.score)), 100
        return str(
            ngettext(
                "Sur %(out_of)s profils comme %(who)s, %(n)s obtient un entretien",
                "Sur %(out_of)s profils comme %(who)s, %(n)s obtiennent un entretien",
                n,
            )
        ) % {"out_of": out_of, "who": who, "n": n}

    @property
    def chances_label(self) -> str:
        """``Sur 10 profils comme le vôtre, 3 obtiennent un entretien`` (the graduate's side)."""
        return self._chances(str(_("le vôtre")))

    @property
    def chances_label_employer(self) -> str:
        """The same figure on the employer's side: ``… comme celui-ci …``."""
        return self._chances(str(_("celui-ci")))

    def _standing(self, best: str, best_few: str, beaten: str, first: str) -> list[str]:
        out = []
        if self.rank is not None and self.rank <= 3:
            out.append(str(best) % {"n": 3})
        elif self.rank is not None and self.rank <= 10:
            out.append(str(best_few) % {"n": 10})
        if self.better_than is not None and self.in_reach and self.in_reach > 1:
            if self.better_than >= 0.995:
                out.append(str(first))
            elif self.better_than >= 0.5:
                # Floored: "mieux que 80 %" is never more than the truth.
                out.append(str(beaten) % {"percent": int(100 * self.better_than)})
        return out

    @property
    def standing(self) -> list[str]:
        """``parmi vos 3 meilleures``, ``mieux que 80 % des offres à votre portée`` (graduate side)."""
        return self._standing(
            _("parmi vos %(n)s meilleures suggestions"),
            _("parmi vos %(n)s meilleures suggestions"),
            _("mieux que %(percent)s %% des offres à votre portée"),
            _("devant toutes les autres offres à votre portée"),
        )

    @property
    def standing_employer(self) -> list[str]:
        """``parmi les 3 meilleurs profils``, ``mieux que 80 % des diplômé·es à portée`` (offer side)."""
        return self._standing(
            _("parmi les %(n)s meilleurs profils pour cette offre"),
            _("parmi les %(n)s meilleurs profils pour cette offre"),
            _("mieux que %(percent)s %% des diplômé·es à portée de l'offre"),
            _("devant tou·tes les autres diplômé·es à portée de l'offre"),
        )

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


class MatchJudgement(models.Model):
    """A placement officer's verdict on one (offer, graduate) pair: the ground truth models are read
    against (nDCG@10 on the ranker page) and that training and promotion count.

    One row per offer × graduate × officer: a second click changes the grade (``updated_at`` moves);
    ``model_version`` is the version whose suggestion the officer was looking at; ``proposed_by``,
    for a pair of the pooled queue, the versions that proposed it (the promotion rule's pooled gate).
    """

    class Grade(models.TextChoices):
        RELEVANT = "relevant", _("Pertinent")
        PLAUSIBLE = "plausible", _("Plausible")
        OFF_TOPIC = "off_topic", _("Hors sujet")

    # Gains for nDCG: a relevant pair is worth twice a plausible one, an off-topic pair nothing.
    GAIN = {Grade.RELEVANT: 2, Grade.PLAUSIBLE: 1, Grade.OFF_TOPIC: 0}

    offer = models.ForeignKey("employers.Offer", on_delete=models.CASCADE, related_name="match_judgements")
    graduate = models.ForeignKey(
        "graduates.Graduate", on_delete=models.CASCADE, related_name="match_judgements"
    )
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(_("jugement"), max_length=16, choices=Grade.choices)
    model_version = models.CharField(_("version du modèle"), max_length=64, blank=True)
    # Judged from the pooled queue (matching.pooling): the versions whose top 10 held the pair, hidden
    # from the officer; empty for a judgement made on a shortlist or a graduate's suggestions.
    proposed_by = models.JSONField(_("proposé par les versions"), default=list, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("jugement d'une mise en relation")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "graduate", "officer"], name="matchjudgement_one_per_officer"
            )
        ]
        indexes = [models.Index(fields=["offer", "graduate"])]

    def __str__(self) -> str:
        return f"{self.offer_id} × {self.graduate_id}: {self.grade} ({self.officer_id})"

    @property
    def gain(self) -> int:
        return self.GAIN[self.grade]


class SkillHint(models.Model):
    """A graduate's skill-opening hint ("Docker : +14 offres à moins de 30 km"), computed by the
    scoring tasks with the scores and read by the pages, which no longer compute it on each view.

    ``hints``: the ranker's ``SkillOpening`` fields, best first. ``state``: what the hint read (the
    graduate and their skills, the live offers and their skills, the serving version) as
    ``scoring._openings_key`` hashes it; a page uses the row only while the state is unchanged.
    """

    graduate = models.OneToOneField(
        "graduates.Graduate", on_delete=models.CASCADE, related_name="skill_hint", primary_key=True
    )
    hints = models.JSONField(_("compétences qui ouvriraient des offres"), default=list, blank=True)
    # The ranker's Shortfall (computed for an empty list; pages set their counts), stored for the
    # graduates whose list may be short, else null (pages then compute it).
    shortfall = models.JSONField(_("ce qui ouvrirait plus d'offres"), null=True, blank=True)
    state = models.CharField(_("état lu"), max_length=96)
    computed_at = models.DateTimeField(_("calculé le"), default=timezone.now)

    class Meta:
        verbose_name = _("piste de compétence")

    def __str__(self) -> str:
        return f"{self.graduate_id}: {len(self.hints)} piste(s)"
