"""The internship agreement (convention de stage, Code de l'éducation L124-1 ss. and D124-1 ss.).

An :class:`Agreement` ties a trainee (a graduate), a host organisation (an employer of Tremplin) and the
school. Its content lives in numbered :class:`AgreementVersion` rows: version 1 is the agreement, every
later one an avenant (or a corrected draft when the previous one was never signed by all three). Each
party signs a version in Tremplin: a :class:`Signature` records who, when, from which address and the
SHA-256 of the exact PDF signed, which is frozen at the first signature. Once a version carries a
signature its content never changes again: any change is a new version needing three new signatures.
"""

import hashlib
import json
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.core.models import TimeStampedModel
from backend.core.transitions import move

_VOWELS = "aeiouàâäéèêëîïôöùûüœæ"


def of_name(name: str) -> str:
    """« de » before a name, elided before a vowel or a mute h: « d'Inès », « d'Hugo », « de Paul »;
    a Y sounds as a vowel before a consonant (« d'Yves ») and not before a vowel (« de Yasmine »)."""
    name = name.strip()
    first, second = name[:1].lower(), name[1:2].lower()
    if first in _VOWELS or first == "h" or (first == "y" and second and second not in _VOWELS):
        return f"d'{name}"
    return f"de {name}"


class Party(models.TextChoices):
    SCHOOL = "school", _("L'école")
    HOST = "host", _("L'organisme d'accueil")
    TRAINEE = "trainee", _("Le ou la stagiaire")


class Agreement(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        SIGNED = "signed", _("Signée par les trois parties")
        STARTED = "started", _("Stage en cours")
        ENDED = "ended", _("Stage terminé")
        CANCELLED = "cancelled", _("Annulée")

    # name: Transition(states it may start from, state it leads to, who may make it)
    TRANSITIONS = {
        "complete_signatures": move({Status.DRAFT}, Status.SIGNED, {"system"}),
        "start": move({Status.SIGNED}, Status.STARTED, {"officer"}),
        "end": move({Status.STARTED}, Status.ENDED, {"officer"}),
        "cancel": move({Status.DRAFT, Status.SIGNED}, Status.CANCELLED, {"officer"}),
    }

    graduate = models.ForeignKey("graduates.Graduate", on_delete=models.PROTECT, related_name="agreements")
    employer = models.ForeignKey("employers.Employer", on_delete=models.PROTECT, related_name="agreements")
    # Where it comes from: an accepted candidacy to an internship offer, or the training internship
    # an officer recorded as a placement.
    application = models.OneToOneField(
        "placements.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="agreement"
    )
    placement = models.OneToOneField(
        "placements.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="agreement"
    )
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("stage commencé le"), null=True, blank=True)
    ended_at = models.DateTimeField(_("stage terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("convention de stage")
        verbose_name_plural = _("conventions de stage")
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False) | Q(placement__isnull=False),
                name="agreement_has_a_source",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["started", "ended"]) | Q(started_at__isnull=False),
                name="agreement_started_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_at__isnull=False), name="agreement_ended_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"Convention {self.pk} — {self.graduate} chez {self.employer}"

    @property
    def trainee_stage(self) -> str:
        """« Stage d'Inès Haddad »."""
        return _("Stage %(de)s") % {"de": of_name(self.graduate.full_name)}

    @property
    def title(self) -> str:
        """« Stage d'Inès Haddad chez Terril Numérique », the agreement page's title."""
        return _("%(stage)s chez %(e)s") % {"stage": self.trainee_stage, "e": self.employer.name}

    def latest_version(self) -> "AgreementVersion":
        return self.versions.order_by("-number").first()

    def version_in_force(self) -> "AgreementVersion | None":
        """The latest version the three parties signed: the one that rules the internship."""
        for version in self.versions.order_by("-number").prefetch_related("signatures"):
            if version.is_fully_signed:
                return version
        return None


class AgreementTransition(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="transitions")
    transition = models.CharField(max_length=32)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    LABELS = {
        "create": _("convention créée"),
        "complete_signatures": _("signée par les trois parties"),
        "start": _("stage commencé"),
        "end": _("stage terminé"),
        "cancel": _("convention annulée"),
        "amend": _("avenant créé"),
    }

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("étape de convention")

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.from_state or '∅'} → {self.to_state}"

    @property
    def label(self) -> str:
        return str(self.LABELS.get(self.transition, self.transition))


