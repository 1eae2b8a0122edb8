"""Serializers per audience: the graduate themself, the school, and employers (shared fields only).

The employer serializer lists its fields explicitly and has no entry characteristics at all, so a
new model field never leaks by default.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.accounts.models import User
from backend.geo.models import Commune
from backend.taxonomy.models import Appellation, Skill

from ..models import Cohort, Graduate, GraduateSkill, Project
from ..selectors import visible_skills


class ProfileSkillRefSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="label_fr")

    class Meta:
        model = Skill
        fields = ["id", "uid", "label", "kind"]


class DesiredAppellationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appellation
        fields = ["code", "label", "occupation"]


class HomeCommuneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commune
        fields = ["insee", "name", "department", "latitude", "longitude"]


class GraduateSkillSerializer(serializers.ModelSerializer):
    skill = ProfileSkillRefSerializer(read_only=True)
    # Plain integers: offers have a "level" enum of their own (required / nice to have).
    level = serializers.IntegerField(read_only=True, allow_null=True, min_value=1, max_value=4)
    confirmed = serializers.BooleanField(source="is_confirmed", read_only=True)

    class Meta:
        model = GraduateSkill
        fields = ["id", "skill", "source", "status", "level", "evidence", "confirmed", "confirmed_at"]


class SharedSkillSerializer(serializers.ModelSerializer):
    """A skill as employers see it: level and whether a trainer confirmed it."""

    uid = serializers.CharField(source="skill.uid")
    label = serializers.CharField(source="skill.label_fr")
    level = serializers.IntegerField(allow_null=True, min_value=1, max_value=4)
    confirmed = serializers.BooleanField(source="is_confirmed")

    class Meta:
        model = GraduateSkill
        fields = ["uid", "label", "level", "confirmed"]


class GraduateProjectSerializer(serializers.ModelSerializer):
    skills = ProfileSkillRefSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = ["id", "title", "description", "url", "skills"]


class GraduateProjectWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=1500, required=False, allow_blank=True)
    url = serializers.URLField(required=False, allow_blank=True)
    skills = serializers.SlugRelatedField(
        slug_field="uid", queryset=Skill.objects.all(), many=True, required=False
    )


class GraduateCohortSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cohort
        fields = [
            "id",
            "name",
            "track",
            "training_start",
            "training_end",
            "internship_start",
            "internship_end",
        ]


_PROFILE = [
    "commune",
    "mobility_radius_km",
    "mobility_mode",
    "radius_km",
    "contract_types",
    "available_from",
    "desired_appellations",
    "languages",
    "driving_licence",
    "presentation",
    "portfolio_url",
    "github_url",
    "linkedin_url",
]


class _ProfileFields(serializers.ModelSerializer):
    cohort = GraduateCohortSerializer(read_only=True)
    commune = HomeCommuneSerializer(read_only=True)
    desired_appellations = DesiredAppellationSerializer(many=True, read_only=True)
    radius_km = serializers.IntegerField(read_only=True)
    projects = GraduateProjectSerializer(many=True, read_only=True)


class GraduateSelfSerializer(_ProfileFields):
    """The graduate's own profile: everything, including what only the school sees."""

    skills = GraduateSkillSerializer(many=True, read_only=True)
    completeness = serializers.IntegerField(read_only=True)
    cv = serializers.SerializerMethodField()

    class Meta:
        model = Graduate
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "cohort",
            *_PROFILE,
            "skills",
            "projects",
            "cv",
            "visible_to_employers",
            "visibility_changed_at",
            "completeness",
            "birth_date",
            "gender",
            "diploma_level",
            "entry_situation",
            "qpv_resident",
            "disability_recognised",
            "disability_disclosed",
        ]

    def get_cv(self, graduate) -> dict | None:
        if not graduate.cv_file:
            return None
        return {
            "filename": graduate.cv_filename,
            "uploaded_at": graduate.cv_uploaded_at,
            "chars": len(graduate.cv_text),
        }


class GraduateOfficerSerializer(GraduateSelfSerializer):
    has_account = serializers.SerializerMethodField()

    class Meta(GraduateSelfSerializer.Meta):
        fields = [*GraduateSelfSerializer.Meta.fields, "has_account"]

    def get_has_account(self, graduate) -> bool:
        return graduate.user_id is not None


