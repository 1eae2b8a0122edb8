import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from backend.core.models import TimeStampedModel
from backend.core.transitions import Transition, move

from .validators import validate_siret

naf_validator = RegexValidator(
    r"^\d{2}\.\d{2}[A-Z]$",
    _("Le code NAF s'écrit comme 62.01Z (deux chiffres, point, deux chiffres, une lettre)."),
)


class Employer(TimeStampedModel):
    """A regional company or organisation that hires, hosts interns or partners with the school."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        APPROVED = "approved", _("Validé")
        DECLINED = "declined", _("Refusé")
        # A company the school wants to approach (found among the territory's offers): no SIRET or size
        # known yet, no account; it becomes a partner when an officer records both and a partnership.
        PROSPECT = "prospect", _("Prospect")

    class SizeBand(models.TextChoices):
        MICRO = "0-9", _("Moins de 10 salariés")
        SMALL = "10-49", _("10 à 49 salariés")
        MEDIUM = "50-249", _("50 à 249 salariés")
        LARGE = "250+", _("250 salariés et plus")

    name = models.CharField(_("raison sociale"), max_length=200)
    # Empty (NULL, so that uniqueness holds) only for a prospect, whose SIRET is not known yet.
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, null=True, validators=[validate_siret])
    naf_code = models.CharField(_("code NAF"), max_length=6, blank=True, validators=[naf_validator])
    size_band = models.CharField(_("effectif"), max_length=8, choices=SizeBand.choices)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey("geo.Commune", verbose_name=_("commune"), on_delete=models.PROTECT)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.TextField(_("motif du refus"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employeur")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="employer_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="prospect") | (Q(siret__isnull=False) & ~Q(size_band="")),
                name="employer_identified_unless_prospect",
            ),
            # One prospect per company name: two officers adding the same one make one row.
            models.UniqueConstraint(
                Lower("name"), condition=Q(status="prospect"), name="employer_prospect_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_prospect(self) -> bool:
        return self.status == self.Status.PROSPECT

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def has_active_partnership(self) -> bool:
        today = timezone.localdate()
        return self.partnerships.filter(status=Partnership.Status.ACTIVE, start_date__lte=today).exists()


class Contact(TimeStampedModel):
    """A person at an employer. With ``user`` set, they sign in and act for the organisation."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employer_contact",
    )
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)
    is_primary = models.BooleanField(_("contact principal"), default=False)

    class Meta:
        ordering = ["-is_primary", "last_name"]
        verbose_name = _("contact")
        constraints = [
            models.UniqueConstraint(fields=["employer", "email"], name="contact_unique_email_per_employer"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Partnership(TimeStampedModel):
    """An agreement between the school and an employer: what each side commits to."""

    class Kind(models.TextChoices):
        HIRING = "hiring", _("Partenaire recrutement")
        INTERNSHIP = "internship", _("Accueil de stagiaires")
        ALTERNANCE = "alternance", _("Accueil d'alternants")
        MENTORING = "mentoring", _("Parrainage / mentorat")
        PROJECT = "project", _("Fournisseur de projets")

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("En discussion")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspendue")
        ENDED = "ended", _("Terminée")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="partnerships")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.PROSPECT)
    commitments = models.TextField(_("engagements"), blank=True)
    hires_per_year = models.PositiveSmallIntegerField(_("recrutements visés par an"), default=0)
    internships_per_year = models.PositiveSmallIntegerField(_("stagiaires accueillis par an"), default=0)
    start_date = models.DateField(_("début"))
    renewal_date = models.DateField(_("renouvellement"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chargé·e de la relation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnerships_followed",
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("partenariat")
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal_date__isnull=True) | Q(renewal_date__gte=models.F("start_date")),
                name="partnership_renewal_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} — {self.get_kind_display()}"


class Interaction(TimeStampedModel):
    """One touchpoint with a partner: the officer's CRM log."""

    class Kind(models.TextChoices):
        CALL = "call", _("Appel")
        MEETING = "meeting", _("Rendez-vous")
        JOB_DATING = "job_dating", _("Job dating")
        EMAIL = "email", _("E-mail")
        EVENT = "event", _("Événement")
        NOTE = "note", _("Note")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="interactions")
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    summary = models.TextField(_("compte rendu"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("échange")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()} — {self.employer}"


class Offer(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("En attente de validation")
        DECLINED = "declined", _("Refusée")
        PUBLISHED = "published", _("Publiée")
        FILLED = "filled", _("Pourvue")
        CLOSED = "closed", _("Fermée")
        EXPIRED = "expired", _("Expirée")

    class ContractType(models.TextChoices):
        CDI = "CDI", _("CDI")
        CDD = "CDD", _("CDD")
        INTERIM = "INTERIM", _("Intérim")
        APPRENTISSAGE = "APPRENTISSAGE", _("Alternance — contrat d'apprentissage")
        PROFESSIONNALISATION = "PROFESSIONNALISATION", _("Alternance — contrat de professionnalisation")
        STAGE = "STAGE", _("Stage")
        FREELANCE = "FREELANCE", _("Freelance / mission")

    class Remote(models.TextChoices):
        ONSITE = "onsite", _("Sur site")
        HYBRID = "hybrid", _("Hybride")
        FULL = "full", _("Télétravail complet")

    class WorkingTime(models.TextChoices):
        FULL_TIME = "full_time", _("Temps plein")
        PART_TIME = "part_time", _("Temps partiel")

    class SalaryPeriod(models.TextChoices):
        HOUR = "hour", _("de l'heure")
        MONTH = "month", _("par mois")
        YEAR = "year", _("par an")

    # name: Transition(states it may start from, state it leads to). The one table the services and
    # tests read, in the shape of placements' (backend.core.transitions); who may make each move is
    # the pages' and the API's permissions' business (an employer's own offers, the school's
    # moderation), so the table names no roles.
    TRANSITIONS: dict[str, Transition] = {
        "submit": move({Status.DRAFT, Status.DECLINED, Status.EXPIRED}, Status.SUBMITTED),
        "approve": move({Status.SUBMITTED}, Status.PUBLISHED),
        "decline": move({Status.SUBMITTED}, Status.DECLINED),
        "fill": move({Status.PUBLISHED}, Status.FILLED),
        "close": move({Status.DRAFT, Status.SUBMITTED, Status.DECLINED, Status.PUBLISHED}, Status.CLOSED),
        "expire": move({Status.PUBLISHED}, Status.EXPIRED),
    }
    EDITABLE = {Status.DRAFT, Status.DECLINED, Status.SUBMITTED, Status.PUBLISHED, Status.EXPIRED}
    CONTRACTS_WITH_DURATION = {ContractType.CDD, ContractType.STAGE, ContractType.INTERIM}
    ALTERNANCE = {ContractType.APPRENTISSAGE, ContractType.PROFESSIONNALISATION}

    class Source(models.TextChoices):
        PARTNER = "partner", _("Employeur de Tremplin")
        FRANCE_TRAVAIL = "france_travail", _("France Travail")

    # A territory offer (France Travail's feed) has no employer account behind it: ``employer`` is empty,
    # the company is ``published_employer`` as France Travail shows it, and candidates apply on
    # ``external_url``. No employer can reach it, so it never enters an employer's pages or shortlists.
    source = models.CharField(
        _("origine"), max_length=16, choices=Source.choices, default=Source.PARTNER, db_index=True
    )
    external_id = models.CharField(_("référence France Travail"), max_length=32, blank=True, default="")
    external_url = models.URLField(_("offre d'origine"), max_length=500, blank=True, default="")
    published_employer = models.CharField(_("employeur (tel que publié)"), max_length=200, blank=True)
    # A territory offer that repeats a partner's own offer: kept and synced, shown once (the partner's).
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("doublon de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="external_duplicates",
    )
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.CASCADE, related_name="offers"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="offers_created"
    )
    title = models.CharField(_("intitulé du poste"), max_length=200)
    description = models.TextField(_("description (Markdown)"))
    description_html = models.TextField(editable=False, default="")
    appellation = models.ForeignKey(
        "taxonomy.Appellation",
        verbose_name=_("appellation ROME"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    occupation = models.ForeignKey(
        "taxonomy.Occupation", verbose_name=_("métier ROME"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # True when ``occupation`` is the ROME classifier's answer, which a later analysis may replace (or
    # empty when it is no longer sure). A code a person chose — the employer, an officer from the
    # « Offres à coder » queue, France Travail's own coding — leaves it False and no analysis touches it.
    occupation_from_model = models.BooleanField(_("métier ROME lu par le modèle"), default=False)
    contract_type = models.CharField(_("type de contrat"), max_length=24, choices=ContractType.choices)
    contract_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)
    internship_gratification = models.DecimalField(
        _("gratification mensuelle (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    working_time = models.CharField(
        _("temps de travail"), max_length=16, choices=WorkingTime.choices, default=WorkingTime.FULL_TIME
    )
    weekly_hours = models.DecimalField(
        _("heures par semaine"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    remote = models.CharField(_("télétravail"), max_length=8, choices=Remote.choices, default=Remote.ONSITE)
    # False when the employer left the remote policy blank in the form: ``remote`` then holds a default
    # ("onsite") that the policy read from the description replaces (see offer_analysis_apply).
    remote_answered = models.BooleanField(_("télétravail précisé par l'employeur"), default=True)
    salary_min = models.DecimalField(
        _("salaire minimum (€ brut)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        validators=[MinValueValidator(0)],
    )
    salary_max = models.DecimalField(
        _("salaire maximum (€ brut)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        validators=[MinValueValidator(0)],
    )
    salary_period = models.CharField(
        _("période du salaire"), max_length=8, choices=SalaryPeriod.choices, default=SalaryPeriod.MONTH
    )
    openings = models.PositiveSmallIntegerField(
        _("nombre de postes"), default=1, validators=[MinValueValidator(1)]
    )
    commune = models.ForeignKey("geo.Commune", verbose_name=_("lieu de travail"), on_delete=models.PROTECT)
    disability_friendly = models.BooleanField(
        _("poste ouvert aux travailleurs handicapés (RQTH)"), default=False
    )
    deadline = models.DateField(_("date limite de candidature"), null=True, blank=True)

    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    moderation_reason = models.TextField(_("motif du refus"), blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("actualisée le"), null=True, blank=True)
    duplicated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Denormalised, accent-folded text for search (title, description, skills, commune).
    search_text = models.TextField(editable=False, default="")
    # PostgreSQL only: French tsvector of search_text, kept current by a trigger (migration 0004)
    # so a search reads a stored, GIN-indexed vector instead of parsing every description.
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only: the workplace commune's coordinates, copied by triggers (migration 0005) on
    # every write of the offer and every move of a commune, whoever writes (services, bulk_create,
    # queryset.update), so the API's distance search filters one indexed table instead of joining
    # the communes. SQLite (the embedded demo) leaves them empty and joins the commune.
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    # Outbox for the NLP pipeline: the hash of the content, and of the content last analysed.
    content_hash = models.CharField(max_length=64, editable=False, default="")
    analysed_hash = models.CharField(max_length=64, editable=False, default="", blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the pipeline read in the text, per field: {"contract_months": {"value": 6, "evidence": "CDD de 6 mois",
    # "applied": true}}. "applied" means it filled an empty field; the employer is asked to confirm.
    extracted_facts = models.JSONField(default=dict, blank=True, editable=False)
    # Skills the text mentions but the employer said no to: the pipeline never proposes them again.
    dismissed_skills = models.ManyToManyField("taxonomy.Skill", blank=True, related_name="+")

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("offre")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "contract_type"]),
            models.Index(fields=["employer", "status"]),
            # The public distance search: a box of coordinates among published offers, by contract
            # when one is asked for (the usual case), otherwise all of them.
            models.Index(
                fields=["contract_type", "latitude", "longitude"],
                condition=Q(status="published"),
                name="offer_published_contract_geo",
            ),
            models.Index(
                fields=["latitude", "longitude"], condition=Q(status="published"), name="offer_published_geo"
            ),
        ]
        constraints = [
            # A partner's offer has its employer and a salary; a territory offer has no employer and
            # its France Travail reference, unique.
            models.CheckConstraint(
                condition=(
                    Q(
                        source="partner",
                        employer__isnull=False,
                        salary_min__isnull=False,
                        salary_max__isnull=False,
                    )
                    | (Q(source="france_travail", employer__isnull=True) & ~Q(external_id=""))
                ),
                name="offer_source_shape",
            ),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="offer_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__lte=models.F("salary_max")), name="offer_salary_min_le_max"
            ),
            models.CheckConstraint(condition=Q(salary_min__gt=0), name="offer_salary_positive"),
            models.CheckConstraint(condition=Q(openings__gte=1), name="offer_openings_positive"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="offer_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(moderation_reason=""), name="offer_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(contract_type__in=["CDD", "STAGE"]) | Q(contract_months__isnull=False),
                name="offer_fixed_term_has_duration",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_analysis(self) -> bool:
        return self.analysed_hash != self.content_hash

    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_external(self) -> bool:
        """A territory offer: published elsewhere (France Travail), applied for there."""
        return self.source != self.Source.PARTNER

    @property
    def employer_label(self) -> str:
        """The company's name as shown to people: the partner's, or the one France Travail published."""
        if self.employer_id:
            return self.employer.name
        return self.published_employer or _("Entreprise non communiquée")

    @property
    def is_alternance(self) -> bool:
        return self.contract_type in self.ALTERNANCE

    def can(self, transition: str) -> bool:
        return self.TRANSITIONS[transition].starts_from(self.status)

    def compute_content_hash(self) -> str:
        """What the NLP pipeline reads: a change here means the offer must be analysed again."""
        text = "\x1f".join([self.title, self.description])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def expiry_due(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return False
        if self.deadline and self.deadline < timezone.localdate(now):
            return True
        last = self.refreshed_at or self.published_at
        return bool(last and last < now - timedelta(days=settings.OFFER_STALE_DAYS))

    @property
    def salary_label(self) -> str:
        def fmt(v):
            if v == int(v):
                return f"{int(v):,}".replace(",", "\u202f")
            # « 13,50 € » in French: the language's decimal mark, never Python's point.
            whole, cents = f"{v:,.2f}".split(".")
            return whole.replace(",", "\u202f") + get_format("DECIMAL_SEPARATOR") + cents

        if self.salary_min is None:
            return _("Salaire non précisé")
        period = self.get_salary_period_display()
        if self.salary_max is None or self.salary_min == self.salary_max:
            return f"{fmt(self.salary_min)} € brut {period}"
        return f"{fmt(self.salary_min)} – {fmt(self.salary_max)} € brut {period}"


class OfferSkill(models.Model):
    class Level(models.TextChoices):
        REQUIRED = "required", _("Requise")
        NICE = "nice", _("Appréciée")

    class Source(models.TextChoices):
        DECLARED = "declared", _("Choisie par l'employeur")
        EXTRACTED = "extracted", _("Détectée dans le texte")
        CONFIRMED = "confirmed", _("Détectée puis confirmée")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="offer_skills")
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, related_name="offer_skills")
    level = models.CharField(_("niveau"), max_length=8, choices=Level.choices, default=Level.REQUIRED)
    source = models.CharField(_("origine"), max_length=10, choices=Source.choices, default=Source.DECLARED)
    evidence = models.CharField(_("extrait"), max_length=300, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["level", "skill__label_fr"]
        verbose_name = _("compétence de l'offre")
        constraints = [models.UniqueConstraint(fields=["offer", "skill"], name="offerskill_unique")]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class OfferTransitionLog(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transition = models.CharField(max_length=16)
    from_state = models.CharField(max_length=16)
    to_state = models.CharField(max_length=16)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("historique de l'offre")

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.from_state} → {self.to_state} ({self.transition})"
