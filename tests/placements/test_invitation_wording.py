"""An employer's invitation reads as one in the graduate's « Mes candidatures » and on the candidacy's
page, not as a plain « Suggérée » (issue #13)."""

from html import unescape

import pytest
from django.urls import reverse

from tests.factories import OfferFactory
from tests.factories.placements import ApplicationFactory

pytestmark = pytest.mark.django_db


def badges(page: str) -> list[str]:
    return [chunk.split(">", 1)[1].split("<", 1)[0] for chunk in page.split('class="badge app-state')[1:]]


def test_an_employer_s_invitation_is_shown_as_an_invitation(client_for, graduate, employer):
    offer = OfferFactory(employer=employer, published=True, title="Technicien·ne KNX")
    invited = ApplicationFactory(graduate=graduate, offer=offer, state="suggested", origin="employer")
    client = client_for(graduate.user)

    mine = unescape(client.get(reverse("placements:mine")).content.decode())
    detail = unescape(
        client.get(reverse("placements:application_detail", args=[invited.pk])).content.decode()
    )

    for page in (mine, detail):
        assert badges(page) == ["Invitation de l'employeur"]
        assert f"{employer.name} vous invite à postuler" in page
        assert "Suggérée" not in page


def test_the_school_s_proposal_and_a_tremplin_suggestion_each_say_where_they_come_from(
    client_for, graduate, employer
):
    ApplicationFactory(
        graduate=graduate,
        offer=OfferFactory(employer=employer, published=True),
        state="suggested",
        origin="officer",
    )
    ApplicationFactory(
        graduate=graduate,
        offer=OfferFactory(employer=employer, published=True),
        state="suggested",
        origin="suggestion",
    )

    mine = unescape(client_for(graduate.user).get(reverse("placements:mine")).content.decode())

    assert sorted(badges(mine)) == ["Proposée par l'école", "Suggérée"]
    assert "L'école vous propose cette offre" in mine


def test_once_the_invited_graduate_applies_the_badge_follows_the_candidacy(client_for, graduate, employer):
    ApplicationFactory(
        graduate=graduate,
        offer=OfferFactory(employer=employer, published=True),
        state="applied",
        origin="employer",
    )

    mine = unescape(client_for(graduate.user).get(reverse("placements:mine")).content.decode())

    assert badges(mine) == ["Candidature envoyée"]


def test_once_invited_the_graduate_leaves_the_shortlist_and_its_inviter_button(
    client_for, employer_user, other_graduate, offer
):
    from matching.models import MatchScore
    from matching.serving import ranker_current

    MatchScore.objects.create(
        offer=offer,
        graduate=other_graduate,
        model_version=ranker_current().version,
        score=0.7,
        reasons={"summary": "7 compétences sur 9", "graduate": [], "employer": ["à 12 km"]},
        details={"real_reason": True},
    )
    client = client_for(employer_user)
    shortlist = reverse("matching:offer_shortlist", args=[offer.pk])
    invite = f'name="graduate_id" value="{other_graduate.pk}"'
    assert invite in client.get(shortlist).content.decode()

    client.post(
        reverse("placements:propose", args=[offer.pk]), {"graduate_id": other_graduate.pk, "next": shortlist}
    )

    page = unescape(client.get(shortlist).content.decode())
    assert invite not in page
    assert f'data-graduate="{other_graduate.pk}"' not in page
    assert "1 personne a déjà une candidature en cours pour cette offre" in page
