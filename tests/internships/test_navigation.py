"""The agreements are reachable: the main navigation of each party leads to the list, which leads to the
agreement. Before, /stages/ was linked from no page: a trainee whose part was waiting had no way in."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav aria-label="Navigation principale">(.*?)</nav>', re.S)


def _nav_links(response) -> str:
    match = NAV.search(response.content.decode())
    assert match, "the page has no main navigation"
    return match.group(1)


@pytest.mark.parametrize("who", ["officer", "host", "trainee"])
def test_each_party_finds_the_agreement_from_the_main_navigation(
    who, agreement, officer, employer_user, client_for
):
    user = {"officer": officer, "host": employer_user, "trainee": agreement.graduate.user}[who]
    client = client_for(user)
    home = client.get(reverse("agenda:interviews"))
    assert f'href="{reverse("internships:list")}"' in _nav_links(home)
    listing = client.get(reverse("internships:list"))
    assert f'href="{reverse("internships:detail", args=[agreement.pk])}"' in listing.content.decode()


def test_the_navigation_offers_no_agreements_to_whom_has_none_to_see(trainer, client_for, client):
    """The trainer's role is refused the list (403); a visitor has no account."""
    for response in (client_for(trainer).get(reverse("graduates:trainer_cohorts")), client.get("/offres/")):
        assert reverse("internships:list") not in _nav_links(response)