# The fields each party completes (the officer may correct any of them before the first signature).
SCHOOL_FIELDS = (
    "start_date",
    "end_date",
    "programme",
    "referent_name",
    "referent_email",
    "referent_phone",
)
HOST_FIELDS = (
    "host_address",
    "host_representative_name",
    "host_representative_title",
    "host_insurer",
    "tutor_name",
    "tutor_title",
    "tutor_email",
    "tutor_phone",
    "tasks",
    "weekly_hours",
    "days_per_week",
    "schedule",
    "gratification_hourly",
    "benefits",
    "leave",
)
TRAINEE_FIELDS = (
    "trainee_address",
    "trainee_phone",
    "trainee_insurer",
    "trainee_insurance_number",
    "trainee_social_security_number",
    "emergency_contact",
)
# Copied from the rows when the agreement is made, shown on the document, never typed.
FIXED_FIELDS = (
    "school_name",
    "school_address",
    "school_representative",
    "school_insurer",
    "host_name",
    "host_siret",
    "trainee_name",
    "trainee_birth_date",
    "trainee_email",
)
CONTENT_FIELDS = FIXED_FIELDS + SCHOOL_FIELDS + HOST_FIELDS + TRAINEE_FIELDS


class AgreementVersion(TimeStampedModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("objet de l'avenant"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The school
    school_name = models.CharField(_("établissement"), max_length=200)
    school_address = models.CharField(_("adresse de l'établissement"), max_length=250)
    school_representative = models.CharField(_("représenté par"), max_length=200)
    school_insurer = models.CharField(_("assurance de l'école"), max_length=200)
    programme = models.CharField(_("formation suivie"), max_length=200)
    referent_name = models.CharField(_("enseignant·e référent·e"), max_length=200, blank=True)
    referent_email = models.EmailField(_("e-mail du ou de la référent·e"), blank=True)
    referent_phone = models.CharField(_("téléphone du ou de la référent·e"), max_length=30, blank=True)

    # The host organisation
    host_name = models.CharField(_("organisme d'accueil"), max_length=200)
    host_siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    host_address = models.CharField(_("adresse du lieu de stage"), max_length=250, blank=True)
    host_representative_name = models.CharField(_("représenté par"), max_length=200, blank=True)
    host_representative_title = models.CharField(
        _("fonction du ou de la représentant·e"), max_length=150, blank=True
    )
    host_insurer = models.CharField(
        _("assurance responsabilité civile de l'organisme"), max_length=200, blank=True
    )
    tutor_name = models.CharField(_("tuteur ou tutrice"), max_length=200, blank=True)
    tutor_title = models.CharField(_("fonction du tuteur ou de la tutrice"), max_length=150, blank=True)
    tutor_email = models.EmailField(_("e-mail du tuteur ou de la tutrice"), blank=True)
    tutor_phone = models.CharField(_("téléphone du tuteur ou de la tutrice"), max_length=30, blank=True)

    # The internship
    start_date = models.DateField(_("début du stage"))
    end_date = models.DateField(_("fin du stage"))
    tasks = models.TextField(_("activités confiées et compétences à acquérir"), max_length=4000, blank=True)
    weekly_hours = models.DecimalField(
        _("heures par semaine"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("35"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    days_per_week = models.PositiveSmallIntegerField(
        _("jours de présence par semaine"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("Comptés à partir du lundi (5 : du lundi au vendredi)."),
    )
    schedule = models.CharField(_("horaires"), max_length=250, blank=True)
    gratification_hourly = models.DecimalField(
        _("gratification (€ par heure de présence)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    benefits = models.CharField(_("avantages (repas, transport…)"), max_length=250, blank=True)
    leave = models.TextField(_("congés et autorisations d'absence"), max_length=2000, blank=True)

    # The trainee
    trainee_name = models.CharField(_("stagiaire"), max_length=200)
    trainee_birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    trainee_email = models.EmailField(_("e-mail du ou de la stagiaire"))
    trainee_address = models.CharField(_("votre adresse"), max_length=250, blank=True)
    trainee_phone = models.CharField(_("votre téléphone"), max_length=30, blank=True)
    trainee_insurer = models.CharField(_("votre assurance responsabilité civile"), max_length=200, blank=True)
    trainee_insurance_number = models.CharField(_("numéro de contrat d'assurance"), max_length=60, blank=True)
    trainee_social_security_number = models.CharField(
        _("numéro de sécurité sociale"), max_length=21, blank=True
    )
    emergency_contact = models.CharField(
        _("personne à prévenir en cas d'urgence"), max_length=200, blank=True
    )

    host_completed_at = models.DateTimeField(_("partie de l'organisme vérifiée le"), null=True, blank=True)
    trainee_completed_at = models.DateTimeField(
        _("partie du ou de la stagiaire vérifiée le"), null=True, blank=True
    )

    # The exact document the parties sign: frozen at the first signature, never written again.
    document_pdf = models.BinaryField(null=True, blank=True, editable=False)
    document_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    # The archived signed agreement (document + signature records), made at the third signature.
    signed_pdf = models.BinaryField(null=True, blank=True, editable=False)
    signed_pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("version de convention")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_unique_number"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="agreement_version_dates_ordered"
            ),
            # A document always has its hash; the hash outlives the PDF when the trainee's data is erased.
            models.CheckConstraint(
                condition=Q(document_pdf__isnull=True) | ~Q(document_sha256=""),
                name="agreement_version_document_has_hash",
            ),
            models.CheckConstraint(
                condition=Q(signed_pdf__isnull=True) | ~Q(signed_pdf_sha256=""),
                name="agreement_version_signed_pdf_has_hash",
            ),
        ]

    def __str__(self) -> str:
        return f"Convention {self.agreement_id} v{self.number}"

    @property
    def is_amendment(self) -> bool:
        return self.number > 1

    @property
    def is_frozen(self) -> bool:
        return bool(self.document_sha256)

    def signature_for(self, party: str) -> "Signature | None":
        return next((s for s in self.signatures.all() if s.party == party), None)

    @property
    def is_fully_signed(self) -> bool:
        return {s.party for s in self.signatures.all()} == set(Party.values)

    def content(self) -> dict:
        """The agreement's content as plain data, in one order: what the document prints and hashes."""
        return {name: getattr(self, name) for name in CONTENT_FIELDS} | {
            "number": self.number,
            "reason": self.reason,
        }

    def content_hash(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    # ---------------------------------------------------------------- duration and gratification
    def presence_days(self) -> list:
        """The days of presence between start and end: the first ``days_per_week`` days of each week."""
        days, day = [], self.start_date
        while day <= self.end_date:
            if day.weekday() < self.days_per_week:
                days.append(day)
            day += timedelta(days=1)
        return days

    @property
    def daily_hours(self) -> Decimal:
        return (Decimal(self.weekly_hours) / self.days_per_week).quantize(Decimal("0.01"))

    def presence_hours(self) -> Decimal:
        return (Decimal(self.weekly_hours) / self.days_per_week * len(self.presence_days())).quantize(
            Decimal("0.01")
        )

    def monthly_gratification(self) -> Decimal:
        """The monthly amount for a full week schedule (hours × 52 / 12), as the law's examples put it."""
        return (Decimal(self.gratification_hourly) * Decimal(self.weekly_hours) * 52 / 12).quantize(
            Decimal("0.01")
        )


def school_year_start(day):
    """1 September of the school year a day belongs to (L124-6 counts durations per school year)."""
    return day.replace(month=9, day=1) if day.month >= 9 else day.replace(year=day.year - 1, month=9, day=1)


class Signature(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("partie"), max_length=16, choices=Party.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField(_("signataire"), max_length=200)
    signed_at = models.DateTimeField(_("signée le"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    document_sha256 = models.CharField(_("empreinte SHA-256 du document signé"), max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature")
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="signature_one_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} — {self.signer_name} ({self.signed_at:%Y-%m-%d %H:%M})"


class SigningNotice(models.Model):
    """That the parties were told about a version, once: a party's turn to sign it (``turn``, one row per
    party), its three signatures (``signed``) or that an avenant must be signed again (``amended``). The
    row is written in the transaction that makes the notifications, so a retried request tells no one
    twice."""

    class Kind(models.TextChoices):
        TURN = "turn", _("à signer")
        SIGNED = "signed", _("signée par les trois parties")
        AMENDED = "amended", _("avenant à signer")

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    party = models.CharField(max_length=16, choices=Party.choices, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avis aux parties")
        constraints = [
            models.UniqueConstraint(fields=["version", "kind", "party"], name="signing_notice_once"),
        ]

    def __str__(self) -> str:
        return f"v{self.version_id} {self.kind} {self.party or '*'}"


class TutorEvaluation(TimeStampedModel):
    """The host tutor's assessment at the end of the internship."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="evaluation")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance = models.TextField(_("assiduité et ponctualité"), max_length=2000)
    comments = models.TextField(_("appréciation générale"), max_length=4000)
    would_hire = models.BooleanField(_("nous pourrions recruter cette personne"), default=False)
    submitted_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    class Meta:
        verbose_name = _("évaluation du tuteur ou de la tutrice")


class EvaluatedSkill(models.Model):
    class Level(models.TextChoices):
        NOT_OBSERVED = "not_observed", _("Pas observée")
        IN_PROGRESS = "in_progress", _("En cours d'acquisition")
        CONFIRMED = "confirmed", _("Confirmée")

    evaluation = models.ForeignKey(TutorEvaluation, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("niveau observé"), max_length=16, choices=Level.choices)

    class Meta:
        verbose_name = _("compétence observée")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "skill"], name="evaluated_skill_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} : {self.get_level_display()}"


class TraineeReport(TimeStampedModel):
    """The trainee's own report of her internship."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="report")
    missions = models.TextField(_("ce que j'ai fait"), max_length=6000)
    learned = models.TextField(_("ce que j'ai appris"), max_length=4000)
    next_steps = models.TextField(_("la suite que j'envisage"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("rapport de stage")
