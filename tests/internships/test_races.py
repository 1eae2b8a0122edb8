"""Two people of the host company pressing « Signer » at the same moment: one signature for the host,
the other told it is already signed; the PDF is frozen once, and the hash both saw is the same."""

import threading

import pytest
from django.db import connections

from backend.core.exceptions import ConflictError
from internships import services
from internships.models import Signature
from tests.factories import ContactFactory

from .conftest import fill


@pytest.mark.django_db(transaction=True)
def test_two_contacts_of_the_host_signing_at_once_make_one_signature(
    agreement, employer, employer_user, trainee
):
    colleague = ContactFactory(employer=employer, is_primary=False).user
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    barrier = threading.Barrier(2)
    outcome = {}

    def sign(user):
        try:
            barrier.wait(timeout=10)
            services.agreement_sign(agreement=agreement, by=user, ip_address=None, version_number=1)
            outcome[user.pk] = "signed"
        except ConflictError as exc:
            outcome[user.pk] = exc.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(u,)) for u in (employer_user, colleague)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert sorted(outcome.values()) == ["Vous avez déjà signé cette version.", "signed"]
    (signature,) = Signature.objects.all()
    assert signature.party == "host"
    assert signature.document_sha256 == agreement.latest_version().document_sha256
