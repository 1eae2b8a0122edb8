"""API shapes of employers and offers. Input serializers only validate: the services write."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.geo.api.serializers import CommuneSerializer
from backend.geo.models import Commune
from backend.taxonomy.models import Appellation, Occupation, Skill

from ..models import Contact, Employer, Interaction, Offer, OfferSkill, Partnership
from ..validators import validate_siret as siret_validator

COMMUNE_UNKNOWN = _(
    "Commune inconnue : aucun code INSEE « {pk_value} ». Cherchez-le avec /api/v1/communes/?q=…"
)


def commune_field(**kwargs) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.all(),
        pk_field=serializers.CharField(max_length=5),
        error_messages={
            "does_not_exist": COMMUNE_UNKNOWN,
            "incorrect_type": _(
                "La commune se désigne par son code INSEE (5 caractères, par exemple 62510)."
            ),
        },
        help_text=_("Code INSEE de la commune."),
        **kwargs,
    )


# ---------------------------------------------------------------- offers: output


class OfferSkillSerializer(serializers.ModelSerializer):
    skill = serializers.IntegerField(source="skill_id", read_only=True)
    uid = serializers.CharField(source="skill.uid", read_only=True)
    label = serializers.CharField(source="skill.label_fr", read_only=True)

    class Meta:
        model = OfferSkill
        fields = ["skill", "uid", "label", "level", "source"]
        read_only_fields = fields


class AppellationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appellation
        fields = ["code", "label"]
        read_only_fields = fields


class OccupationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Occupation
        fields = ["code", "label"]
        read_only_fields = fields


class EmployerRefSerializer(serializers.ModelSerializer):
    # Blank when the employer gave none: documented as "" or a URL.
    website = serializers.URLField(read_only=True, allow_blank=True)

    class Meta:
        model = Employer
        fields = ["id", "name", "website"]
        read_only_fields = fields


class PublicOfferSerializer(serializers.ModelSerializer):
    """What anyone may read of a published offer."""

    employer = EmployerRefSerializer(read_only=True)
    commune = CommuneSerializer(read_only=True)
    appellation = AppellationRefSerializer(read_only=True, allow_null=True)
    occupation = OccupationRefSerializer(read_only=True, allow_null=True)
    contract_type_label = serializers.CharField(source="get_contract_type_display", read_only=True)
    remote_label = serializers.CharField(source="get_remote_display", read_only=True)
    salary_label = serializers.CharField(read_only=True)
    skills = OfferSkillSerializer(source="offer_skills", many=True, read_only=True)
    distance_km = serializers.SerializerMethodField(
        help_text=_("Distance à la commune « near », quand elle est donnée.")
    )

    class Meta:
        model = Offer
        fields = [
            "id",
            "title",
            "description_html",
            "employer",
            "appellation",
            "occupation",
            "contract_type",
            "contract_type_label",
            "contract_months",
            "internship_gratification",
            "start_date",
            "working_time",
            "weekly_hours",
            "remote",
            "remote_label",
            "salary_min",
            "salary_max",
            "salary_period",
            "salary_label",
            "openings",
            "commune",
            "disability_friendly",
            "deadline",
            "published_at",
            "skills",
            "distance_km",
        ]
        read_only_fields = fields

    def get_distance_km(self, offer) -> float | None:
        distance = getattr(offer, "distance_km", None)
        return None if distance is None else round(distance, 1)


class OfferListSkillSerializer(serializers.Serializer):
    skill = serializers.IntegerField(source="skill_id", read_only=True)
    label = serializers.CharField(source="skill.label_fr", read_only=True)
    level = serializers.CharField(read_only=True)


class PublicOfferListSerializer(serializers.ModelSerializer):
    """One search result: what a result card shows; the full text is on the detail endpoint.

    Renders the rows of ``selectors.offer_search_public_page``; the declared fields are the schema.
    """

    employer = EmployerRefSerializer(read_only=True)
    commune = CommuneSerializer(read_only=True)
    contract_type_label = serializers.CharField(source="get_contract_type_display", read_only=True)
    salary_label = serializers.CharField(read_only=True)
    skills = OfferListSkillSerializer(source="offer_skills", many=True, read_only=True)
    distance_km = serializers.SerializerMethodField(
        help_text=_("Distance à la commune « near », quand elle est donnée.")
    )

    class Meta:
        model = Offer
        fields = [
            "id",
            "title",
            "employer",
            "commune",
            "contract_type",
            "contract_type_label",
            "contract_months",
            "remote",
            "salary_min",
            "salary_max",
            "salary_period",
            "salary_label",
            "start_date",
            "deadline",
            "published_at",
            "skills",
            "distance_km",
        ]
        read_only_fields = fields

    def get_distance_km(self, offer) -> float | None:
        distance = getattr(offer, "distance_km", None)
        return None if distance is None else round(distance, 1)

    def to_representation(self, row: dict):
        # Search results are the hottest read of the platform: they are rendered from the plain
        # rows of selectors.offer_search_public_page rather than through ~40 field objects per
        # model instance. The declared fields still describe the schema, and a test checks that
        # both renderings are the same.
        per_response = self._per_response
        salary = _Salary(
            row["salary_min"],
            row["salary_max"],
            per_response["period"][row["salary_period"]],
        )
        commune = _Commune(row["commune_name"], row["commune_department"], row["commune_postal_codes"])
        distance = row["distance_km"]
        return {
            "id": row["id"],
            "title": row["title"],
            "employer": {
                "id": row["employer_id"],
                "name": row["employer_name"],
                "website": row["employer_website"],
            },
            "commune": {
                "insee": row["commune_insee"],
                "name": row["commune_name"],
                "label": commune.label,
                "department": row["commune_department"],
                "postal_codes": row["commune_postal_codes"],
                "latitude": row["commune_latitude"],
                "longitude": row["commune_longitude"],
            },
            "contract_type": row["contract_type"],
            "contract_type_label": per_response["contract"][row["contract_type"]],
            "contract_months": row["contract_months"],
            "remote": row["remote"],
            "salary_min": _decimal(row["salary_min"]),
            "salary_max": _decimal(row["salary_max"]),
            "salary_period": row["salary_period"],
            "salary_label": salary.salary_label,
            "start_date": row["start_date"].isoformat() if row["start_date"] else None,
            "deadline": row["deadline"].isoformat() if row["deadline"] else None,
            "published_at": per_response["published_at"](row["published_at"]),
            "skills": row["skills"],
            "distance_km": None if distance is None else round(distance, 1),
        }

    @cached_property
    def _per_response(self) -> dict:
        # What depends on the request's language and time zone, looked up once per response rather
        # than once per row (get_FOO_display() rebuilds its mapping at each call, and DRF's
        # DateTimeField looks the current time zone up at each value).
        published_at = serializers.DateTimeField(default_timezone=timezone.get_current_timezone())
        return {
            "contract": _ChoiceLabels(Offer.ContractType.choices),
            "period": _ChoiceLabels(Offer.SalaryPeriod.choices),
            "published_at": lambda value: None if value is None else published_at.to_representation(value),
        }


class _ChoiceLabels(dict):
    """Value → label in the request's language, as get_FOO_display() gives it, translated when first met."""

    def __init__(self, choices):
        super().__init__()
        self._labels = dict(choices)

    def __missing__(self, value):
        label = self[value] = str(self._labels.get(value, value))
        return label


