from rest_framework import serializers

from ..models import Commune


class CommuneSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Commune
        fields = ["insee", "name", "label", "department", "postal_codes", "latitude", "longitude"]
