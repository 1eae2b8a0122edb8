"""Two people of the host company pressing « Signer » at the same moment: one signature for the host,
the other told it is already signed; the PDF is frozen once, and the hash both saw is the same."""

import pytest

from internships import services
from internships.models import Signature
from tests.factories import ContactFactory
from tests.fixtures.races import at_once, told

from .conftest import fill


@pytest.mark.django_db(transaction=True)
def test_two_contacts_of_the_host_signing_at_once_make_one_signature(
    agreement, employer, employer_user, trainee
):
    colleague = ContactFactory(employer=employer, is_primary=False).user
    fill(agreement, host=employer_user, trainee_user=trainee.user)

    results = at_once(
        lambda user: services.agreement_sign(agreement=agreement, by=user, ip_address=None, version_number=1),
        [employer_user, colleague],
        timeout=120,
    )

    outcome = {i: told(r, done="signed") for i, r in enumerate(results)}
    assert sorted(outcome.values()) == ["Vous avez déjà signé cette version.", "signed"]
    (signature,) = Signature.objects.all()
    assert signature.party == "host"
    assert signature.document_sha256 == agreement.latest_version().document_sha256
