from rest_framework import serializers

from ..models import User


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "role"]
        read_only_fields = fields


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="La clé, montrée une seule fois.")
    expires_at = serializers.DateTimeField(read_only=True)
