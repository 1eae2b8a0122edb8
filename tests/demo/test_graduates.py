import random

import pytest

from backend.geo.distance import haversine_km
from demo.graduates import FORMER_COHORT_NAMES, demo_graduates_reset, seed_graduates
from graduates.models import Cohort, Graduate, GraduateSkill
from tests.factories import PASSWORD
from tests.factories.graduates import CohortFactory, GraduateFactory


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


def test_a_demo_graduate_reads_her_track_once_beside_her_cohort(seeded, client):
    # The demo named its cohorts « Promo Lens 2026-1 · Développeur·se web et mobile » and the profile,
    # the trainer's list and the reports, which print the track beside the name, read it twice.
    graduate = next(g for g in seeded if g.user_id and g.cohort.track == Cohort.Track.WEB_MOBILE)
    client.force_login(graduate.user)
    page = client.get("/diplomes/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert page.count("Développeur·se web et mobile") == 1
    assert f"{graduate.cohort.name} · Développeur·se web et mobile" in page


def test_reset_also_removes_the_cohorts_named_as_older_demos_named_them(db):
    old = CohortFactory(name=FORMER_COHORT_NAMES[0])
    GraduateFactory(cohort=old)
    kept = CohortFactory(name="Promo Lens 2027-1")
    demo_graduates_reset()
    assert list(Cohort.objects.all()) == [kept]


def test_no_two_demo_graduates_share_a_name(seeded):
    # Two « Lina Delattre » in cohort 2026-2 could not be told apart on the cohort's matching page.
    names = [(g.first_name, g.last_name) for g in Graduate.objects.all()]
    assert len(names) == 96
    assert len(set(names)) == len(names), sorted(n for n in names if names.count(n) > 1)


def test_a_reseed_gives_no_new_graduate_a_name_already_borne(seeded):
    Graduate.objects.filter(cohort__name=seeded[-1].cohort.name).delete()
    seed_graduates(rng=random.Random(2026), password=PASSWORD)
    names = [(g.first_name, g.last_name) for g in Graduate.objects.all()]
    assert len(names) == 96 and len(set(names)) == 96
