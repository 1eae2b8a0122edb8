"""Who is asking: the role an account plays on a candidacy (the vocabulary of ``Application.TRANSITIONS``)."""

from backend.accounts.models import User
from employers.models import Employer

from ..models import Application


def employer_of(user: User | None) -> Employer | None:
    contact = getattr(user, "employer_contact", None) if user is not None else None
    return getattr(contact, "employer", None)


def actor_role(*, application: Application, user: User | None) -> str | None:
    """The role ``user`` plays on this application, or None when they have no business with it."""
    if user is None:
        return "system"
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_officer:
        return "officer"
    if user.is_graduate and application.graduate.user_id == user.pk:
        return "graduate"
    employer = employer_of(user)
    if user.is_employer and employer is not None and employer.pk == application.offer.employer_id:
        return "employer"
    return None
