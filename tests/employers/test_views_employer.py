"""The employer's pages: sign-up, offer form (nothing typed is lost), actions, colleagues, CSV import."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backend.accounts.models import Invitation, User
from backend.taxonomy.models import Appellation, Skill
from employers.models import Contact, Employer, Offer
from tests.factories import EmployerFactory, OfferFactory, make_siret

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LENS, LIEVIN = "62498", "62510"


@pytest.fixture
def boss(client_for, employer_user):
    return client_for(employer_user)


@pytest.fixture
def react():
    return Skill.objects.get(uid="tremplin:react")


@pytest.fixture
def symfony():
    return Skill.objects.get(uid="tremplin:symfony")


def register_post(**overrides) -> dict:
    data = {
        "name": "Numérique & Co",
        "siret": make_siret(77),
        "size_band": "10-49",
        "commune_label": "Liévin (62800)",
        "commune": "",
        "first_name": "Karim",
        "last_name": "Haddad",
        "email": "karim@numerique-co.fr",
        "password": "un-mot-de-passe-solide",
        "password_confirm": "un-mot-de-passe-solide",
    }
    data.update(overrides)
    return data


def offer_post(**overrides) -> dict:
    data = {
        "title": "Développeur·se Symfony (H/F)",
        "description": "Vous maintiendrez nos applications **Symfony**.",
        "contract_type": "CDI",
        "working_time": "full_time",
        "remote": "onsite",
        "salary_min": "26 000",
        "salary_max": "32 000",
        "salary_period": "year",
        "openings": "2",
        "commune_label": "Lens (62300)",
        "commune": LENS,
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- sign-up


def test_signup_creates_a_pending_company_and_mails_the_confirmation_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("employers:register"), register_post(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:signup_sent")
    employer = Employer.objects.get(name="Numérique & Co")
    assert employer.status == Employer.Status.PENDING
    assert employer.commune_id == LIEVIN  # typed by hand, resolved without the autocomplete
    contact = Contact.objects.get(employer=employer)
    assert contact.user.email == "karim@numerique-co.fr"
    assert contact.user.role == User.Role.EMPLOYER
    assert not contact.user.is_active  # until the address is confirmed
    assert "Vérifiez votre boîte e-mail" in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert mail.outbox[0].to == ["karim@numerique-co.fr"]
    link = next(w for w in mail.outbox[0].body.split() if "/comptes/activation/" in w)
    page = client.get(link.split("127.0.0.1:8000", 1)[-1], follow=True).content.decode()
    assert "Votre entreprise est en attente de validation par l'école." in page


def test_signup_with_a_bad_siret_explains_and_keeps_what_was_typed(client):
    response = client.post(reverse("employers:register"), register_post(siret="12345678901234"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "la clé de contrôle ne correspond pas" in page
    assert 'value="Numérique &amp; Co"' in page
    assert 'value="karim@numerique-co.fr"' in page
    assert 'value="Liévin (62800)"' in page
    assert not Employer.objects.exists()


def test_signup_with_a_short_siret_counts_the_digits(client):
    response = client.post(reverse("employers:register"), register_post(siret="123 456"))
    assert "Le SIRET compte 14 chiffres (vous en avez saisi 6)" in response.content.decode()


def test_signup_with_an_unknown_commune_asks_to_pick_one(client):
    response = client.post(reverse("employers:register"), register_post(commune_label="Nulle-Part-sur-Mer"))
    page = response.content.decode()
    assert "Commune « Nulle-Part-sur-Mer » introuvable" in page
    assert 'aria-invalid="true"' in page
    assert not Employer.objects.exists()


def test_signup_with_a_taken_email_or_siret_answers_like_a_new_one(client, employer, employer_user):
    """Whether an address or a company is known is told by e-mail to its owner, never on the page."""
    for data in (register_post(email=employer_user.email), register_post(siret=employer.siret)):
        response = client.post(reverse("employers:register"), data)
        assert (response.status_code, response["Location"]) == (302, reverse("accounts:signup_sent"))
    assert not Employer.objects.filter(name="Numérique & Co").exists()


def test_signup_with_mismatched_or_weak_passwords(client):
    page = client.post(
        reverse("employers:register"), register_post(password_confirm="autre-chose-encore")
    ).content.decode()
    assert "Les deux mots de passe ne sont pas identiques." in page
    page = client.post(
        reverse("employers:register"),
        register_post(password="1234567890123", password_confirm="1234567890123"),
    ).content.decode()
    assert "entièrement numérique" in page or "uniquement des chiffres" in page
    assert not Employer.objects.exists()


def test_signup_page_is_open_to_visitors_and_refused_to_other_roles(
    client, client_for, officer, graduate_user
):
    page = client.get(reverse("employers:register")).content.decode()
    assert 'name="siret"' in page and 'name="commune"' in page
    for user in (officer, graduate_user):
        response = client_for(user).get(reverse("employers:register"))
        assert response.status_code == 403
        assert "déconnectez-vous pour inscrire une entreprise" in response.content.decode()


def test_signed_in_employer_going_to_signup_lands_on_the_dashboard(boss):
    response = boss.get(reverse("employers:register"))
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:dashboard")


# ---------------------------------------------------------------- offer form


def test_create_offer_with_appellation_skills_and_typed_french_amounts(boss, employer, react, symfony):
    appellation = Appellation.objects.filter(occupation_id="M1805").first()
    response = boss.post(
        reverse("employers:offer_create"),
        offer_post(
            appellation=appellation.code,
            appellation_label=appellation.label,
            skills=[str(symfony.pk), str(react.pk)],
            **{f"level_{symfony.pk}": "required", f"level_{react.pk}": "nice"},
        ),
    )
    offer = Offer.objects.get(employer=employer)
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:offer_manage", kwargs={"pk": offer.pk})
    assert offer.status == Offer.Status.DRAFT
    assert str(offer.salary_min) == "26000.00"
    assert offer.openings == 2
    assert offer.appellation_id == appellation.code
    assert offer.occupation_id == "M1805"
    assert {(s.skill_id, s.level) for s in offer.offer_skills.all()} == {
        (symfony.pk, "required"),
        (react.pk, "nice"),
    }
    page = boss.get(response["Location"]).content.decode()
    assert "Brouillon : personne d'autre que votre entreprise ne le voit." in page
    assert "26\u202f000 – 32\u202f000 € brut par an" in page


def test_salary_min_above_max_is_refused_and_everything_typed_is_kept(boss, employer, react):
    response = boss.post(
        reverse("employers:offer_create"),
        offer_post(
            salary_min="3 000",
            salary_max="2 000",
            salary_period="month",
            skills=[str(react.pk)],
            **{f"level_{react.pk}": "nice"},
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le salaire maximum doit être supérieur ou égal au minimum." in page
    assert 'value="Développeur·se Symfony (H/F)"' in page
    assert 'value="3 000"' in page
    assert "Vous maintiendrez nos applications **Symfony**." in page
    # The chosen skill and its level are still there.
    assert f'name="skills" value="{react.pk}"' in page
    assert f'name="level_{react.pk}" value="nice" checked' in page
    assert not Offer.objects.exists()


def test_unknown_commune_and_missing_salary_are_explained_in_french(boss):
    response = boss.post(
        reverse("employers:offer_create"),
        offer_post(commune="", commune_label="Atlantide", salary_min="", salary_max=""),
    )
    page = response.content.decode()
    assert "Commune « Atlantide » introuvable" in page
    assert "la transparence salariale est obligatoire" in page
    assert not Offer.objects.exists()


def test_fixed_term_contract_without_duration_gets_the_service_message_on_the_field(boss):
    response = boss.post(reverse("employers:offer_create"), offer_post(contract_type="CDD"))
    page = response.content.decode()
    assert "Indiquez la durée du contrat en mois." in page
    assert response.context["form"].errors["contract_months"] == ["Indiquez la durée du contrat en mois."]


def test_internship_longer_than_six_months_is_refused(boss):
    response = boss.post(
        reverse("employers:offer_create"),
        offer_post(contract_type="STAGE", contract_months="8", internship_gratification="650"),
    )
    assert "Un stage dure au plus 6 mois." in response.content.decode()


def test_unknown_rome_title_typed_by_hand_is_refused(boss):
    response = boss.post(
        reverse("employers:offer_create"), offer_post(appellation_label="Dompteur de licornes")
    )
    assert "Métier « Dompteur de licornes » introuvable" in response.content.decode()


def test_edit_form_shows_the_saved_offer_then_saves_changes(boss, employer, employer_user, react):
    offer = OfferFactory(
        employer=employer, created_by=employer_user, salary_min=1800, salary_max=2100, salary_period="month"
    )
    page = boss.get(reverse("employers:offer_edit", kwargs={"pk": offer.pk})).content.decode()
    assert 'value="1800"' in page
    assert 'value="Lens (62300)"' in page
    response = boss.post(
        reverse("employers:offer_edit", kwargs={"pk": offer.pk}),
        offer_post(
            title="Développeur·se PHP confirmé·e",
            updated_at=offer.updated_at.isoformat(),
            skills=[str(react.pk)],
            **{f"level_{react.pk}": "required"},
        ),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Développeur·se PHP confirmé·e"
    assert [s.skill_id for s in offer.offer_skills.all()] == [react.pk]


def test_edit_after_a_colleague_changed_the_offer_says_so_and_keeps_the_typing(boss, employer):
    offer = OfferFactory(employer=employer)
    stale = (offer.updated_at - timedelta(minutes=5)).isoformat()
    response = boss.post(
        reverse("employers:offer_edit", kwargs={"pk": offer.pk}),
        offer_post(title="Ma version", updated_at=stale),
    )
    page = response.content.decode()
    assert "modifiée entre-temps par un collègue" in page
    assert 'value="Ma version"' in page
    offer.refresh_from_db()
    assert offer.title != "Ma version"


def test_a_filled_offer_is_no_longer_editable(boss, employer):
    offer = OfferFactory(employer=employer, status=Offer.Status.FILLED)
    response = boss.get(reverse("employers:offer_edit", kwargs={"pk": offer.pk}), follow=True)
    assert response.redirect_chain[-1][0] == reverse("employers:offer_manage", kwargs={"pk": offer.pk})
    assert "ne se modifie plus : dupliquez-la" in response.content.decode()


# ---------------------------------------------------------------- actions on the manage page


@pytest.mark.parametrize(
    ("start", "action", "end", "message"),
    [
        (Offer.Status.DRAFT, "submit", Offer.Status.SUBMITTED, "Offre envoyée à l&#x27;école"),
        (Offer.Status.PUBLISHED, "fill", Offer.Status.FILLED, "marquée pourvue"),
        (Offer.Status.PUBLISHED, "close", Offer.Status.CLOSED, "Offre fermée"),
        (Offer.Status.DRAFT, "close", Offer.Status.CLOSED, "Offre fermée"),
        (Offer.Status.FILLED, "close", Offer.Status.FILLED, "Impossible : l&#x27;offre est « pourvue »."),
        (Offer.Status.DRAFT, "fill", Offer.Status.DRAFT, "Impossible : l&#x27;offre est « brouillon »."),
    ],
)
def test_manage_page_actions(boss, employer, start, action, end, message):
    extra = {"published": True} if start == Offer.Status.PUBLISHED else {"status": start}
    offer = OfferFactory(employer=employer, **extra)
    response = boss.post(
        reverse("employers:offer_action", kwargs={"pk": offer.pk}), {"action": action}, follow=True
    )
    offer.refresh_from_db()
    assert offer.status == end
    assert message in response.content.decode()


def test_refresh_keeps_a_published_offer_online_longer(boss, employer):
    old = timezone.now() - timedelta(days=50)
    offer = OfferFactory(employer=employer, published=True, refreshed_at=old)
    response = boss.post(
        reverse("employers:offer_action", kwargs={"pk": offer.pk}), {"action": "refresh"}, follow=True
    )
    offer.refresh_from_db()
    assert offer.refreshed_at > old + timedelta(days=49)
    assert "reste en ligne 60 jours de plus" in response.content.decode()


def test_duplicate_opens_the_copy_in_the_form(boss, employer, react):
    offer = OfferFactory(employer=employer, status=Offer.Status.CLOSED, title="Technicien·ne domotique")
    offer.offer_skills.create(skill=react, level="nice")
    response = boss.post(
        reverse("employers:offer_action", kwargs={"pk": offer.pk}), {"action": "duplicate"}, follow=True
    )
    copy = Offer.objects.exclude(pk=offer.pk).get()
    assert copy.status == Offer.Status.DRAFT
    assert copy.duplicated_from_id == offer.pk
    assert response.redirect_chain[-1][0] == reverse("employers:offer_edit", kwargs={"pk": copy.pk})
    page = response.content.decode()
    assert 'value="Technicien·ne domotique"' in page
    assert f'name="level_{react.pk}" value="nice" checked' in page


def test_manage_page_lists_only_possible_actions_and_the_history(boss, employer, employer_user):
    offer = OfferFactory(employer=employer, published=True)
    offer.transitions.create(
        actor=employer_user, transition="approve", from_state="submitted", to_state="published"
    )
    page = boss.get(reverse("employers:offer_manage", kwargs={"pk": offer.pk})).content.decode()
    assert 'value="refresh"' in page and 'value="fill"' in page and 'value="close"' in page
    assert 'value="submit"' not in page
    assert "Voir la page publique" in page
    assert "Publiée" in page


# ---------------------------------------------------------------- dashboard and colleagues


def test_dashboard_groups_offers_by_status(boss, employer):
    OfferFactory(employer=employer, title="Brouillon A")
    OfferFactory(employer=employer, published=True, title="En ligne B")
    OfferFactory(employer=employer, status=Offer.Status.CLOSED, title="Fermée C")
    response = boss.get(reverse("employers:dashboard"))
    groups = {g["key"]: [o.title for o in g["offers"]] for g in response.context["groups"]}
    assert groups == {"published": ["En ligne B"], "draft": ["Brouillon A"], "archived": ["Fermée C"]}
    assert "Vos offres (3)" in response.content.decode()


def test_colleague_is_listed_and_a_new_one_invited_by_e_mail(
    boss, employer, colleague_user, django_capture_on_commit_callbacks
):
    assert colleague_user.email in boss.get(reverse("employers:dashboard")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = boss.post(
            reverse("employers:colleague_invite"),
            {"first_name": "Léa", "last_name": "Morel", "email": "lea@hauts-numeriques.fr"},
            follow=True,
        )
    assert "Invitation envoyée à lea@hauts-numeriques.fr" in response.content.decode()
    assert Contact.objects.get(email="lea@hauts-numeriques.fr").employer == employer
    assert Invitation.objects.filter(email="lea@hauts-numeriques.fr").count() == 1
    assert mail.outbox[0].to == ["lea@hauts-numeriques.fr"]


def test_inviting_someone_who_has_an_account_reads_like_any_invitation(
    boss, graduate_user, django_capture_on_commit_callbacks
):
    """An employer must not learn that an address belongs to a graduate: the person is e-mailed that
    she already has an account instead (issue #10)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = boss.post(
            reverse("employers:colleague_invite"),
            {"first_name": "Sam", "last_name": "Roux", "email": graduate_user.email, "job_title": "DRH"},
            follow=True,
        )
    page = response.content.decode()
    assert f"Invitation envoyée à {graduate_user.email}" in page
    assert "Un compte existe" not in page
    assert mail.outbox[0].subject == "Vous avez déjà un compte Tremplin"


