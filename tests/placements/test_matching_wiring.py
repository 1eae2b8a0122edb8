"""Where matching hands over to placements: an "interested" suggestion opens the candidacy, and the
employer's shortlist invites a graduate to apply."""

import pytest
from django.urls import reverse

from matching import services as matching_services
from placements.models import Application

pytestmark = pytest.mark.django_db


def test_saying_interested_on_a_suggestion_opens_the_candidacy(client_for, graduate, offer):
    response = client_for(graduate.user).post(
        reverse("matching:suggestion_feedback", args=[offer.pk]), {"kind": "interested"}
    )
    assert response.status_code == 302
    app = Application.objects.get(graduate=graduate, offer=offer)
    assert (app.state, app.origin, app.created_by) == ("interested", "suggestion", graduate.user)
    assert [(s.transition, s.to_state) for s in app.transitions.all()] == [("start", "interested")]


def test_not_for_me_opens_nothing_and_interest_twice_opens_one(graduate, offer):
    matching_services.suggestion_feedback_record(
        graduate=graduate, offer_id=offer.pk, kind="not_for_me", reason="too_far"
    )
    assert not Application.objects.exists()
    for _ in range(2):
        matching_services.suggestion_feedback_record(graduate=graduate, offer_id=offer.pk, kind="interested")
    assert Application.objects.filter(graduate=graduate, offer=offer, state="interested").count() == 1


def test_the_shortlist_invites_a_graduate_to_apply_in_one_click(
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
        # A shortlist shows only pairs with a real reason (a required skill held…): this one has.
        details={"real_reason": True},
    )
    client = client_for(employer_user)
    shortlist = reverse("matching:offer_shortlist", args=[offer.pk])

    page = client.get(shortlist).content.decode()
    assert f'action="{reverse("placements:propose", args=[offer.pk])}"' in page
    assert f'name="graduate_id" value="{other_graduate.pk}"' in page
    assert "Inviter à postuler" in page

    response = client.post(
        reverse("placements:propose", args=[offer.pk]), {"graduate_id": other_graduate.pk, "next": shortlist}
    )
    assert response["Location"] == shortlist
    assert Application.objects.get(graduate=other_graduate, offer=offer).state == "suggested"
