from django.db import models

from backend.core.models import AuditLog


def audit_log(*, actor, action: str, target: models.Model, **data) -> AuditLog:
    """Record one audited action on one row; written in the caller's transaction."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data,
    )
