"""The internships API's serializers: an agreement with its latest version, the version's signatures and what
still stops them, and a party's request to sign."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import rules
from ..models import Agreement, AgreementVersion, Signature


class SignatureSerializer(serializers.ModelSerializer):
    party_label = serializers.CharField(source="get_party_display", read_only=True)

    class Meta:
        model = Signature
        fields = ["party", "party_label", "signer_name", "signed_at", "document_sha256"]
        read_only_fields = fields


class AgreementVersionSerializer(serializers.ModelSerializer):
    signatures = SignatureSerializer(many=True, read_only=True)
    presence_hours = serializers.SerializerMethodField(
        help_text=_("Heures de présence entre les deux dates.")
    )
    problems = serializers.SerializerMethodField(help_text=_("Ce qui empêche encore les signatures."))

    class Meta:
        model = AgreementVersion
        fields = [
            "number",
            "reason",
            "start_date",
            "end_date",
            "weekly_hours",
            "days_per_week",
            "schedule",
            "gratification_hourly",
            "host_name",
            "host_siret",
            "tutor_name",
            "referent_name",
            "trainee_name",
            "tasks",
            "presence_hours",
            "document_sha256",
            "signed_pdf_sha256",
            "signatures",
            "problems",
        ]
        read_only_fields = fields

    def get_presence_hours(self, version) -> str:
        return str(version.presence_hours())

    def get_problems(self, version) -> list[str]:
        return [str(p) for p in rules.agreement_problems(version)]


class AgreementSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    graduate_name = serializers.CharField(source="graduate.full_name", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    latest_version = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "status",
            "status_label",
            "graduate_name",
            "employer_name",
            "created_at",
            "latest_version",
        ]
        read_only_fields = fields

    @extend_schema_field(AgreementVersionSerializer)
    def get_latest_version(self, agreement) -> dict:
        return AgreementVersionSerializer(agreement.latest_version()).data


class SignRequestSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        help_text=_("Le numéro de la version lue : si elle a changé, rien n'est signé."),
    )
