"""A small region for the matching tests: two published offers, a cohort of three graduates.

- Kylian (visible to employers) holds React and Symfony, lives in Liévin, wants a CDI;
- Inès (not visible) holds React too;
- Léo (visible) only has a *proposed* Docker skill, which must not count;
- the React offer (Hauts Numériques, Lens) requires React and Symfony, Docker is a plus;
- the KNX offer (another employer, Lille) requires KNX: nobody in the cohort has it.
"""

import pytest
from django.utils import timezone

from backend.accounts.models import User
from employers.models import OfferSkill
from graduates.models import GraduateSkill
from tests.factories import OfferFactory, UserFactory
from tests.graduates.conftest import CohortFactory, GraduateFactory, skill


def give(graduate, uid, *, status="accepted", source="declared", confirmed=False):
    return GraduateSkill.objects.create(
        graduate=graduate,
        skill=skill(uid),
        source=source,
        status=status,
        level=3 if status == "accepted" else None,
        confirmed_at=timezone.now() if confirmed else None,
    )


def require(offer, uid, level="required"):
    return OfferSkill.objects.create(offer=offer, skill=skill(uid), level=level)


def make_graduate(cohort, first_name, *, visible, **fields):
    user = UserFactory(role=User.Role.GRADUATE, first_name=first_name, last_name="Testeur")
    return GraduateFactory(
        cohort=cohort,
        user=user,
        visible_to_employers=visible,
        visibility_changed_at=timezone.now() if visible else None,
        **fields,
    )


@pytest.fixture
def region(employer, other_employer):
    cohort = CohortFactory(name="Promo Matching")
    kylian = make_graduate(cohort, "Kylian", visible=True, contract_types=["CDI"], commune_id="62510")
    give(kylian, "tremplin:react", confirmed=True)
    give(kylian, "tremplin:symfony")
    ines = make_graduate(cohort, "Inès", visible=False, commune_id="62510")
    give(ines, "tremplin:react")
    leo = make_graduate(cohort, "Léo", visible=True, commune_id="62510")
    give(leo, "tremplin:docker", status="proposed", source="extracted")

    react = OfferFactory(employer=employer, published=True, title="Développeur·se React", commune_id="62498")
    require(react, "tremplin:react")
    require(react, "tremplin:symfony")
    require(react, "tremplin:docker", level="nice")
    knx = OfferFactory(employer=other_employer, published=True, title="Technicien·ne KNX", commune_id="59350")
    require(knx, "tremplin:knx")
    return {"cohort": cohort, "kylian": kylian, "ines": ines, "leo": leo, "react": react, "knx": knx}


@pytest.fixture
def scored(region):
    from matching.services import scores

    for key in ("react", "knx"):
        scores.scores_refresh_for_offer(offer_id=region[key].pk)
    return region
