"""The demo region that `make demo` seeds: big enough, regional, consistent, and seeded once."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse

from backend.accounts.models import User
from backend.core.text import fold
from demo import data
from demo.employers import pay_floor
from demo.graduates import PAST_COHORT_NAMES, TRAINER_EMAILS
from demo.seed import DEMO_ACCOUNTS, demo_reset, seed_demo
from employers.models import Employer, Interaction, Offer, OfferTransitionLog, Partnership
from employers.services import offer_search_text, render_description
from employers.validators import siret_is_valid
from graduates.models import Graduate

OFFERS_DATA_SET = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "offers" / "francetravail_data_ia_2025-12.jsonl"
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed once for the module (a few seconds), remove it afterwards."""
    with django_db_blocker.unblock():
        report = seed_demo(progress=lambda _message: None)
        yield report
        demo_reset(progress=lambda _message: None)


@pytest.fixture
def demo_db(demo, db):
    return demo


def test_demo_has_thirty_employers_in_hauts_de_france_communes(demo_db):
    employers = Employer.objects.all()
    assert employers.count() >= 30
    assert not employers.exclude(commune__region="32").exists()
    assert employers.values("commune").distinct().count() >= 20
    assert {"62498", "62510", "59350", "80021"} <= set(employers.values_list("commune__insee", flat=True))
    assert employers.filter(status=Employer.Status.PENDING).exists()
    assert all(siret_is_valid(siret) for siret in employers.values_list("siret", flat=True))


def test_partners_have_active_partnerships_and_a_crm_log(demo_db):
    active = Partnership.objects.filter(status=Partnership.Status.ACTIVE)
    assert active.values("employer").distinct().count() >= 10
    assert Interaction.objects.filter(partnership__in=active).count() >= active.count()
    terril = Employer.objects.get(name="Terril Numérique")
    assert terril.has_active_partnership()


def test_demo_has_150_offers_mostly_published_with_salary_commune_and_skills(demo_db):
    offers = Offer.objects.annotate(n_skills=Count("offer_skills"))
    assert offers.count() >= 150
    assert offers.filter(status=Offer.Status.PUBLISHED).count() >= 120
    assert not offers.filter(
        Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_min__lte=0)
    ).exists()
    assert not offers.exclude(commune__region="32").exists()
    assert not offers.filter(n_skills__lt=2).exists()
    assert offers.filter(appellation__isnull=False).count() >= 0.9 * offers.count()
    contracts = set(offers.values_list("contract_type", flat=True))
    assert contracts == set(Offer.ContractType.values)
    statuses = set(offers.values_list("status", flat=True))
    assert {"published", "submitted", "draft", "expired", "filled", "declined"} <= statuses


def test_every_offer_pays_at_least_the_legal_minimum(demo_db):
    for offer in Offer.objects.all():
        assert offer.salary_min >= pay_floor(offer), offer.title
        if offer.contract_type == Offer.ContractType.STAGE:
            assert offer.internship_gratification >= Decimal("682.50")  # 4,50 €/h × 35 h × 52 / 12
        elif offer.salary_period == Offer.SalaryPeriod.HOUR:
            assert offer.salary_min >= data.SMIC_HOURLY


def test_offers_carry_what_the_services_derive(demo_db):
    for offer in Offer.objects.select_related("commune", "appellation").prefetch_related(
        "offer_skills__skill"
    )[:40]:
        assert offer.description_html == render_description(offer.description)
        assert offer.content_hash == offer.compute_content_hash()
        assert fold(offer.commune.name) in offer.search_text
        assert all(fold(row.skill.label_fr) in offer.search_text for row in offer.offer_skills.all())
        # The services' own derivation from the saved rows: the same words (skills in another order).
        assert sorted(offer.search_text.split()) == sorted(offer_search_text(offer).split())
    published = Offer.objects.filter(status=Offer.Status.PUBLISHED)
    assert not [offer for offer in published if offer.expiry_due()]
    approve_logs = OfferTransitionLog.objects.filter(transition="approve").values("offer").distinct().count()
    assert approve_logs == Offer.objects.exclude(published_at__isnull=True).count()


