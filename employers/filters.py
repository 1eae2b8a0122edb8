"""Query parameters of the offer and employer lists: validated here, in French, before any read.

The public search is the selector's (``offer_search_public``): :class:`OfferSearchParams` only turns
the query string into an :class:`~employers.selectors.OfferSearch`. The employer-side lists are plain
querysets scoped by a selector, narrowed further by django-filter.
"""

import django_filters
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.geo.selectors import commune_get
from backend.taxonomy.models import Skill

from .models import Employer, Offer
from .selectors import OfferSearch

MAX_RADIUS_KM = 200
ORDERINGS = [
    ("relevance", _("pertinence")),
    ("date", _("date de publication")),
    ("distance", _("distance")),
]


def _codes(choices) -> str:
    return ", ".join(value for value, _label in choices)


class CommaListField(serializers.ListField):
    """A list from repeated parameters (``?remote=hybrid&remote=full``) or commas (``?remote=hybrid,full``)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [data]
        items = [part.strip() for item in data for part in str(item).split(",") if part.strip()]
        return super().to_internal_value(items)


class OfferSearchParams(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=_("Recherche plein texte (français).")
    )
    contract_type = CommaListField(
        child=serializers.ChoiceField(
            choices=Offer.ContractType.choices,
            error_messages={
                "invalid_choice": format_lazy(
                    _("Type de contrat inconnu : « {{input}} ». Valeurs possibles : {codes}."),
                    codes=_codes(Offer.ContractType.choices),
                )
            },
        ),
        required=False,
        help_text=_("Un ou plusieurs types de contrat."),
    )
    remote = CommaListField(
        child=serializers.ChoiceField(
            choices=Offer.Remote.choices,
            error_messages={
                "invalid_choice": format_lazy(
                    _("Télétravail inconnu : « {{input}} ». Valeurs possibles : {codes}."),
                    codes=_codes(Offer.Remote.choices),
                )
            },
        ),
        required=False,
        help_text=_("Politique de télétravail : onsite, hybrid, full."),
    )
    skill = CommaListField(
        child=serializers.IntegerField(
            min_value=1,
            error_messages={"invalid": _("Une compétence se désigne par son identifiant numérique.")},
        ),
        required=False,
        help_text=_(
            "Identifiant(s) de compétence (voir /api/v1/skills/) : l'offre doit les demander toutes."
        ),
    )
    near = serializers.CharField(
        required=False,
        max_length=5,
        help_text=_(
            "Code INSEE de la commune de référence (voir /api/v1/communes/), par exemple 62510 pour Liévin."
        ),
    )
    radius_km = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=MAX_RADIUS_KM,
        help_text=_("Rayon autour de « near », en kilomètres (200 au plus)."),
        error_messages={
            "invalid": _("Le rayon s'exprime en kilomètres, par un nombre (par exemple 20)."),
            "max_value": _("Le rayon ne peut pas dépasser {max_value} km."),
            "min_value": _("Le rayon ne peut pas être négatif."),
        },
    )
    ordering = serializers.ChoiceField(
        choices=ORDERINGS,
        required=False,
        default="relevance",
        error_messages={
            "invalid_choice": _("Tri inconnu : « {input} ». Valeurs possibles : relevance, date, distance.")
        },
    )

    def validate_near(self, value: str) -> str:
        # The commune is resolved inside the search query (one round trip less on the hottest read):
        # an unknown code finds nothing there, and check_near() then says why.
        self._near_input = value
        return value.strip().upper()

    def check_near(self) -> None:
        """Refuse an unknown ``near`` commune, with the message of any other invalid parameter.

        The view calls it when the search found nothing, which is what an unknown code gives.
        """
        error = self._near_error()
        if error is not None:
            raise serializers.ValidationError({"near": [error]})

    def _near_error(self):
        given = getattr(self, "_near_input", None)
        if given is None or commune_get(insee=given.strip().upper()) is not None:
            return None
        return _(
            "Commune inconnue : aucun code INSEE « %(code)s ». Cherchez le code avec /api/v1/communes/?q=Liévin."
        ) % {"code": given}

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # Other parameters are wrong: an unknown commune is reported with them, in field order,
            # as when it was checked with the others.
            error = None if "near" in exc.detail else self._near_error()
            if error is None:
                raise
            errors = {
                name: ([error] if name == "near" else exc.detail[name])
                for name in self.fields
                if name == "near" or name in exc.detail
            }
            raise serializers.ValidationError(errors) from exc

    def validate_skill(self, value: list[int]) -> list[int]:
        wanted = set(value)
        known = set(Skill.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        unknown = sorted(wanted - known)
        if unknown:
            raise serializers.ValidationError(
                _("Compétence inconnue : %(ids)s.") % {"ids": ", ".join(str(i) for i in unknown)}
            )
        return value

    def validate(self, attrs):
        near = attrs.get("near")
        if near is None and attrs.get("radius_km") is not None:
            raise serializers.ValidationError(
                {"near": [_("Indiquez la commune (near, code INSEE) autour de laquelle chercher.")]}
            )
        if near is None and attrs.get("ordering") == "distance":
            raise serializers.ValidationError(
                {"ordering": [_("Le tri par distance demande une commune de référence (near).")]}
            )
        return attrs

    def to_search(self) -> OfferSearch:
        data = self.validated_data
        return OfferSearch(
            q=data.get("q", ""),
            contract_types=tuple(data.get("contract_type", ())),
            remote=tuple(data.get("remote", ())),
            skill_ids=tuple(dict.fromkeys(data.get("skill", ()))),
            near_insee=data.get("near", ""),
            radius_km=data.get("radius_km"),
            sort=data["ordering"],
        )


class EmployerOfferFilter(django_filters.FilterSet):
    """Narrowing the organisation's (or, for officers, everyone's) offers."""

    status = django_filters.MultipleChoiceFilter(choices=Offer.Status.choices, label=_("statut"))
    contract_type = django_filters.MultipleChoiceFilter(
        choices=Offer.ContractType.choices, label=_("type de contrat")
    )
    employer = django_filters.NumberFilter(
        field_name="employer_id", label=_("employeur (chargé·e d'insertion)")
    )
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("intitulé contient"))

    class Meta:
        model = Offer
        fields = ["status", "contract_type", "employer", "q"]


class EmployerListParams(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Employer.Status.choices,
        required=False,
        error_messages={
            "invalid_choice": _(
                "Statut inconnu : « {input} ». Valeurs possibles : pending, approved, declined."
            )
        },
    )
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=_("Raison sociale ou début du SIRET.")
    )
