"""Cohorts the school trains and, for each graduate, a profile to match on and to trust.

Fields are purpose-limited (RGPD, CNIL recruitment guidance): the entry characteristics (date of
birth, gender, diploma level, situation at entry, QPV, disability recognition) exist for the
funder's report only and never leave to employers; the disability recognition does only when the
graduate chooses to disclose it.
"""

import hashlib
import json
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.core.models import TimeStampedModel


class Cohort(TimeStampedModel):
    """A promotion of about 24 people: 4 months of training, then a 2-month internship."""

    class Track(models.TextChoices):
        WEB_MOBILE = "web_mobile", _("Développeur·se web et mobile")
        DIGITAL_COACH = "digital_coach", _("Référent·e numérique")
        HOME_AUTOMATION = "home_automation", _("Technicien·ne domotique")

    name = models.CharField(_("nom"), max_length=120, unique=True)
    track = models.CharField(_("parcours"), max_length=20, choices=Track.choices)
    training_start = models.DateField(_("début de la formation"))
    training_end = models.DateField(_("fin de la formation"))
    internship_start = models.DateField(_("début du stage"), null=True, blank=True)
    internship_end = models.DateField(_("fin du stage"), null=True, blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("formateur·rices"),
        blank=True,
        related_name="cohorts_trained",
    )

    class Meta:
        ordering = ["-training_start", "name"]
        verbose_name = _("promotion")
        constraints = [
            models.CheckConstraint(
                condition=Q(training_end__gte=F("training_start")), name="cohort_training_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(internship_start__isnull=True) | Q(internship_start__gte=F("training_start")),
                name="cohort_internship_after_training_start",
            ),
            models.CheckConstraint(
                condition=Q(internship_end__isnull=True)
                | Q(internship_start__isnull=True)
                | Q(internship_end__gte=F("internship_start")),
                name="cohort_internship_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Graduate(TimeStampedModel):
    """A learner of a cohort. ``user`` is set when they accept their invitation."""

    class Gender(models.TextChoices):
        FEMALE = "F", _("Femme")
        MALE = "M", _("Homme")
        OTHER = "X", _("Autre / non précisé")

    class DiplomaLevel(models.TextChoices):
        NONE = "none", _("Sans diplôme")
        LEVEL_3 = "3", _("Niveau 3 (CAP, BEP)")
        LEVEL_4 = "4", _("Niveau 4 (baccalauréat)")
        LEVEL_5 = "5", _("Niveau 5 et plus (bac +2…)")

    class EntrySituation(models.TextChoices):
        NEET = "neet", _("NEET (ni en emploi, ni en études, ni en formation)")
        JOBSEEKER = "jobseeker", _("Demandeur·se d'emploi")
        INACTIVE = "inactive", _("Inactif·ve")

    class MobilityMode(models.TextChoices):
        CAR = "car", _("Voiture")
        PUBLIC_TRANSPORT = "public_transport", _("Transports en commun")
        BIKE_FOOT = "bike_foot", _("Vélo ou à pied")

    class Contract(models.TextChoices):
        CDI = "CDI", _("CDI")
        CDD = "CDD", _("CDD")
        ALTERNANCE = "ALTERNANCE", _("Alternance")
        STAGE = "STAGE", _("Stage")
        INTERIM = "INTERIM", _("Intérim")
        FREELANCE = "FREELANCE", _("Freelance / création d'entreprise")

    # Radius beyond which a mode of transport stops being realistic for a daily commute.
    MAX_RADIUS_KM = {MobilityMode.CAR: 80, MobilityMode.PUBLIC_TRANSPORT: 50, MobilityMode.BIKE_FOOT: 15}

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="graduate"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="graduates")
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"), unique=True)

    # Entry characteristics: the funder's report only.
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    gender = models.CharField(_("genre"), max_length=1, choices=Gender.choices, blank=True)
    diploma_level = models.CharField(
        _("niveau de diplôme"), max_length=8, choices=DiplomaLevel.choices, blank=True
    )
    entry_situation = models.CharField(
        _("situation à l'entrée"), max_length=16, choices=EntrySituation.choices, blank=True
    )
    qpv_resident = models.BooleanField(_("résident·e d'un QPV"), default=False)
    disability_recognised = models.BooleanField(_("reconnaissance de handicap (RQTH)"), default=False)
    disability_disclosed = models.BooleanField(
        _("je signale ma RQTH aux employeurs"),
        default=False,
        help_text=_("Facultatif : certains employeurs ont des postes aménagés ou des aides à l'embauche."),
    )

    # The profile the graduate keeps.
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("commune de résidence"), null=True, blank=True, on_delete=models.PROTECT
    )
    mobility_radius_km = models.PositiveSmallIntegerField(
        _("distance maximale (km)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    mobility_mode = models.CharField(
        _("moyen de transport"),
        max_length=20,
        choices=MobilityMode.choices,
        default=MobilityMode.PUBLIC_TRANSPORT,
    )
    contract_types = models.JSONField(_("contrats recherchés"), default=list, blank=True)
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True)
    desired_appellations = models.ManyToManyField(
        "taxonomy.Appellation", verbose_name=_("métiers recherchés"), blank=True, related_name="+"
    )
    languages = models.JSONField(_("langues"), default=list, blank=True)
    driving_licence = models.BooleanField(_("permis B"), default=False)
    presentation = models.TextField(_("présentation"), max_length=1200, blank=True)
    portfolio_url = models.URLField(_("portfolio"), blank=True)
    github_url = models.URLField(_("GitHub / GitLab"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)

    # Consent to be seen by employers: off by default, recorded with its time.
    visible_to_employers = models.BooleanField(_("visible par les employeurs"), default=False)
    visibility_changed_at = models.DateTimeField(_("visibilité modifiée le"), null=True, blank=True)

    # CV: the file, its text, and the outbox hashes (a mismatch means "to analyse").
    cv_file = models.FileField(_("CV"), upload_to="cv/%Y/%m/", blank=True)
    cv_filename = models.CharField(max_length=200, blank=True)
    cv_text = models.TextField(blank=True)
    cv_uploaded_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    analysed_hash = models.CharField(max_length=64, blank=True)

    # Personal data: when the person was erased (what stays feeds the funder's figures only), and when
    # the retention warning went out (CNIL: 2 years after the last contact, then anonymised).
    anonymised_at = models.DateTimeField(_("anonymisé·e le"), null=True, blank=True, editable=False)
    retention_warned_at = models.DateTimeField(
        _("prévenu·e de l'effacement le"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("diplômé·e")
        verbose_name_plural = _("diplômé·es")
        constraints = [
            models.CheckConstraint(
                condition=Q(visible_to_employers=False) | Q(visibility_changed_at__isnull=False),
                name="graduate_visibility_has_consent_time",
            ),
            models.CheckConstraint(
                condition=Q(mobility_radius_km__gte=1) & Q(mobility_radius_km__lte=200),
                name="graduate_radius_range",
            ),
            models.CheckConstraint(
                condition=Q(disability_disclosed=False) | Q(disability_recognised=True),
                name="graduate_disclosure_needs_recognition",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def contract_types_display(self) -> str:
        """The contracts wanted as people read them ("CDD, Intérim"), never their stored codes."""
        labels = dict(self.Contract.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.contract_types)

    def radius_km(self) -> int:
        """The search radius, capped by what the mode of transport makes realistic."""
        return min(self.mobility_radius_km, self.MAX_RADIUS_KM[self.MobilityMode(self.mobility_mode)])

    def is_available(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.available_from is not None and self.available_from <= on

    def completeness_items(self) -> dict[str, bool]:
        """What an employer needs to see; each item counts the same in the percentage."""
        skills = [s for s in self.skills.all() if s.status == GraduateSkill.Status.ACCEPTED]
        return {
            "commune": self.commune_id is not None,
            "contracts": bool(self.contract_types),
            "availability": self.available_from is not None,
            "jobs": bool(self.desired_appellations.all()),
            "presentation": len(self.presentation.strip()) >= 40,
            "skills": len(skills) >= 3,
            "projects": bool(self.projects.all()),
            "cv": bool(self.cv_file),
        }

    def completeness(self) -> int:
        items = self.completeness_items()
        return round(100 * sum(items.values()) / len(items))

    def compute_content_hash(self) -> str:
        """Hash of what matching analyses: a change means the profile must be analysed again."""
        payload = {
            "cv": self.cv_text,
            "presentation": self.presentation,
            "skills": sorted(
                (s.skill_id, s.level or 0, s.status, s.confirmed_at is not None) for s in self.skills.all()
            ),
            "jobs": sorted(a.code for a in self.desired_appellations.all()),
            "projects": sorted((p.title, p.description) for p in self.projects.all()),
            "contracts": sorted(self.contract_types),
            "commune": self.commune_id,
            "radius": self.mobility_radius_km,
            "mode": self.mobility_mode,
            "available_from": self.available_from.isoformat() if self.available_from else None,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class GraduateSkill(TimeStampedModel):
    """A skill on a profile: declared by the graduate or proposed from the CV, maybe confirmed by a trainer."""

    class Source(models.TextChoices):
        DECLARED = "declared", _("Déclarée")
        EXTRACTED = "extracted", _("Repérée dans le CV")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposée")
        ACCEPTED = "accepted", _("Retenue")
        DISMISSED = "dismissed", _("Écartée")

    class Level(models.IntegerChoices):
        NOTIONS = 1, _("Notions")
        PRACTICE = 2, _("Pratique guidée")
        AUTONOMOUS = 3, _("Autonome")
        EXPERT = 4, _("Je peux l'enseigner")

    graduate = models.ForeignKey(Graduate, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("origine"), max_length=16, choices=Source.choices)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices, null=True, blank=True)
    evidence = models.CharField(_("extrait du CV"), max_length=300, blank=True)
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    extracted_hash = models.CharField(max_length=64, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    # Set by the host tutor's evaluation at the end of an internship (internships app): « confirmée en stage ».
    internship_confirmed_at = models.DateTimeField(_("confirmée en stage le"), null=True, blank=True)

    class Meta:
        ordering = ["status", "-level", "skill__label_fr"]
        verbose_name = _("compétence du profil")
        constraints = [
            models.UniqueConstraint(fields=["graduate", "skill"], name="graduate_skill_unique"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | (Q(level__gte=1) & Q(level__lte=4)),
                name="graduate_skill_level_1_4",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(status="accepted"),
                name="graduate_skill_confirmed_is_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.graduate} · {self.skill}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_confirmed_in_internship(self) -> bool:
        return self.internship_confirmed_at is not None


class Project(TimeStampedModel):
    """Something the graduate built during the training, with the skills it shows."""

    graduate = models.ForeignKey(Graduate, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), max_length=1500, blank=True)
    url = models.URLField(_("lien"), blank=True)
    skills = models.ManyToManyField(
        "taxonomy.Skill", verbose_name=_("compétences"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("projet")

    def __str__(self) -> str:
        return self.title


class ErasureRequest(TimeStampedModel):
    """A graduate's request to be erased (RGPD art. 17); an officer confirms it, then it is carried out."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de l'école")
        DONE = "done", _("Effacement réalisé")
        CANCELLED = "cancelled", _("Annulée")

    graduate = models.ForeignKey(Graduate, on_delete=models.CASCADE, related_name="erasure_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("précision (facultatif)"), max_length=1000, blank=True)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande d'effacement")
        verbose_name_plural = _("demandes d'effacement")
        constraints = [
            models.UniqueConstraint(
                fields=["graduate"], condition=Q(status="pending"), name="erasure_one_pending_per_graduate"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False), name="erasure_decided_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.graduate_id}: {self.get_status_display()}"
