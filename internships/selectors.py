"""Reads scoped to who asks: an officer sees every agreement, a host's contacts their organisation's, a
trainee her own; anyone else gets a 404 (never a hint that the agreement exists)."""

from django.db.models import QuerySet
from django.http import Http404

from backend.accounts.models import User
from placements.services import employer_of

from .models import Agreement


def agreement_list_for(*, user: User) -> QuerySet[Agreement]:
    agreements = Agreement.objects.select_related("graduate", "employer").order_by("-created_at", "-pk")
    if not user.is_authenticated:
        return agreements.none()
    if user.is_officer:
        return agreements
    if user.is_graduate:
        return agreements.filter(graduate__user=user)
    employer = employer_of(user)
    if user.is_employer and employer is not None:
        return agreements.filter(employer=employer)
    return agreements.none()


def agreement_get_for(*, user: User, agreement_id: int) -> Agreement:
    try:
        return agreement_list_for(user=user).get(pk=agreement_id)
    except Agreement.DoesNotExist:
        raise Http404("convention introuvable") from None
