from rest_framework import serializers

from ..models import Appellation, Skill


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "uid", "label_fr", "label_en", "kind", "esco_uri"]


class AppellationSerializer(serializers.ModelSerializer):
    rome_code = serializers.CharField(source="occupation_id", read_only=True)
    rome_label = serializers.CharField(source="occupation.label", read_only=True)

    class Meta:
        model = Appellation
        fields = ["code", "label", "rome_code", "rome_label"]
