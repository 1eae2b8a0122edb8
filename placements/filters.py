"""Narrowing the lists of candidacies, placements and follow-ups (web pages and API alike).

The querysets come already scoped by a selector; these filters only narrow them further.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employers.forms import Form
from employers.models import Employer
from graduates.models import Cohort

from .models import Application, ContractCategory, OutcomeCheck, Placement
from .selectors import stale_cutoff


class FilterForm(Form):
    """The filters' form: its ids start with ``filtre_`` so that they never clash with a form on the
    same page (the placement form also has a ``contract_type``), and labels point at the right field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filtre_%s")
        super().__init__(*args, **kwargs)


def _cohorts(request):
    return Cohort.objects.order_by("-training_start", "name")


def _employers(request):
    return Employer.objects.order_by("name")


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label=_("Nom ou e-mail"))
    cohort = django_filters.ModelChoiceFilter(
        field_name="graduate__cohort", queryset=_cohorts, label=_("Promotion"), empty_label=_("Toutes")
    )
    employer = django_filters.ModelChoiceFilter(
        field_name="offer__employer", queryset=_employers, label=_("Employeur"), empty_label=_("Tous")
    )
    offer = django_filters.NumberFilter(field_name="offer_id", label=_("Offre (identifiant)"))
    state = django_filters.MultipleChoiceFilter(choices=Application.State.choices, label=_("Étape"))
    stale = django_filters.BooleanFilter(
        method="filter_stale",
        label=_("Sans mouvement depuis 30 jours"),
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = Application
        form = FilterForm
        fields = ["q", "cohort", "employer", "offer", "state", "stale"]

    def filter_name(self, queryset, name, value):
        words = value.split()[:4]
        for word in words:
            queryset = queryset.filter(
                Q(graduate__first_name__icontains=word)
                | Q(graduate__last_name__icontains=word)
                | Q(graduate__email__icontains=word)
            )
        return queryset

    def filter_stale(self, queryset, name, value):
        if value is None:
            return queryset
        stale = Application.objects.filter(state__in=Application.PENDING, moved_at__lte=stale_cutoff())
        return (
            queryset.filter(pk__in=stale.values("pk"))
            if value
            else queryset.exclude(pk__in=stale.values("pk"))
        )


class PlacementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Placement.Status.choices, label=_("Statut"), empty_label=_("Tous")
    )
    contract_type = django_filters.ChoiceFilter(
        choices=ContractCategory.choices, label=_("Type de contrat"), empty_label=_("Tous")
    )
    cohort = django_filters.ModelChoiceFilter(
        field_name="graduate__cohort", queryset=_cohorts, label=_("Promotion"), empty_label=_("Toutes")
    )
    internship = django_filters.BooleanFilter(
        field_name="is_training_internship",
        label=_("Stage de la formation"),
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = Placement
        form = FilterForm
        fields = ["status", "contract_type", "cohort", "internship"]


class OutcomeCheckFilter(django_filters.FilterSet):
    STAGES = [
        ("to_fill", _("à compléter")),
        ("to_validate", _("à valider")),
        ("validated", _("validés")),
    ]

    cohort = django_filters.ModelChoiceFilter(
        field_name="graduate__cohort", queryset=_cohorts, label=_("Promotion"), empty_label=_("Toutes")
    )
    milestone = django_filters.ChoiceFilter(
        choices=OutcomeCheck.Milestone.choices, label=_("Échéance"), empty_label=_("Toutes")
    )
    stage = django_filters.ChoiceFilter(
        choices=STAGES, method="filter_stage", label=_("Avancement"), empty_label=_("Tous")
    )

    class Meta:
        model = OutcomeCheck
        form = FilterForm
        fields = ["cohort", "milestone", "stage"]

    def filter_stage(self, queryset, name, value):
        if value == "validated":
            return queryset.filter(validated_at__isnull=False)
        if value == "to_validate":
            return queryset.filter(validated_at__isnull=True).exclude(
                situation=OutcomeCheck.Situation.UNKNOWN
            )
        if value == "to_fill":
            return queryset.filter(validated_at__isnull=True, situation=OutcomeCheck.Situation.UNKNOWN)
        return queryset
