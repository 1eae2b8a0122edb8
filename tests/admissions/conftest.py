from datetime import date, timedelta

import pytest
from django.utils import timezone

from admissions import services
from backend.geo.models import Commune

LENS, LIEVIN, ARRAS = "62498", "62510", "62041"


def submit(*, confirm: bool = True, **overrides):
    """The public form's service; then, unless ``confirm`` is False, the candidate confirms from her e-mail."""
    fields = {
        "first_name": "Samia",
        "last_name": "Benali",
        "email": "samia.benali@example.fr",
        "phone": "06 12 34 56 78",
        "birth_date": date(2002, 5, 17),
        "gender": "F",
        "commune": Commune.objects.get(insee=LIEVIN),
        "job_seeker": True,
        "rsa": False,
        "qpv_declared": True,
        "diploma_level": "none",
        "track": "web_mobile",
        "motivation": "J'aime réparer les ordinateurs de ma famille et je veux en faire mon métier.",
    }
    fields.update(overrides)
    application, token = services.application_submit(**fields)
    if confirm and application.is_pending:
        application = services.application_confirm(application=application)
    return application, token


@pytest.fixture
def applied(db):
    """An application and its private token."""
    return submit()


@pytest.fixture
def session(officer):
    start = timezone.now() + timedelta(days=3)
    return services.session_create(
        by=officer,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="École, 12 rue Arago, Lens",
        seats=2,
    )