class GraduateEmployerSerializer(_ProfileFields):
    """What a graduate shares with employers: no e-mail, no entry characteristics, no CV file."""

    skills = serializers.SerializerMethodField()
    track = serializers.CharField(source="cohort.get_track_display", read_only=True)
    cohort_end = serializers.DateField(source="cohort.training_end", read_only=True)
    # Output only; not read_only so that the schema can say what is true: the key may be absent.
    disability_recognised = serializers.BooleanField(required=False)

    class Meta:
        model = Graduate
        fields = [
            "id",
            "first_name",
            "last_name",
            "track",
            "cohort_end",
            *_PROFILE,
            "skills",
            "projects",
            "disability_recognised",
        ]

    def get_skills(self, graduate) -> list[dict]:
        return SharedSkillSerializer(visible_skills(graduate), many=True).data

    def to_representation(self, graduate):
        data = super().to_representation(graduate)
        # Disclosed only by the graduate's choice; otherwise the key does not exist at all.
        if not graduate.disability_disclosed:
            data.pop("disability_recognised", None)
        return data


class GraduateLanguageSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    level = serializers.CharField(max_length=6, required=False, allow_blank=True)


class GraduateProfileWriteSerializer(serializers.Serializer):
    commune = serializers.SlugRelatedField(
        slug_field="insee", queryset=Commune.objects.all(), allow_null=True, required=False
    )
    mobility_radius_km = serializers.IntegerField(min_value=1, max_value=200, required=False)
    mobility_mode = serializers.ChoiceField(choices=Graduate.MobilityMode.choices, required=False)
    contract_types = serializers.ListField(
        child=serializers.ChoiceField(choices=Graduate.Contract.choices), required=False
    )
    available_from = serializers.DateField(allow_null=True, required=False)
    desired_appellations = serializers.SlugRelatedField(
        slug_field="code", queryset=Appellation.objects.all(), many=True, required=False
    )
    languages = GraduateLanguageSerializer(many=True, required=False)
    driving_licence = serializers.BooleanField(required=False)
    presentation = serializers.CharField(max_length=1200, allow_blank=True, required=False)
    portfolio_url = serializers.URLField(allow_blank=True, required=False)
    github_url = serializers.URLField(allow_blank=True, required=False)
    linkedin_url = serializers.URLField(allow_blank=True, required=False)
    disability_disclosed = serializers.BooleanField(required=False)


class VisibilitySerializer(serializers.Serializer):
    visible = serializers.BooleanField(help_text=_("Les employeurs partenaires peuvent voir mon profil."))


class GraduateFileUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class SkillDeclareSerializer(serializers.Serializer):
    skill = serializers.SlugRelatedField(slug_field="uid", queryset=Skill.objects.all())
    level = serializers.IntegerField(min_value=1, max_value=4)


class SkillLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=4)


class SkillReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    level = serializers.IntegerField(min_value=1, max_value=4, required=False)


class SkillConfirmSerializer(serializers.Serializer):
    skill = serializers.SlugRelatedField(slug_field="uid", queryset=Skill.objects.all())
    confirmed = serializers.BooleanField(default=True)
    level = serializers.IntegerField(min_value=1, max_value=4, required=False)


class CohortSerializer(serializers.ModelSerializer):
    size = serializers.IntegerField(read_only=True)
    accounts = serializers.IntegerField(read_only=True)
    visible = serializers.IntegerField(read_only=True)
    trainers = serializers.SerializerMethodField()

    class Meta:
        model = Cohort
        fields = [
            "id",
            "name",
            "track",
            "training_start",
            "training_end",
            "internship_start",
            "internship_end",
            "trainers",
            "size",
            "accounts",
            "visible",
        ]

    def get_trainers(self, cohort) -> list[dict]:
        return [{"id": u.pk, "name": u.get_full_name() or u.email} for u in cohort.trainers.all()]


class CohortWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    track = serializers.ChoiceField(choices=Cohort.Track.choices)
    training_start = serializers.DateField()
    training_end = serializers.DateField()
    internship_start = serializers.DateField(required=False, allow_null=True)
    internship_end = serializers.DateField(required=False, allow_null=True)
    trainers = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role__in=[User.Role.OFFICER, User.Role.ADMIN]),
        many=True,
        required=False,
    )


class BoardRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="graduate.id")
    name = serializers.CharField(source="graduate.full_name")
    email = serializers.EmailField(source="graduate.email")
    has_account = serializers.BooleanField()
    completeness = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.CharField())
    available = serializers.BooleanField()
    available_from = serializers.DateField(allow_null=True)
    visible = serializers.BooleanField()
    skills_accepted = serializers.IntegerField()
    skills_confirmed = serializers.IntegerField()
    skills_proposed = serializers.IntegerField()


class GraduateImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class GraduateImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Diplômé·es créé·es.")


class GraduateImportErrorsSerializer(serializers.Serializer):
    errors = GraduateImportErrorSerializer(many=True, required=False)
    fields = serializers.DictField(required=False, help_text="Erreurs du formulaire, par champ.")


class GraduateImportFailureSerializer(serializers.Serializer):
    """The API's error envelope: a French message, and the lines in error (or the form's fields)."""

    message = serializers.CharField()
    extra = GraduateImportErrorsSerializer(required=False)
