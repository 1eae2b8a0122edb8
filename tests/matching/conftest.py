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


# ------------------------------------------------------- a region whose logs carry the old listing's bias


def logged_application(graduate, offer, path):
    from django.utils import timezone

    from placements.models import Application, ApplicationTransition

    app = Application.objects.create(
        graduate=graduate,
        offer=offer,
        state=path[-1],
        origin="graduate",
        moved_at=timezone.now(),
        refusal_reason="skills" if path[-1] == "refused" else "",
    )
    previous = ""
    for state in path:
        ApplicationTransition.objects.create(
            application=app, transition="t", from_state=previous, to_state=state
        )
        previous = state


@pytest.fixture
def biased(employer, monkeypatch, tmp_path):
    """Logged outcomes biased by the old listing: every offer is in
    Lens; graduates living near Lille were hired, those of Liévin (next door) were not. A model trained
    on them learns "farther is better" and wins on the held-out logged pairs."""
    import random

    from backend.taxonomy.models import Skill
    from employers.models import OfferSkill
    from graduates.models import GraduateSkill
    from tests.factories import OfferFactory
    from tests.factories.graduates import CohortFactory, GraduateFactory

    monkeypatch.setattr("matching.services.retraining.ARTEFACT_DIR", tmp_path)
    monkeypatch.setattr("matching.pooling.POOL_OFFERS", 20)
    monkeypatch.setattr("matching.pooling.POOL_GRADUATES", 0)
    rng = random.Random(3)
    skills = list(Skill.objects.filter(curated=True).order_by("pk")[:2])
    cohort = CohortFactory(name="Promo Biais")
    near, far = [], []
    for i in range(16):
        graduate = GraduateFactory(
            cohort=cohort,
            commune_id="62510" if i % 2 else "59350",
            mobility_radius_km=60,
            mobility_mode="car",
        )
        GraduateSkill.objects.bulk_create(
            [GraduateSkill(graduate=graduate, skill=s, status="accepted", level=3) for s in skills]
        )
        (near if i % 2 else far).append(graduate)
    offers = []
    for i in range(40):
        offer = OfferFactory(employer=employer, published=True, title=f"Poste {i}", commune_id="62498")
        OfferSkill.objects.bulk_create([OfferSkill(offer=offer, skill=s, level="required") for s in skills])
        offers.append(offer)
    for offer in offers:
        for graduate in rng.sample(near + far, 9):
            logged_application(
                graduate,
                offer,
                ["applied", "interview", "offer", "hired"] if graduate in far else ["applied", "refused"],
            )
    return {"near": near, "far": far, "offers": offers, "employer": employer, "rng": rng, "dir": tmp_path}