class _Salary:
    """What ``Offer.salary_label`` reads, so a result's label keeps the model's one definition."""

    __slots__ = ("salary_min", "salary_max", "_period_label")
    salary_label = Offer.salary_label

    def __init__(self, salary_min, salary_max, period_label):
        self.salary_min, self.salary_max, self._period_label = salary_min, salary_max, period_label

    def get_salary_period_display(self):
        return self._period_label


class _Commune:
    """What ``Commune.label`` reads, for the same reason."""

    __slots__ = ("name", "department", "postal_codes")
    main_postal_code = Commune.main_postal_code
    label = Commune.label

    def __init__(self, name, department, postal_codes):
        self.name, self.department, self.postal_codes = name, department, postal_codes


_decimal_field = serializers.DecimalField(max_digits=9, decimal_places=2)


def _decimal(value):
    return None if value is None else _decimal_field.to_representation(value)


class EmployerOfferSerializer(PublicOfferSerializer):
    """The employer's (and officers') view: status, moderation and the Markdown source."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta(PublicOfferSerializer.Meta):
        fields = [f for f in PublicOfferSerializer.Meta.fields if f != "distance_km"] + [
            "description",
            "status",
            "status_label",
            "moderation_reason",
            "refreshed_at",
            "duplicated_from",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


# ---------------------------------------------------------------- ROME coding (officers)


class RomeCandidateSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Code de la fiche ROME."))
    label = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text=_("Probabilité calibrée du modèle, de 0 à 1."))


class OfferToCodeSerializer(serializers.ModelSerializer):
    """An offer and the ROME classifier's reading of it: what an officer needs to code it."""

    employer_label = serializers.CharField(
        read_only=True, help_text=_("L'entreprise telle qu'elle est affichée.")
    )
    commune = CommuneSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    appellation = AppellationRefSerializer(read_only=True, allow_null=True)
    occupation = OccupationRefSerializer(read_only=True, allow_null=True)
    rome_confidence = serializers.SerializerMethodField(
        help_text=_("Assurance du modèle pour sa meilleure proposition (null : texte pas encore lu).")
    )
    rome_candidates = serializers.SerializerMethodField(
        help_text=_("Les trois fiches que le modèle propose.")
    )

    class Meta:
        model = Offer
        fields = [
            "id",
            "title",
            "source",
            "employer_label",
            "external_url",
            "commune",
            "status",
            "status_label",
            "published_at",
            "appellation",
            "occupation",
            "occupation_from_model",
            "rome_confidence",
            "rome_candidates",
        ]
        read_only_fields = fields

    @staticmethod
    def _reading(offer) -> dict:
        reading = (offer.extracted_facts or {}).get("occupation_id")
        return reading if isinstance(reading, dict) else {}

    def get_rome_confidence(self, offer) -> float | None:
        value = self._reading(offer).get("confidence")
        return float(value) if isinstance(value, int | float) else None

    @extend_schema_field(RomeCandidateSerializer(many=True))
    def get_rome_candidates(self, offer) -> list[dict]:
        rows = []
        for c in self._reading(offer).get("candidates") or []:
            if isinstance(c, dict) and c.get("code"):
                score = c.get("score")
                rows.append(
                    {
                        "code": str(c["code"]),
                        "label": str(c.get("label") or ""),
                        "score": float(score) if isinstance(score, int | float) else None,
                    }
                )
        return rows


