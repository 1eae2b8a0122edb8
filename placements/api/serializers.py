"""API shapes of candidacies, placements and follow-ups. Input serializers only validate: the services write.

Output fields are listed explicitly: a graduate's entry characteristics never appear here.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Application, ApplicationTransition, ContractCategory, OutcomeCheck, Placement

# --- shared references ---------------------------------------------------------------------------


class CandidateRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    cohort = serializers.CharField(source="cohort.name", read_only=True)


class HiringEmployerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class CandidacyOfferRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    employer = HiringEmployerRefSerializer(read_only=True)


# --- applications --------------------------------------------------------------------------------


class ApplicationSerializer(serializers.ModelSerializer):
    """One candidacy as the person asking sees it; ``context["role"]`` decides the allowed moves."""

    graduate = CandidateRefSerializer(read_only=True)
    offer = CandidacyOfferRefSerializer(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    status_for_graduate = serializers.CharField(read_only=True)
    refusal_for_graduate = serializers.CharField(read_only=True)
    # Blank until a refusal: documented as "" or one of the reasons.
    refusal_reason = serializers.ChoiceField(
        choices=Application.RefusalReason.choices, read_only=True, allow_blank=True
    )
    stale = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "state",
            "state_label",
            "status_for_graduate",
            "origin",
            "graduate",
            "offer",
            "message",
            "share_cv",
            "interview_at",
            "interview_place",
            "refusal_reason",
            "refusal_for_graduate",
            "applied_at",
            "moved_at",
            "created_at",
            "stale",
            "allowed_transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_stale(self, app: Application) -> bool:
        return app.is_stale(self.context.get("now") or timezone.now())

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=list(Application.TRANSITIONS)))
    )
    def get_allowed_transitions(self, app: Application) -> list[str]:
        role = self.context.get("role")
        return app.allowed_transitions(role) if role else []


class TransitionLogSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationTransition
        fields = ["transition", "from_state", "to_state", "at", "actor", "note"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, step: ApplicationTransition) -> str | None:
        return str(step.actor) if step.actor_id else None

    def to_representation(self, step):
        data = super().to_representation(step)
        if self.context.get("role") == "graduate":
            data["note"] = ""  # notes are the school's and the employer's
        return data


class ApplicationDetailSerializer(ApplicationSerializer):
    timeline = TransitionLogSerializer(source="transitions", many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "timeline"]
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.Serializer):
    offer = serializers.IntegerField(min_value=1, help_text=_("Identifiant de l'offre."))
    graduate = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_(
            "Diplômé·e proposé·e (école) ou invité·e (employeur) ; inutile pour un·e diplômé·e qui postule."
        ),
    )
    message = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")
    share_cv = serializers.BooleanField(required=False, default=True)


class TransitionSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(
        choices=list(Application.TRANSITIONS),
        error_messages={"invalid_choice": _("Action inconnue : « {input} ».")},
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    refusal_reason = serializers.ChoiceField(
        choices=Application.RefusalReason.choices, required=False, allow_blank=True, default=""
    )
    interview_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    interview_place = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")

    def service_kwargs(self) -> dict:
        return dict(self.validated_data)


# --- placements ----------------------------------------------------------------------------------


class PlacementSerializer(serializers.ModelSerializer):
    graduate = CandidateRefSerializer(read_only=True)
    employer = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    offer = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    application = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "graduate",
            "employer",
            "employer_name",
            "offer",
            "application",
            "contract_type",
            "job_title",
            "start_date",
            "end_date",
            "monthly_gross_salary",
            "via_tremplin",
            "is_training_internship",
            "status",
            "confirmed_at",
            "created_at",
        ]
        read_only_fields = fields


class PlacementWriteSerializer(serializers.Serializer):
    graduate = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("Pour l'école : le ou la diplômé·e. Ignoré pour un·e diplômé·e."),
    )
    employer = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text=_("Entreprise inscrite sur Tremplin, s'il y a lieu."),
    )
    employer_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contract_type = serializers.ChoiceField(choices=ContractCategory.choices)
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    monthly_gross_salary = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    via_tremplin = serializers.BooleanField(required=False, default=False)
    is_training_internship = serializers.BooleanField(required=False, default=False)


class PlacementConfirmSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(default=True, help_text=_("false : ne pas confirmer la déclaration."))
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


# --- outcome checks ------------------------------------------------------------------------------


class OutcomeCheckSerializer(serializers.ModelSerializer):
    graduate = CandidateRefSerializer(read_only=True)
    is_frozen = serializers.BooleanField(read_only=True)
    # Blank until the situation is known: documented as "" or one of the choices.
    contract_type = serializers.ChoiceField(
        choices=ContractCategory.choices, read_only=True, allow_blank=True
    )
    source = serializers.ChoiceField(choices=OutcomeCheck.Source.choices, read_only=True, allow_blank=True)

    class Meta:
        model = OutcomeCheck
        fields = [
            "id",
            "graduate",
            "milestone",
            "due_on",
            "situation",
            "contract_type",
            "employer_name",
            "note",
            "source",
            "responded_at",
            "form_sent_at",
            "validated_at",
            "is_frozen",
        ]
        read_only_fields = fields


class OutcomeCheckWriteSerializer(serializers.Serializer):
    situation = serializers.ChoiceField(choices=OutcomeCheck.Situation.choices)
    contract_type = serializers.ChoiceField(
        choices=ContractCategory.choices, required=False, allow_blank=True
    )
    employer_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
