"""Each party is told by e-mail when it is its turn to sign (once per party and version, however often
the request runs), everyone when the three have signed, and everyone when an avenant must be signed
again; each e-mail in French with the agreement's address, sent after the commit. Tests read the outbox."""

from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from internships import services
from internships.models import SigningNotice
from placements.models import Notification, NotificationPreference

from .conftest import fill

pytestmark = pytest.mark.django_db


def committed(fn, *args, **kwargs):
    """Run a service as a request would: what waits for the commit runs (the e-mails)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args, **kwargs)


def sent_to() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_when_the_last_part_is_checked_each_party_is_told_it_is_its_turn_once(
    agreement, employer_user, trainee, officer
):
    link = settings.SITE_URL + reverse("internships:detail", kwargs={"pk": agreement.pk})
    committed(fill, agreement, host=employer_user, trainee_user=trainee.user)
    turn = "Convention de stage d'Inès Haddad : à vous de signer"
    assert sent_to() == sorted(
        [(employer_user.email, turn), ("ines@example.fr", turn), (officer.email, turn)]
    )
    host_mail = next(m for m in mail.outbox if m.to == [employer_user.email])
    assert "C'est à vous de la signer, pour l'organisme d'accueil" in host_mail.body
    assert link in host_mail.body and "stage à partir du 4 mai 2026" in host_mail.body
    school_mail = next(m for m in mail.outbox if m.to == [officer.email])
    assert "pour l'école" in school_mail.body

    # The same check sent again (a retried request) and a signature tell no one again.
    mail.outbox.clear()
    committed(services.agreement_check_part, agreement=agreement, by=employer_user)
    committed(
        services.agreement_sign, agreement=agreement, by=employer_user, ip_address=None, version_number=1
    )
    assert mail.outbox == []
    version = agreement.latest_version()
    assert SigningNotice.objects.filter(version=version, kind="turn").count() == 3


def test_nobody_is_told_to_sign_while_a_part_is_missing(agreement, employer_user, trainee):
    services.agreement_update_part(
        agreement=agreement, by=agreement.created_by, data={"start_date": date(2026, 5, 4)}
    )
    from .conftest import HOST_PART

    committed(services.agreement_update_part, agreement=agreement, by=employer_user, data=HOST_PART)
    committed(services.agreement_check_part, agreement=agreement, by=employer_user)
    assert mail.outbox == [] and not SigningNotice.objects.exists()


def test_the_third_signature_tells_the_two_others_it_is_signed(agreement, employer_user, trainee, officer):
    fill(agreement, host=employer_user, trainee_user=trainee.user)
    services.agreement_sign(agreement=agreement, by=employer_user, ip_address=None, version_number=1)
    services.agreement_sign(agreement=agreement, by=trainee.user, ip_address=None, version_number=1)
    mail.outbox.clear()
    committed(services.agreement_sign, agreement=agreement, by=officer, ip_address=None, version_number=1)
    done = "Convention de stage d'Inès Haddad : signée par les trois parties"
    assert sent_to() == sorted([(employer_user.email, done), ("ines@example.fr", done)])
    assert "elle est en vigueur" in mail.outbox[0].body


def test_an_avenant_tells_everyone_to_read_and_sign_again_then_whose_turn_it_is(
    agreement, employer_user, trainee, officer
):
    from .conftest import sign_all

    fill(agreement, host=employer_user, trainee_user=trainee.user)
    sign_all(agreement, host=employer_user, trainee_user=trainee.user, officer=officer)
    mail.outbox.clear()
    committed(
        services.agreement_amend, agreement=agreement, by=officer, reason="Fin repoussée au 10 juillet."
    )
    again = "Convention de stage d'Inès Haddad : un avenant est à relire et à signer à nouveau"
    assert sent_to() == sorted([(employer_user.email, again), ("ines@example.fr", again)])
    assert "l'avenant n° 1" in mail.outbox[0].body and "Fin repoussée au 10 juillet." in mail.outbox[0].body

    mail.outbox.clear()
    committed(services.agreement_check_part, agreement=agreement, by=employer_user)
    committed(services.agreement_check_part, agreement=agreement, by=trainee.user)
    turn = "Avenant n° 1 à la convention de stage d'Inès Haddad : à vous de signer"
    assert sent_to() == sorted(
        [(employer_user.email, turn), ("ines@example.fr", turn), (officer.email, turn)]
    )


def test_the_turn_goes_out_at_once_on_the_daily_setting_and_not_to_who_wants_no_email(
    agreement, employer_user, trainee, officer
):
    NotificationPreference.objects.update_or_create(
        user=trainee.user, defaults={"frequency": NotificationPreference.Frequency.NEVER}
    )
    NotificationPreference.objects.update_or_create(
        user=employer_user, defaults={"frequency": NotificationPreference.Frequency.DAILY}
    )
    committed(fill, agreement, host=employer_user, trainee_user=trainee.user)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([employer_user.email, officer.email])
    # She still reads it in Tremplin.
    assert (
        Notification.objects.filter(
            user=trainee.user, kind="internship_signature", sent_at__isnull=True
        ).count()
        == 1
    )