class OccupationChoiceSerializer(serializers.Serializer):
    occupation = serializers.PrimaryKeyRelatedField(
        queryset=Occupation.objects.all(),
        required=False,
        allow_null=True,
        error_messages={
            "does_not_exist": _("Code ROME inconnu : « {pk_value} »."),
            "incorrect_type": _("Un code ROME s'écrit M1805."),
        },
        help_text=_("Code de la fiche ROME (une des propositions, par exemple)."),
    )
    appellation = serializers.PrimaryKeyRelatedField(
        queryset=Appellation.objects.select_related("occupation"),
        required=False,
        allow_null=True,
        error_messages={
            "does_not_exist": _("Appellation ROME inconnue : code OGR « {pk_value} »."),
            "incorrect_type": _("Un code OGR s'écrit 10438."),
        },
        help_text=_("Code OGR d'une appellation (voir /api/v1/appellations/) : sa fiche est retenue."),
    )

    def validate(self, attrs):
        if not attrs.get("occupation") and not attrs.get("appellation"):
            raise serializers.ValidationError(
                {
                    "occupation": [
                        _("Donnez une fiche ROME (« occupation ») ou une appellation (« appellation »).")
                    ]
                }
            )
        return attrs


# ---------------------------------------------------------------- offers: input


class OfferSkillInputSerializer(serializers.Serializer):
    skill = serializers.PrimaryKeyRelatedField(
        queryset=Skill.objects.all(),
        error_messages={"does_not_exist": _("Compétence inconnue : {pk_value}.")},
        help_text=_("Identifiant de la compétence (voir /api/v1/skills/)."),
    )
    level = serializers.ChoiceField(choices=OfferSkill.Level.choices, default=OfferSkill.Level.REQUIRED)


class OfferWriteSerializer(serializers.Serializer):
    """Create (all required fields) or PATCH (``partial=True``). Business rules are the service's."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(help_text=_("Markdown ; le HTML est nettoyé."))
    appellation = serializers.PrimaryKeyRelatedField(
        queryset=Appellation.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Appellation ROME inconnue : code OGR « {pk_value} ».")},
        help_text=_("Code OGR de l'appellation ROME (voir /api/v1/appellations/)."),
    )
    occupation = serializers.PrimaryKeyRelatedField(
        queryset=Occupation.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Code ROME inconnu : « {pk_value} ».")},
        help_text=_("Code ROME (déduit de l'appellation quand il manque)."),
    )
    contract_type = serializers.ChoiceField(choices=Offer.ContractType.choices)
    contract_months = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=120)
    internship_gratification = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    working_time = serializers.ChoiceField(choices=Offer.WorkingTime.choices, required=False)
    weekly_hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, min_value=1, max_value=48
    )
    remote = serializers.ChoiceField(choices=Offer.Remote.choices, required=False)
    salary_min = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0)
    salary_max = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0)
    salary_period = serializers.ChoiceField(choices=Offer.SalaryPeriod.choices, required=False)
    openings = serializers.IntegerField(required=False, min_value=1, max_value=999)
    commune = commune_field()
    disability_friendly = serializers.BooleanField(required=False)
    deadline = serializers.DateField(required=False, allow_null=True)
    skills = OfferSkillInputSerializer(many=True, required=False)
    expected_updated_at = serializers.DateTimeField(
        required=False,
        write_only=True,
        help_text=_("PATCH : le « updated_at » lu ; 409 si un collègue a modifié l'offre entre-temps."),
    )

    def validate_skills(self, value):
        ids = [item["skill"].pk for item in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Une compétence figure deux fois dans la liste."))
        return value

    def service_kwargs(self) -> dict:
        """The validated payload as the services' keyword arguments (``skills`` as (Skill, level) pairs)."""
        data = dict(self.validated_data)
        if "skills" in data:
            # A PATCH is partial down to the nested items, so the level's default is applied here.
            data["skills"] = [
                (item["skill"], item.get("level", OfferSkill.Level.REQUIRED)) for item in data["skills"]
            ]
        return data


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000,
        error_messages={
            "required": _("Indiquez le motif du refus : l'employeur le verra."),
            "blank": _("Indiquez le motif du refus : l'employeur le verra."),
        },
    )


