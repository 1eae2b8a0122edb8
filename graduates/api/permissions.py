"""Who may call what. Object scoping is the selectors' job (404 for anyone else)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class IsGraduate(BasePermission):
    message = _("Réservé aux diplômé·es de l'école.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.is_graduate)


class IsOfficer(BasePermission):
    message = _("Réservé aux chargé·es d'insertion de l'école.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.is_officer)
