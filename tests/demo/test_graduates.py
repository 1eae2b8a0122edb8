import random

import pytest

from backend.geo.distance import haversine_km
from demo.graduates import seed_graduates
from graduates.models import Cohort, Graduate, GraduateSkill
from tests.factories import PASSWORD


@pytest.fixture
def seeded(db):
    return seed_graduates(rng=random.Random(2026), password=PASSWORD)


def test_demo_seeds_four_cohorts_of_24_in_the_lens_lievin_area(seeded):
    """Two current cohorts and two alumni cohorts of 2025 (their outcomes feed the funder report)."""
    assert len(seeded) == 96
    assert sorted(Cohort.objects.values_list("track", flat=True)) == [
        "digital_coach",
        "digital_coach",
        "web_mobile",
        "web_mobile",
    ]
    assert {c.graduates.count() for c in Cohort.objects.all()} == {24}
    for graduate in Graduate.objects.exclude(commune=None).select_related("commune"):
        assert haversine_km(50.4374, 2.8211, graduate.commune.latitude, graduate.commune.longitude) < 20, (
            graduate.commune
        )


def test_demo_profiles_are_varied_and_consistent(seeded):
    graduates = Graduate.objects.all()
    assert graduates.filter(visible_to_employers=True).count() >= 15
    assert graduates.filter(user=None).exists()  # some have not accepted their invitation yet
    assert len({g.commune_id for g in graduates if g.commune_id}) >= 8
    assert len({tuple(g.contract_types) for g in graduates}) >= 4
    assert GraduateSkill.objects.exclude(confirmed_at=None).exists()
    assert GraduateSkill.objects.filter(status="proposed").exists()
    for graduate in graduates.filter(visible_to_employers=True):
        assert graduate.visibility_changed_at is not None
        assert graduate.content_hash == graduate.compute_content_hash()
    demo = Graduate.objects.get(email="diplome@tremplin.demo")
    assert demo.user.check_password(PASSWORD) and demo.first_name == "Inès"


def test_demo_seed_is_deterministic_and_idempotent(seeded):
    again = seed_graduates(rng=random.Random(2026), password=PASSWORD)
    assert Graduate.objects.count() == 96
    assert sorted(g.pk for g in again) == sorted(g.pk for g in seeded)
