"""From suggestion to hire, and the proof of it: applications, placements and outcome checks.

An :class:`Application` follows one graduate's candidacy to one offer through the states of
:attr:`Application.TRANSITIONS` only, each move logged with actor, time and note. A hire becomes a
:class:`Placement` (so does a job found outside the platform, declared by the graduate and confirmed
by the school or the employer). :class:`OutcomeCheck` rows freeze each graduate's situation at the
end of training, +3 and +6 months, in the funders' categories; the report reads only those.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.core.models import TimeStampedModel
from backend.core.tokens import token_digest
from backend.core.transitions import Transition, move


class Application(TimeStampedModel):
    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Suggérée")
        INTERESTED = "interested", _("Intéressé·e")
        APPLIED = "applied", _("Candidature envoyée")
        INTERVIEW = "interview", _("Entretien")
        OFFER = "offer", _("Proposition d'embauche")
        HIRED = "hired", _("Embauché·e")
        REFUSED = "refused", _("Non retenue")
        WITHDRAWN = "withdrawn", _("Retirée")
        OBSOLETE = "obsolete", _("Sans objet (embauché·e ailleurs)")
        CLOSED = "closed", _("Close sans suite")

    class Origin(models.TextChoices):
        GRADUATE = "graduate", _("Candidature spontanée")
        SUGGESTION = "suggestion", _("Suggestion Tremplin")
        OFFICER = "officer", _("Proposée par l'école")
        EMPLOYER = "employer", _("Invitation de l'employeur")

    class RefusalReason(models.TextChoices):
        PROFILE = "profile", _("Le profil ne correspond pas au poste")
        SKILLS = "skills", _("Compétences techniques insuffisantes pour ce poste")
        EXPERIENCE = "experience", _("Expérience demandée plus importante")
        FILLED = "filled", _("Poste déjà pourvu")
        NO_ANSWER = "no_answer", _("Pas de réponse du ou de la candidat·e")
        AVAILABILITY = "availability", _("Disponibilités incompatibles")
        LOCATION = "location", _("Trajet trop long / lieu de travail")
        OTHER = "other", _("Autre raison")

    # The same reasons, worded for the graduate: kind, and pointing at what to do next.
    REFUSAL_FOR_GRADUATE = {
        RefusalReason.PROFILE: _(
            "L'employeur a choisi un profil plus proche de son besoin. Votre candidature reste une "
            "expérience utile : d'autres offres vous attendent."
        ),
        RefusalReason.SKILLS: _(
            "Le poste demandait des compétences que vous n'avez pas encore montrées. Parlez-en avec "
            "votre chargé·e d'insertion : un projet ou une courte formation peut faire la différence."
        ),
        RefusalReason.EXPERIENCE: _(
            "L'employeur cherchait une personne plus expérimentée. Les offres « débutant accepté » sont "
            "faites pour vous."
        ),
        RefusalReason.FILLED: _(
            "Le poste a été pourvu avant l'examen de votre candidature. Ce n'est pas lié à vous."
        ),
        RefusalReason.NO_ANSWER: _(
            "L'employeur n'a pas réussi à vous joindre. Vérifiez votre téléphone et vos e-mails dans votre profil."
        ),
        RefusalReason.AVAILABILITY: _("Vos disponibilités ne correspondaient pas aux dates du poste."),
        RefusalReason.LOCATION: _("Le lieu de travail semblait trop éloigné pour un trajet quotidien."),
        RefusalReason.OTHER: _("L'employeur n'a pas retenu votre candidature cette fois-ci."),
    }

    PENDING = frozenset({State.SUGGESTED, State.INTERESTED, State.APPLIED, State.INTERVIEW, State.OFFER})
    FINAL = frozenset({State.HIRED, State.REFUSED, State.WITHDRAWN, State.OBSOLETE, State.CLOSED})

    # name: Transition(states it may start from, state it leads to, who may trigger it), the shape of
    # every state machine's table (backend.core.transitions).
    TRANSITIONS: dict[str, Transition] = {
        "show_interest": move({State.SUGGESTED}, State.INTERESTED, {"graduate", "officer"}),
        "apply": move({State.SUGGESTED, State.INTERESTED}, State.APPLIED, {"graduate", "officer"}),
        "schedule_interview": move({State.APPLIED}, State.INTERVIEW, {"employer", "officer"}),
        "make_offer": move({State.APPLIED, State.INTERVIEW}, State.OFFER, {"employer", "officer"}),
        "hire": move({State.INTERVIEW, State.OFFER}, State.HIRED, {"employer", "officer"}),
        "refuse": move({State.APPLIED, State.INTERVIEW, State.OFFER}, State.REFUSED, {"employer", "officer"}),
        # The interview is called off, the candidacy goes on: back to where it was planned from.
        "cancel_interview": move({State.INTERVIEW}, State.APPLIED, {"graduate", "employer", "officer"}),
        "withdraw": move(PENDING, State.WITHDRAWN, {"graduate", "officer"}),
        "mark_obsolete": move(PENDING, State.OBSOLETE, {"system"}),
        "close_stale": move(PENDING, State.CLOSED, {"system", "officer"}),
    }
    TRANSITION_LABELS = {
        "show_interest": _("Je suis intéressé·e"),
        "apply": _("Postuler"),
        "schedule_interview": _("Planifier un entretien"),
        "make_offer": _("Faire une proposition"),
        "hire": _("Embaucher"),
        "refuse": _("Ne pas retenir"),
        "cancel_interview": _("Annuler l'entretien"),
        "withdraw": _("Retirer la candidature"),
        "mark_obsolete": _("Sans objet"),
        "close_stale": _("Clore sans suite"),
    }
    # The same moves said from where an officer stands: they record them for the graduate.
    TRANSITION_LABELS_BY_ROLE = {
        "officer": {
            "show_interest": _("Noter son intérêt"),
            "apply": _("Noter la candidature envoyée"),
            "withdraw": _("Noter le retrait"),
        },
    }

    @classmethod
    def transition_label(cls, name: str, role: str) -> str:
        """The button a person of ``role`` reads for the transition ``name``."""
        return cls.TRANSITION_LABELS_BY_ROLE.get(role, {}).get(name, cls.TRANSITION_LABELS[name])

    graduate = models.ForeignKey("graduates.Graduate", on_delete=models.CASCADE, related_name="applications")
    offer = models.ForeignKey("employers.Offer", on_delete=models.CASCADE, related_name="applications")
    state = models.CharField(_("étape"), max_length=16, choices=State.choices, default=State.SUGGESTED)
    origin = models.CharField(_("origine"), max_length=16, choices=Origin.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), max_length=3000, blank=True)
    share_cv = models.BooleanField(_("joindre mon CV"), default=True)
    interview_at = models.DateTimeField(_("date de l'entretien"), null=True, blank=True)
    interview_place = models.CharField(_("lieu ou lien de l'entretien"), max_length=250, blank=True)
    refusal_reason = models.CharField(_("motif"), max_length=16, choices=RefusalReason.choices, blank=True)
    moved_at = models.DateTimeField(_("dernier mouvement"), default=timezone.now, db_index=True)
    stale_notified_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(_("candidature le"), null=True, blank=True)

    class Meta:
        ordering = ["-moved_at", "-pk"]
        verbose_name = _("candidature")
        constraints = [
            models.UniqueConstraint(fields=["graduate", "offer"], name="application_one_per_pair"),
            models.CheckConstraint(
                condition=~Q(state="refused") | ~Q(refusal_reason=""), name="application_refusal_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(state="refused") | Q(refusal_reason=""),
                name="application_reason_only_when_refused",
            ),
            models.CheckConstraint(
                condition=~Q(state="interview") | Q(interview_at__isnull=False),
                name="application_interview_has_date",
            ),
        ]
        indexes = [models.Index(fields=["state", "moved_at"])]

    # Where the candidacy stands, said to the graduate in plain words.
    STATUS_FOR_GRADUATE = {
        State.SUGGESTED: _("Une offre pour vous : dites si elle vous intéresse, ou postulez directement."),
        State.INTERESTED: _("Vous êtes intéressé·e : postulez quand vous êtes prêt·e."),
        State.APPLIED: _("Candidature envoyée : l'employeur l'examine."),
        State.INTERVIEW: _("Entretien prévu : préparez-le avec votre chargé·e d'insertion."),
        State.OFFER: _("L'employeur vous fait une proposition d'embauche !"),
        State.HIRED: _("Embauché·e : félicitations !"),
        State.REFUSED: _("Candidature non retenue."),
        State.WITHDRAWN: _("Vous avez retiré cette candidature."),
        State.OBSOLETE: _("Close : vous avez été embauché·e ailleurs."),
        State.CLOSED: _("Close faute de nouvelles depuis deux mois."),
    }

    def __str__(self) -> str:
        return f"{self.graduate} → {self.offer}"

    @property
    def status_for_graduate(self) -> str:
        if self.state == self.State.SUGGESTED and self.origin == self.Origin.EMPLOYER:
            return _("%(e)s vous invite à postuler : l'entreprise a vu votre profil et pense à vous.") % {
                "e": self.offer.employer_label
            }
        if self.state == self.State.SUGGESTED and self.origin == self.Origin.OFFICER:
            return str(
                _("L'école vous propose cette offre : dites si elle vous intéresse, ou postulez directement.")
            )
        return str(self.STATUS_FOR_GRADUATE[self.state])

    @property
    def state_label_for_graduate(self) -> str:
        """The badge a graduate reads: an employer's invitation is one, not a mere « Suggérée »."""
        if self.state == self.State.SUGGESTED and self.origin in (self.Origin.EMPLOYER, self.Origin.OFFICER):
            return str(self.get_origin_display())
        return str(self.get_state_display())

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING

    def allowed_transitions(self, role: str) -> list[str]:
        return [
            name
            for name, transition in self.TRANSITIONS.items()
            if transition.starts_from(self.state) and transition.open_to(role)
        ]

    def days_without_movement(self, now=None) -> int:
        return ((now or timezone.now()) - self.moved_at).days

    def is_stale(self, now=None) -> bool:
        return self.is_pending and self.days_without_movement(now) >= settings.APPLICATION_STALE_DAYS

    @property
    def refusal_for_graduate(self) -> str:
        return str(self.REFUSAL_FOR_GRADUATE.get(self.refusal_reason, "")) if self.refusal_reason else ""