@pytest.mark.parametrize("count", [5, 30])
def test_dashboard_query_count_does_not_grow_with_offers(boss, employer, count, request):
    for i in range(count):
        OfferFactory(
            employer=employer, title=f"Offre {i}", status=[Offer.Status.DRAFT, Offer.Status.CLOSED][i % 2]
        )
    boss.get(reverse("employers:dashboard"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = boss.get(reverse("employers:dashboard"))
    assert response.status_code == 200
    assert response.context["offer_count"] == count
    # session, user, organisation, offers, colleagues, the navigation's unread notifications
    assert len(queries) == 6, [q["sql"] for q in queries]


# ---------------------------------------------------------------- CSV import


def test_import_page_explains_columns_and_serves_the_template(boss):
    page = boss.get(reverse("employers:offer_import")).content.decode()
    assert "salaire_min" in page and "obligatoire" in page
    response = boss.get(reverse("employers:offer_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").startswith("titre;description;type_contrat")


def test_importing_the_template_creates_drafts(boss, employer):
    template = boss.get(reverse("employers:offer_import_template")).content
    upload = SimpleUploadedFile("offres.csv", template, content_type="text/csv")
    response = boss.post(reverse("employers:offer_import"), {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("employers:dashboard")
    assert employer.offers.filter(status=Offer.Status.DRAFT).count() == 2
    assert "2 offre(s) importée(s) en brouillon" in response.content.decode()


def test_import_with_a_wrong_line_reports_it_and_creates_nothing(boss, employer):
    content = (
        "titre;description;type_contrat;salaire_min;salaire_max;commune\n"
        "Développeur web;Missions variées;CDI;2000;2400;Lens (62300)\n"
        "Technicien;Installations KNX;CDI;3000;2000;Atlantide\n"
    ).encode()
    response = boss.post(reverse("employers:offer_import"), {"file": SimpleUploadedFile("o.csv", content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "aucune offre importée" in page
    report = response.context["report"]
    assert {e.line for e in report.errors} == {3}
    assert "<td>3</td>" in page
    assert not employer.offers.exists()


def test_import_refuses_a_file_that_is_not_csv(boss, employer):
    response = boss.post(
        reverse("employers:offer_import"), {"file": SimpleUploadedFile("offres.xlsx", b"PK\x03\x04")}
    )
    assert response.status_code == 200
    assert "Envoyez un fichier .csv" in response.content.decode()
    assert not employer.offers.exists()


def test_pending_company_sees_its_banner_on_every_employer_page(client_for):
    pending = EmployerFactory(status=Employer.Status.PENDING)
    from tests.factories import ContactFactory

    client = client_for(ContactFactory(employer=pending).user)
    for name in ("employers:dashboard", "employers:offer_create", "employers:offer_import"):
        assert "en attente de validation" in client.get(reverse(name)).content.decode()


def test_facts_read_in_the_text_are_shown_and_can_be_rejected(boss, employer):
    offer = OfferFactory(
        employer=employer,
        contract_type=Offer.ContractType.INTERIM,
        contract_months=6,
        extracted_facts={
            "contract_months": {
                "value": "6",
                "evidence": "mission de 6 mois",
                "applied": True,
                "differs": False,
            },
            "weekly_hours": {"value": "35", "evidence": "35 h", "applied": False, "differs": False},
        },
    )
    url = reverse("employers:offer_manage", kwargs={"pk": offer.pk})
    page = boss.get(url).content.decode()
    assert "Lu dans votre texte" in page
    assert "Durée (mois) : 6" in page
    assert "« mission de 6 mois »" in page
    assert "Heures par semaine" not in page  # neither applied nor different: nothing to confirm

    response = boss.post(
        reverse("employers:offer_fact", kwargs={"pk": offer.pk}),
        {"name": "contract_months", "accept": "0"},
        follow=True,
    )
    assert "Information retirée." in response.content.decode()
    offer.refresh_from_db()
    assert offer.contract_months is None
    assert offer.extracted_facts["contract_months"]["confirmed"] is False
    assert "Lu dans votre texte" not in boss.get(url).content.decode()


def test_confirming_an_unknown_fact_explains(boss, employer):
    offer = OfferFactory(employer=employer)
    response = boss.post(
        reverse("employers:offer_fact", kwargs={"pk": offer.pk}),
        {"name": "salary_min", "accept": "1"},
        follow=True,
    )
    assert "n&#x27;a pas été détectée" in response.content.decode()


def test_a_fact_read_the_same_as_typed_is_not_flagged_as_different(boss, employer):
    offer = OfferFactory(
        employer=employer,
        remote=Offer.Remote.HYBRID,
        extracted_facts={
            "salary_min": {"value": "2000.0", "evidence": "2 000 €", "applied": True, "differs": False},
            "remote": {
                "value": "hybrid",
                "evidence": "télétravail partiel",
                "applied": True,
                "differs": False,
            },
        },
    )
    page = boss.get(reverse("employers:offer_manage", kwargs={"pk": offer.pk})).content.decode()
    panel = page.split("Lu dans votre texte")[1].split("</section>")[0]
    assert "Différent de ce que vous avez saisi" not in panel
    assert "2000.0" not in panel and ("2\u00a0000" in panel or "2 000" in panel)
    assert ": Hybride</strong>" in panel
    assert "hybrid<" not in panel and ": hybrid" not in panel


def test_a_fact_read_differently_from_what_was_typed_is_flagged(boss, employer):
    offer = OfferFactory(
        employer=employer,
        extracted_facts={
            "salary_min": {"value": "2500.0", "evidence": "2 500 €", "applied": False, "differs": True}
        },
    )
    page = boss.get(reverse("employers:offer_manage", kwargs={"pk": offer.pk})).content.decode()
    assert "Différent de ce que vous avez saisi" in page
