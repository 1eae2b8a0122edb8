"""The DRF role gates every app's API shares: who may call at all, from the account's role alone.

Object scoping stays each app's selectors' job (404 for anyone else); rules that read more than the
role (an organisation's own record, read-only for some) stay in the app.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class IsEmployer(BasePermission):
    message = _("Réservé aux comptes employeur.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.is_employer)


class IsGraduate(BasePermission):
    message = _("Réservé aux diplômé·es de l'école.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.is_graduate)


class IsOfficer(BasePermission):
    message = _("Réservé aux chargé·es d'insertion de l'école.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.is_officer)


class IsEmployerOrOfficer(BasePermission):
    message = _("Réservé aux employeurs et à l'école.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user.is_authenticated and (user.is_employer or user.is_officer))