def test_employer_names_are_invented_not_taken_from_the_real_offers():
    if not OFFERS_DATA_SET.exists():
        pytest.skip("the shared offers data set is not on this machine")
    companies = set()
    for line in OFFERS_DATA_SET.read_text(encoding="utf-8").splitlines():
        company = fold(json.loads(line).get("company") or "")
        if company:
            companies.add(company)
    for _key, name, *_rest in data.EMPLOYERS:
        assert fold(name) not in companies, name


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda a: a.email)
def test_each_demo_account_logs_in_with_the_shared_password(demo_db, account):
    user = User.objects.get(email=account.email)
    response = Client().post(
        "/comptes/connexion/", {"username": account.email, "password": data.DEMO_PASSWORD}
    )
    assert response.status_code == 302, "the demo password must log in"
    expected = {
        data.ADMIN_EMAIL: User.Role.ADMIN,
        data.OFFICER_EMAIL: User.Role.OFFICER,
        data.EMPLOYER_EMAIL: User.Role.EMPLOYER,
        data.EMPLOYER2_EMAIL: User.Role.EMPLOYER,
        data.GRADUATE_EMAIL: User.Role.GRADUATE,
        TRAINER_EMAILS[0]: User.Role.TRAINER,
    }[account.email]
    assert user.role == expected
    if user.is_employer:
        assert user.employer_contact.employer.status == Employer.Status.APPROVED


