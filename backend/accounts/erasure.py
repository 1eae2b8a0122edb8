"""Removing a person's account data: shared by a graduate's erasure and an employer contact's retention.

Two ways out for an account. A graduate's is deleted (her own rows go with it). An employer contact's
is *closed*: the row stays, nameless and unable to sign in, so that what it did for the company (offers
written, candidacies moved, profiles viewed) still reads as that company's; everything that belonged
to the person alone (API keys, notifications, preferences, calendar feed) is deleted with it, as a
delete would.
"""

from __future__ import annotations

from collections.abc import Iterable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import models

from .models import User

# RFC 2606: no address under .invalid can ever receive mail or belong to a person.
ERASED_DOMAIN = "efface.invalid"


def login_traces_forget(*, emails: Iterable[str]) -> int:
    """Delete django-axes' records of sign-ins and failed attempts typed with these addresses."""
    words = [e.strip() for e in emails if e and e.strip()]
    if not words:
        return 0
    match = models.Q()
    for email in words:
        match |= models.Q(username__iexact=email)
    return sum(
        model.objects.filter(match).delete()[0] for model in (AccessLog, AccessAttempt, AccessFailureLog)
    )


def account_close(*, user: User) -> dict[str, int]:
    """Anonymise ``user`` in place and delete what was theirs alone; keep the row for the history.

    What is "theirs alone" is read from the model graph: every relation that a delete of the user
    would cascade to (tokens, notifications, preferences, calendar feed, form keys…), so a relation
    added later is covered without coming back here. Relations that keep history (``SET_NULL``: an
    offer's author, a transition's actor, the audit log) keep pointing at the nameless row.
    """
    counts: dict[str, int] = {"login_traces": login_traces_forget(emails=[user.email])}
    for rel in User._meta.related_objects:
        if rel.many_to_many:
            getattr(user, rel.get_accessor_name()).clear()
        elif rel.on_delete is models.CASCADE:
            n = rel.related_model._base_manager.filter(**{rel.field.name: user}).delete()[0]
            if n:
                counts[rel.related_model._meta.label_lower] = n
    for field in User._meta.many_to_many:
        getattr(user, field.name).clear()
    user.email = f"compte-{user.pk}@{ERASED_DOMAIN}"
    user.first_name = user.last_name = user.phone = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    return counts
