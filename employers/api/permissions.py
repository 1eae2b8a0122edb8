"""Who may call what. Object scoping itself is the selectors' job (404 for anyone else)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from backend.core.permissions import IsOfficer


class EmployersWriteOfficersRead(BasePermission):
    """Employers manage their organisation's offers; officers read them and moderate elsewhere."""

    message = _(
        "Les chargé·es d'insertion consultent les offres ici et les modèrent dans /api/v1/moderation/offers/."
    )

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        return user.is_employer or (user.is_officer and request.method in SAFE_METHODS)


class OfficerOnEmployer(BasePermission):
    """On an employer the selector already scoped to who asks: officers only (the organisation gets 403)."""

    message = IsOfficer.message

    def has_object_permission(self, request, view, obj) -> bool:
        return request.user.is_officer


class OfficerWritesOrganisationReads(BasePermission):
    message = _("Seule l'école modifie le partenariat ; vous pouvez le consulter.")

    def has_object_permission(self, request, view, obj) -> bool:
        return request.user.is_officer or request.method in SAFE_METHODS