class ApplicationTransition(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    transition = models.CharField(max_length=32)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("étape de candidature")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state or '∅'} → {self.to_state}"


class ContractCategory(models.TextChoices):
    """The funders' categories of what a graduate went on to (DARES / France Travail wording)."""

    CDI = "CDI", _("CDI")
    CDD_LONG = "CDD_LONG", _("CDD de 6 mois ou plus")
    CDD_SHORT = "CDD_SHORT", _("CDD de moins de 6 mois")
    INTERIM = "INTERIM", _("Intérim")
    APPRENTISSAGE = "APPRENTISSAGE", _("Contrat d'apprentissage")
    PROFESSIONNALISATION = "PROFESSIONNALISATION", _("Contrat de professionnalisation")
    STAGE = "STAGE", _("Stage")
    CREATION = "CREATION", _("Création d'entreprise")
    FORMATION = "FORMATION", _("Poursuite de formation")


class Placement(TimeStampedModel):
    """A hire, an internship of the training, a business created or a return to training."""

    class Status(models.TextChoices):
        DECLARED = "declared", _("Déclaré, à confirmer")
        CONFIRMED = "confirmed", _("Confirmé")
        REJECTED = "rejected", _("Non confirmé")

    # PROTECT: the funder report reads placements; a person leaves through anonymisation, never deletion.
    graduate = models.ForeignKey("graduates.Graduate", on_delete=models.PROTECT, related_name="placements")
    employer = models.ForeignKey(
        "employers.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    employer_name = models.CharField(
        _("employeur ou organisme"),
        max_length=200,
        help_text=_("Rempli automatiquement pour un employeur de Tremplin ; à saisir sinon."),
    )
    offer = models.ForeignKey(
        "employers.Offer", null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="placement"
    )
    contract_type = models.CharField(_("type de contrat"), max_length=24, choices=ContractCategory.choices)
    job_title = models.CharField(_("poste"), max_length=200, blank=True)
    start_date = models.DateField(_("date de début"))
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    monthly_gross_salary = models.DecimalField(
        _("salaire mensuel brut (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    via_tremplin = models.BooleanField(_("trouvé grâce à Tremplin"), default=False)
    is_training_internship = models.BooleanField(
        _("stage de la formation"), default=False, help_text=_("Le stage de fin de formation, pas un emploi.")
    )
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.DECLARED)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("placement")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="placement_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(is_training_internship=False) | Q(contract_type="STAGE"),
                name="placement_internship_is_stage",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="placement_confirmed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(monthly_gross_salary__isnull=True) | Q(monthly_gross_salary__gte=0),
                name="placement_salary_positive",
            ),
            # One record per job: a double click or three tabs declaring the same job make one row
            # (placement_record returns the existing one). A rejected declaration may be made again.
            models.UniqueConstraint(
                "graduate",
                "start_date",
                "contract_type",
                Lower("employer_name"),
                condition=~Q(status="rejected"),
                name="placement_one_per_job",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.graduate} — {self.employer_name} ({self.get_contract_type_display()})"

    def is_active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class HostedInternship(TimeStampedModel):
    """An internship a partner hosts under an agreement the three parties signed, for the partnership
    follow-up. The ``internships`` app lies above this one: its services write these rows through
    :func:`placements.services.hosted_internship_record` when an agreement is fully signed (an avenant
    included), starts, ends or is cancelled; so the row names its agreement by id only."""

    class Status(models.TextChoices):
        SIGNED = "signed", _("Convention signée")
        STARTED = "started", _("Stage en cours")
        ENDED = "ended", _("Stage terminé")
        CANCELLED = "cancelled", _("Convention annulée")

    agreement_id = models.PositiveIntegerField(_("convention"), unique=True)
    graduate = models.ForeignKey("graduates.Graduate", on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="hosted_internships"
    )
    # The training internship recorded as a placement that the agreement documents, if any: counted once.
    placement = models.OneToOneField(
        Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_internship"
    )
    start_date = models.DateField(_("début du stage"))
    end_date = models.DateField(_("fin du stage"))
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices)

    class Meta:
        verbose_name = _("stage accueilli")
        verbose_name_plural = _("stages accueillis")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="hosted_internship_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"Stage (convention {self.agreement_id}) chez {self.employer_id} : {self.get_status_display()}"


