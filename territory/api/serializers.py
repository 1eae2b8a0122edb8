"""The territory API's serializers: a prospect as ranked on ``/ecole/territoire/prospects/``, the request to add
one to the CRM and the employer it made."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.geo.api.serializers import CommuneSerializer


class ContractCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class ProspectOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ProspectSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=_("Le nom replié (sans accents ni casse) : ce qu'on envoie pour l'ajouter.")
    )
    name = serializers.CharField()
    score = serializers.FloatField(
        help_text=_("offres × (1 + part débutant·es) × (0,5 + 0,5 × part durable) / (1 + km / 20)")
    )
    offers = serializers.IntegerField(help_text=_("Offres dans les métiers de l'école sur la période."))
    beginner = serializers.IntegerField(help_text=_("Dont ouvertes aux débutant·es."))
    beginner_share = serializers.FloatField()
    durable = serializers.IntegerField(help_text=_("Dont CDI, CDD de 6 mois ou plus, alternance."))
    durable_share = serializers.FloatField()
    distance_km = serializers.FloatField(help_text=_("De Lens au lieu de travail le plus proche."))
    commune = CommuneSerializer(allow_null=True)
    latest = serializers.DateTimeField(allow_null=True, help_text=_("Publication de sa dernière offre."))
    contracts = ContractCountSerializer(many=True)
    recent_offers = ProspectOfferSerializer(many=True, help_text=_("Ses 10 dernières offres."))

    def to_representation(self, prospect):
        data = {
            "key": prospect.key,
            "name": prospect.name,
            "score": round(prospect.score, 4),
            "offers": prospect.offers,
            "beginner": prospect.beginner,
            "beginner_share": round(prospect.beginner_share, 4),
            "durable": prospect.durable,
            "durable_share": round(prospect.durable_share, 4),
            "distance_km": round(prospect.distance_km, 1),
            "commune": prospect.commune,
            "latest": prospect.latest,
            "contracts": [{"label": str(label), "count": n} for label, n in prospect.contract_labels],
            "recent_offers": [{"id": pk, "title": title} for pk, title in prospect.titles[:10]],
        }
        return super().to_representation(data)


class ProspectAddSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=200, help_text=_("La clé d'un prospect de la liste."))


class ProspectAddedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("L'entreprise créée dans le suivi (statut prospect)."))
    name = serializers.CharField()
    status = serializers.CharField()