def test_admin_account_reaches_the_admin_site(demo_db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # whitenoise warns (an error here) when the directory is missing
    client = Client()
    client.post("/comptes/connexion/", {"username": data.ADMIN_EMAIL, "password": data.DEMO_PASSWORD})
    assert client.get("/admin/").status_code == 200


def test_seeding_twice_without_reset_is_refused(demo_db):
    before = Offer.objects.count()
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed_demo", stdout=io.StringIO())
    assert Offer.objects.count() == before


def test_demo_command_prepares_everything_and_prints_the_accounts(demo_db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    out = io.StringIO()
    call_command("demo", "--no-server", "--skip-analysis", "--port", "8061", stdout=out)
    text = out.getvalue()
    assert "Démo déjà en place" in text
    assert "http://127.0.0.1:8061/" in text
    assert data.DEMO_PASSWORD in text
    for account in DEMO_ACCOUNTS:
        assert account.email in text
    # Every part of the school's year is listed with its address, the public application form first.
    for line in ("Candidater (public)", "Admissions (école)", "Offres à coder (ROME)", "Prospects (CRM)"):
        assert line in text
    assert "http://127.0.0.1:8061/candidater/" in text
    assert (tmp_path / "static").exists()
    # The territory sample is imported without one analysis per offer (the batch that follows reads
    # them all; skipped here): none was analysed as it landed.
    territory = Offer.objects.filter(source=Offer.Source.FRANCE_TRAVAIL)
    assert territory.count() > 200
    assert not territory.exclude(analysed_hash="").exists()
    # The demo officer has judged part of the pooled queue through the service (pairs remain to judge).
    from matching.models import MatchJudgement

    pooled = MatchJudgement.objects.exclude(proposed_by=[])
    assert f"{pooled.count()} jugements simulés de la file commune" in text and pooled.count() == 24
    assert all(j.proposed_by == [j.model_version] for j in pooled)


def test_demo_links_in_e_mails_open_the_port_it_serves(demo_db, settings, tmp_path, monkeypatch):
    """`PORT=8061 make demo`: a candidate's private link printed on the console opens port 8061."""
    from admissions.services import follow_url

    monkeypatch.delenv("SITE_URL", raising=False)
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("demo", "--no-server", "--skip-analysis", "--port", "8061", stdout=io.StringIO())
    assert follow_url("abc").startswith("http://127.0.0.1:8061/candidater/suivi/abc/")


def test_demo_names_a_plausible_data_protection_contact(demo_db, client, settings, tmp_path, monkeypatch):
    """The privacy page of the demo gives the demo school's DPO address, not tremplin@localhost."""
    monkeypatch.delenv("PRIVACY_CONTACT_EMAIL", raising=False)
    monkeypatch.delenv("DEFAULT_FROM_EMAIL", raising=False)
    settings.PRIVACY_CONTACT_EMAIL = ""
    settings.DEFAULT_FROM_EMAIL = "Tremplin <tremplin@localhost>"
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("demo", "--no-server", "--skip-analysis", "--port", "8061", stdout=io.StringIO())
    html = client.get(reverse("graduates:privacy")).content.decode()
    assert f"mailto:{data.PRIVACY_CONTACT_EMAIL}" in html and "localhost" not in html
    assert "localhost" not in settings.DEFAULT_FROM_EMAIL


def test_demo_keeps_a_site_url_given_in_the_environment(demo_db, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://tremplin.example.org")
    settings.SITE_URL = "https://tremplin.example.org"
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("demo", "--no-server", "--skip-analysis", "--port", "8061", stdout=io.StringIO())
    assert settings.SITE_URL == "https://tremplin.example.org"


def test_reset_recreates_the_same_region(demo_db):
    names = sorted(Employer.objects.values_list("siret", flat=True))
    titles = sorted(Offer.objects.values_list("title", flat=True))
    call_command("seed_demo", "--reset", stdout=io.StringIO())
    assert sorted(Employer.objects.values_list("siret", flat=True)) == names
    assert sorted(Offer.objects.values_list("title", flat=True)) == titles


def test_demo_alumni_have_a_consistent_history_of_applications_hires_and_outcomes(demo_db):
    from placements.models import Application, OutcomeCheck, Placement

    alumni = Graduate.objects.filter(cohort__name__in=PAST_COHORT_NAMES)
    assert alumni.count() == 48
    # Every application's last logged move is its state; every hire has its placement.
    apps = Application.objects.filter(graduate__in=alumni).prefetch_related("transitions")
    assert apps.count() >= 48
    for app in apps:
        assert list(app.transitions.all())[-1].to_state == app.state, app
    hired = apps.filter(state=Application.State.HIRED)
    assert hired.exists()
    assert all(hasattr(app, "placement") and app.placement.via_tremplin for app in hired)
    # Every alumnus has the training internship and three validated, frozen checks.
    assert Placement.objects.filter(graduate__in=alumni, is_training_internship=True).count() == 48
    checks = OutcomeCheck.objects.filter(graduate__in=alumni)
    assert checks.count() == 48 * 3
    assert not checks.filter(validated_at=None).exists()
    m6 = checks.filter(milestone="m6")
    employed = m6.filter(situation__in=["employed", "creation"]).count()
    assert 0.35 * 48 <= employed <= 0.85 * 48, employed
    assert m6.filter(situation="training").exists() and m6.filter(situation="seeking").exists()
    for check in m6.filter(situation="employed"):
        assert check.contract_type, check


def test_demo_current_cohort_has_candidacies_in_progress_and_some_stale(demo_db):
    from datetime import timedelta

    from django.utils import timezone

    from placements.models import Application

    current = Graduate.objects.exclude(cohort__name__in=PAST_COHORT_NAMES)
    pending = Application.objects.filter(graduate__in=current, state__in=Application.PENDING)
    assert pending.filter(state="applied").exists() and pending.filter(state="interview").exists()
    assert not pending.exclude(offer__status="published").exists()
    stale = pending.filter(moved_at__lt=timezone.now() - timedelta(days=30))
    assert stale.count() == 2
    # People apply to their trade: a web developer to development jobs, a digital coach to mediation.
    from backend.taxonomy.models import Appellation
    from demo.graduates import TRACKS

    trades = {
        track: set(Appellation.objects.filter(code__in=plan["jobs"]).values_list("occupation_id", flat=True))
        for track, plan in TRACKS.items()
    }
    apps = list(Application.objects.filter(graduate__in=current).select_related("offer", "graduate__cohort"))
    in_trade = sum(a.offer.occupation_id in trades[a.graduate.cohort.track] for a in apps)
    assert in_trade >= 0.9 * len(apps), (in_trade, len(apps))


def test_the_demo_shows_users_french_error_pages_not_django_debug_pages(demo_db, settings, tmp_path, client):
    """A school trying the demo meets the 404 its users will meet, not the URL list of DEBUG."""
    settings.DEBUG = True  # what the development settings give `make demo`
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("demo", "--no-server", "--skip-analysis", "--port", "8061", stdout=io.StringIO())
    answer = client.get("/offres/999999/")
    assert answer.status_code == 404
    page = answer.content.decode()
    assert "Page introuvable" in page
    assert "URLconf" not in page and "Using the URLconf" not in page


def test_the_demo_keeps_debug_pages_when_a_developer_asks(demo_db, settings, tmp_path):
    settings.DEBUG = True
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("demo", "--no-server", "--skip-analysis", "--debug", "--port", "8061", stdout=io.StringIO())
    assert settings.DEBUG is True


def test_no_demo_offer_title_says_the_same_words_twice():
    # « Support informatique niveau 1 niveau 1 (H/F) »: the title already said « niveau 1 » and so
    # did the stack it was drawn with. Every title a trade can draw, with every stack of the trade.
    doubled = []
    for key, trade in data.TRADES.items():
        stacks = trade["stacks"]
        for i, template in enumerate(trade["titles"]):
            for stack in [stacks[i]] if key == "neighbours" else stacks:
                words = fold(template.format(stack=stack[0])).split()
                for n in (1, 2, 3):
                    if any(
                        words[j : j + n] == words[j + n : j + 2 * n] for j in range(len(words) - 2 * n + 1)
                    ):
                        doubled.append(template.format(stack=stack[0]))
    assert doubled == []