class OutcomeCheck(TimeStampedModel):
    """The graduate's situation at one milestone after training, frozen once validated."""

    class Milestone(models.TextChoices):
        END = "end", _("Fin de formation")
        M3 = "m3", _("À 3 mois")
        M6 = "m6", _("À 6 mois")

    MONTHS_AFTER_END = {Milestone.END: 0, Milestone.M3: 3, Milestone.M6: 6}
    # How long the e-mailed link stays valid.
    FORM_VALID_DAYS = 45

    class Situation(models.TextChoices):
        EMPLOYED = "employed", _("En emploi")
        TRAINING = "training", _("En formation")
        CREATION = "creation", _("Création d'entreprise")
        SEEKING = "seeking", _("En recherche d'emploi")
        INACTIVE = "inactive", _("Inactif·ve (autre situation)")
        UNKNOWN = "unknown", _("Sans nouvelles")

    class Source(models.TextChoices):
        OFFICER = "officer", _("Saisi par l'école")
        GRADUATE = "graduate", _("Déclaré par la personne")
        PLACEMENTS = "placements", _("Déduit des placements")

    # PROTECT: no delete path (admin included) may change the report's validated figures after the fact.
    graduate = models.ForeignKey(
        "graduates.Graduate", on_delete=models.PROTECT, related_name="outcome_checks"
    )
    milestone = models.CharField(_("échéance"), max_length=8, choices=Milestone.choices)
    due_on = models.DateField(_("date de la situation"))
    situation = models.CharField(
        _("situation"), max_length=16, choices=Situation.choices, default=Situation.UNKNOWN
    )
    contract_type = models.CharField(
        _("type de contrat"), max_length=24, choices=ContractCategory.choices, blank=True
    )
    employer_name = models.CharField(_("employeur"), max_length=200, blank=True)
    note = models.TextField(_("commentaire"), blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, blank=True)
    responded_at = models.DateTimeField(_("réponse reçue le"), null=True, blank=True)
    form_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    form_sent_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["graduate", "due_on"]
        verbose_name = _("suivi à échéance")
        constraints = [
            models.UniqueConstraint(fields=["graduate", "milestone"], name="outcome_one_per_milestone"),
            models.CheckConstraint(
                condition=~Q(situation="employed") | ~Q(contract_type=""),
                name="outcome_employed_has_contract",
            ),
            models.CheckConstraint(
                condition=Q(validated_at__isnull=True) | ~Q(situation="unknown") | Q(source="officer"),
                name="outcome_unknown_validated_by_officer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.graduate} — {self.get_milestone_display()}: {self.get_situation_display()}"

    @property
    def is_frozen(self) -> bool:
        return self.validated_at is not None

    @property
    def has_answer(self) -> bool:
        return self.situation != self.Situation.UNKNOWN

    def new_form_token(self) -> str:
        """A fresh token for the e-mailed form; only its hash is stored."""
        token = secrets.token_urlsafe(32)
        self.form_token_hash = token_digest(token)
        self.form_sent_at = timezone.now()
        return token

    def form_expired(self, now=None) -> bool:
        return bool(
            self.form_sent_at
            and (now or timezone.now()) > self.form_sent_at + timedelta(days=self.FORM_VALID_DAYS)
        )


class Notification(models.Model):
    """One thing to tell one person, queued; sent at once or gathered into the daily digest."""

    class Kind(models.TextChoices):
        NEW_APPLICATION = "new_application", _("Nouvelle candidature")
        STATE_CHANGED = "state_changed", _("Candidature mise à jour")
        INTERVIEW = "interview", _("Entretien planifié")
        OUTCOME_FORM = "outcome_form", _("Votre situation, quelques mois après la formation")
        STALE = "stale", _("Candidatures sans nouvelles")
        SIGNATURE = "internship_signature", _("Convention de stage à signer")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    # An outcome form's personal link is minted when the e-mail is sent, never stored in clear.
    outcome_check = models.ForeignKey(
        "OutcomeCheck", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # False when the person's preference at creation said "no e-mail" (never, or a muted kind): such a
    # notification stays in the app and is never gathered into a later digest.
    email_wanted = models.BooleanField(default=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.subject}"


class NotificationPreference(models.Model):
    """Per-user choice: each e-mail at once, one digest a day (default), or none."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("À chaque événement")
        DAILY = "daily", _("Un résumé par jour")
        NEVER = "never", _("Jamais (je consulte Tremplin)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    frequency = models.CharField(
        _("e-mails"), max_length=16, choices=Frequency.choices, default=Frequency.DAILY
    )
    # Kinds the user does not want by e-mail at all (they still appear in the app).
    muted_kinds = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("préférence de notification")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"