# ---------------------------------------------------------------- employers


class EmployerSerializer(serializers.ModelSerializer):
    commune = CommuneSerializer(read_only=True)
    website = serializers.URLField(read_only=True, allow_blank=True)
    size_band_label = serializers.CharField(source="get_size_band_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "siret",
            "naf_code",
            "size_band",
            "size_band_label",
            "address",
            "commune",
            "website",
            "description",
            "status",
            "status_label",
            "decline_reason",
            "reviewed_at",
            "created_at",
        ]
        read_only_fields = fields


class EmployerListItemSerializer(EmployerSerializer):
    open_offers = serializers.IntegerField(read_only=True, help_text=_("Offres publiées."))

    class Meta(EmployerSerializer.Meta):
        fields = [*EmployerSerializer.Meta.fields, "open_offers"]
        read_only_fields = fields


class EmployerUpdateSerializer(serializers.Serializer):
    """PATCH of the organisation's own record."""

    name = serializers.CharField(max_length=200)
    siret = serializers.CharField(
        max_length=20,
        validators=[siret_validator],
        help_text=_("14 chiffres ; modifiable tant que l'école n'a pas validé l'entreprise."),
    )
    naf_code = serializers.CharField(max_length=6, allow_blank=True)
    size_band = serializers.ChoiceField(choices=Employer.SizeBand.choices)
    address = serializers.CharField(max_length=250, allow_blank=True)
    commune = commune_field()
    website = serializers.URLField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)

    def validate_siret(self, value: str) -> str:
        return value.replace(" ", "")

    def validate_naf_code(self, value: str) -> str:
        return value.strip().upper()


class PartnershipSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    officer = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "commitments",
            "hires_per_year",
            "internships_per_year",
            "start_date",
            "renewal_date",
            "officer",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_officer(self, partnership) -> str | None:
        return str(partnership.officer) if partnership.officer_id else None


class PartnershipWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Partnership.Kind.choices)
    status = serializers.ChoiceField(choices=Partnership.Status.choices, required=False)
    commitments = serializers.CharField(required=False, allow_blank=True)
    hires_per_year = serializers.IntegerField(required=False, min_value=0, max_value=999)
    internships_per_year = serializers.IntegerField(required=False, min_value=0, max_value=999)
    start_date = serializers.DateField()
    renewal_date = serializers.DateField(required=False, allow_null=True)


class InteractionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    by = serializers.SerializerMethodField()

    class Meta:
        model = Interaction
        fields = ["id", "kind", "kind_label", "occurred_on", "summary", "partnership", "by", "created_at"]
        read_only_fields = fields

    def get_by(self, interaction) -> str | None:
        return str(interaction.by) if interaction.by_id else None


class InteractionWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Interaction.Kind.choices)
    occurred_on = serializers.DateField(required=False, help_text=_("Aujourd'hui par défaut."))
    summary = serializers.CharField()
    partnership = serializers.PrimaryKeyRelatedField(
        queryset=Partnership.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Partenariat inconnu : {pk_value}.")},
    )

    def validate_partnership(self, partnership):
        if partnership is not None and partnership.employer_id != self.context["employer"].pk:
            raise serializers.ValidationError(_("Ce partenariat concerne une autre entreprise."))
        return partnership


class ContactSerializer(serializers.ModelSerializer):
    has_account = serializers.SerializerMethodField(help_text=_("La personne se connecte à Tremplin."))

    class Meta:
        model = Contact
        fields = ["id", "first_name", "last_name", "email", "phone", "job_title", "is_primary", "has_account"]
        read_only_fields = fields

    def get_has_account(self, contact) -> bool:
        return contact.user_id is not None


class ContactInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
