"""Candidacy pages for the three roles: the school's board, the graduate's list and applying, the
employer's received candidacies, one candidacy's page and its moves (htmx and plain forms)."""

from datetime import timedelta
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backend.core.models import AuditLog
from placements.models import Application
from tests.factories import OfferFactory
from tests.factories.graduates import CohortFactory, GraduateFactory
from tests.factories.placements import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_cv(graduate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    graduate.cv_file.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=False)
    graduate.cv_filename = "cv.pdf"
    graduate.save()
    return graduate


def close_file(response) -> None:
    """Close the streamed file; response.close() would also fire request_finished and drop the DB connection."""
    for closer in response._resource_closers:
        closer()


def html(response) -> str:
    """The page's text with entities decoded (apostrophes are escaped in attributes and text)."""
    return unescape(response.content.decode())


# ---------------------------------------------------------------- the school's board


def test_the_board_has_one_column_per_pending_state_then_recent_endings(
    client_for, officer, graduate, offer, other_offer
):
    ApplicationFactory(graduate=graduate, offer=offer, state="interview")
    ApplicationFactory(graduate=graduate, offer=other_offer, state="refused")
    old_refusal = ApplicationFactory(
        graduate=graduate, offer=OfferFactory(employer=offer.employer, published=True), state="refused"
    )
    Application.objects.filter(pk=old_refusal.pk).update(moved_at=timezone.now() - timedelta(days=45))

    response = client_for(officer).get(reverse("placements:board"))

    assert response.status_code == 200
    columns = {c["state"]: c for c in response.context["columns"]}
    assert list(columns) == [
        "suggested", "interested", "applied", "interview", "offer", "hired", "refused", "withdrawn",
    ]  # fmt: skip
    assert columns["interview"]["count"] == 1
    assert columns["refused"]["count"] == 1  # the refusal of 45 days ago has left the board
    card = columns["interview"]["cards"][0]
    assert [a["name"] for a in card.actions] == [
        "make_offer",
        "hire",
        "refuse",
        "cancel_interview",
        "withdraw",
        "close_stale",
    ]
    page = html(response)
    assert 'hx-post="/candidatures/' in page
    assert "Inès Dupont" in page


def test_the_board_flags_and_filters_candidacies_idle_for_thirty_days(
    client_for, officer, graduate, other_graduate, offer
):
    stale = ApplicationFactory(graduate=graduate, offer=offer)
    ApplicationFactory(graduate=other_graduate, offer=offer)
    Application.objects.filter(pk=stale.pk).update(moved_at=timezone.now() - timedelta(days=31))
    client = client_for(officer)

    page = html(client.get(reverse("placements:board")))
    assert "1 candidature sans mouvement depuis 30 jours ou plus." in page
    assert "Sans mouvement depuis 31 jours" in page

    only_stale = client.get(reverse("placements:board"), {"stale": "1", "vue": "liste"})
    assert [a.pk for a in only_stale.context["page"].object_list] == [stale.pk]


def test_the_list_view_filters_by_cohort_employer_and_state(
    client_for, officer, graduate, offer, other_offer
):
    other_cohort_graduate = GraduateFactory(cohort=CohortFactory(name="Promo Arras"))
    a = ApplicationFactory(graduate=graduate, offer=offer, state="applied")
    b = ApplicationFactory(graduate=graduate, offer=other_offer, state="interview")
    c = ApplicationFactory(graduate=other_cohort_graduate, offer=offer, state="applied")
    client = client_for(officer)
    url = reverse("placements:board")

    def ids(**params):
        return sorted(x.pk for x in client.get(url, {"vue": "liste", **params}).context["page"].object_list)

    assert ids() == sorted([a.pk, b.pk, c.pk])
    assert ids(cohort=graduate.cohort_id) == sorted([a.pk, b.pk])
    assert ids(employer=offer.employer_id) == sorted([a.pk, c.pk])
    assert ids(state="interview") == [b.pk]
    assert ids(cohort=graduate.cohort_id, state="applied") == [a.pk]


def test_an_htmx_move_returns_the_card_in_its_new_state(client_for, officer, application):
    response = client_for(officer).post(
        reverse("placements:application_action", args=[application.pk]),
        {"transition": "make_offer", "next": "/candidatures/"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = html(response)
    assert body.lstrip().startswith('<article class="card app-card')
    assert 'data-state="offer"' in body
    assert "la candidature est maintenant à l'étape « Proposition d'embauche »" in body
    application.refresh_from_db()
    assert application.state == "offer"


def test_without_javascript_a_move_returns_to_the_page_it_came_from(client_for, officer, application):
    response = client_for(officer).post(
        reverse("placements:application_action", args=[application.pk]),
        {
            "transition": "schedule_interview",
            "interview_at": "2030-03-04T14:30",
            "interview_place": "Lens",
            "next": "/candidatures/?vue=liste",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/candidatures/?vue=liste"
    application.refresh_from_db()
    assert application.state == "interview"
    assert timezone.localtime(application.interview_at).strftime("%d/%m/%Y %H:%M") == "04/03/2030 14:30"


def test_a_move_never_redirects_off_site(client_for, officer, application):
    response = client_for(officer).post(
        reverse("placements:application_action", args=[application.pk]),
        {"transition": "make_offer", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("placements:application_detail", args=[application.pk])


def test_a_refusal_without_a_reason_is_explained_and_changes_nothing(client_for, officer, application):
    response = client_for(officer).post(
        reverse("placements:application_action", args=[application.pk]),
        {"transition": "refuse"},
        HTTP_HX_REQUEST="true",
    )
    assert "Choisissez un motif dans la liste." in html(response)
    application.refresh_from_db()
    assert application.state == "applied"


def test_a_move_that_no_longer_applies_says_why(client_for, officer, graduate, offer):
    app = ApplicationFactory(graduate=graduate, offer=offer, state="hired")
    response = client_for(officer).post(
        reverse("placements:application_action", args=[app.pk]), {"transition": "withdraw"}, follow=True
    )
    assert "Impossible de « retirer la candidature » : la candidature est à l'étape « embauché·e »." in html(
        response
    )


# ---------------------------------------------------------------- the graduate


def test_the_graduate_sees_their_candidacies_in_plain_words(
    client_for, graduate, offer, other_offer, employer
):
    ApplicationFactory(graduate=graduate, offer=offer, state="interview")
    ApplicationFactory(graduate=graduate, offer=other_offer, state="refused", refusal_reason="filled")
    invited = ApplicationFactory(
        graduate=graduate,
        offer=OfferFactory(employer=employer, published=True),
        state="suggested",
        origin="employer",
    )

    response = client_for(graduate.user).get(reverse("placements:mine"))

    page = html(response)
    assert "Entretien prévu : préparez-le avec votre chargé·e d'insertion." in page
    assert "Entretien le " in page
    assert "Le poste a été pourvu avant l'examen de votre candidature. Ce n'est pas lié à vous." in page
    assert reverse("placements:apply", args=[invited.offer_id]) in page
    assert "Je déclare ma situation" in page


def test_the_graduate_withdraws(client_for, graduate, application):
    client = client_for(graduate.user)
    response = client.post(
        reverse("placements:application_action", args=[application.pk]),
        {"transition": "withdraw", "next": reverse("placements:mine")},
        follow=True,
    )
    assert "Vous avez retiré cette candidature." in html(response)
    application.refresh_from_db()
    assert application.state == "withdrawn"


def test_the_graduate_cannot_hire_themself_from_the_page(client_for, graduate, offer):
    app = ApplicationFactory(graduate=graduate, offer=offer, state="offer")
    response = client_for(graduate.user).post(
        reverse("placements:application_action", args=[app.pk]), {"transition": "hire"}, follow=True
    )
    assert "« Embaucher » n'est pas une action possible pour vous" in html(response)
    app.refresh_from_db()
    assert app.state == "offer"


def test_a_signed_in_graduate_finds_the_apply_button_on_the_offer_page(
    client, client_for, graduate, offer, employer_user
):
    url = reverse("offers:detail", args=[offer.pk])
    apply_url = reverse("placements:apply", args=[offer.pk])
    assert apply_url in html(client_for(graduate.user).get(url))
    assert apply_url not in html(client.get(url))
    assert apply_url not in html(client_for(employer_user).get(url))


def test_the_graduate_applies_with_a_message_and_their_cv(
    client_for, graduate, offer, employer_user, with_cv
):
    client = client_for(graduate.user)
    url = reverse("placements:apply", args=[offer.pk])

    form = client.get(url)
    assert form.status_code == 200
    assert 'name="share_cv"' in html(form)

    response = client.post(url, {"message": "Je connais Symfony.", "share_cv": "on"})
    app = Application.objects.get(graduate=graduate, offer=offer)
    assert response["Location"] == reverse("placements:application_detail", args=[app.pk])
    assert (app.state, app.message, app.share_cv) == ("applied", "Je connais Symfony.", True)

    again = client.get(url)
    assert again.status_code == 302  # already applied: to the candidacy


def test_uploading_the_cv_from_the_apply_page_keeps_the_message_and_stays_on_the_offer(
    client_for, graduate, offer, settings, tmp_path
):
    """« Déposer mon CV dans mon profil » left the page: the typed message was lost and the upload
    landed on the profile, not back on the offer (found on a new-user walk)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.graduates.conftest import make_pdf

    settings.MEDIA_ROOT = tmp_path
    client = client_for(graduate.user)
    url = reverse("placements:apply", args=[offer.pk])
    page = html(client.get(url))
    assert 'enctype="multipart/form-data"' in page and 'name="upload_cv"' in page

    bad = client.post(
        url,
        {
            "message": "Je connais Symfony.",
            "upload_cv": "1",
            "cv": SimpleUploadedFile("cv.txt", b"pas un cv", content_type="text/plain"),
        },
    )
    assert bad.status_code == 400
    assert "Je connais Symfony." in html(bad)
    assert not Application.objects.exists()

    response = client.post(
        url,
        {
            "message": "Je connais Symfony.",
            "upload_cv": "1",
            "cv": SimpleUploadedFile("mon cv.pdf", make_pdf(), content_type="application/pdf"),
        },
    )
    assert response.status_code == 200  # the apply page again, not the profile
    page = html(response)
    assert "Je connais Symfony.</textarea>" in page
    assert "CV enregistré dans votre profil" in page
    assert 'name="upload_cv"' not in page  # the CV is there now: the box to share it is offered
    graduate.refresh_from_db()
    assert graduate.cv_filename == "mon_cv.pdf"
    assert not Application.objects.exists()  # uploading the CV does not send the candidacy

    client.post(url, {"message": "Je connais Symfony.", "share_cv": "on"})
    app = Application.objects.get(graduate=graduate, offer=offer)
    assert (app.message, app.share_cv) == ("Je connais Symfony.", True)


def test_the_apply_page_promises_the_profile_only_to_whom_employers_can_see(
    client_for, graduate, visible_graduate, offer, employer_user
):
    """Invisible by default, Inès was told « l'employeur verra … votre profil Tremplin », but the
    employer's candidacy page links the profile only when it is visible (found on the demo)."""
    url = reverse("placements:apply", args=[offer.pk])
    hidden = html(client_for(graduate.user).get(url))
    assert "votre profil Tremplin" not in hidden
    assert "Votre profil n'est pas visible des entreprises" in hidden
    assert f'href="{reverse("graduates:profile")}">Mon profil</a>' in hidden
    assert "votre profil Tremplin" in html(client_for(visible_graduate.user).get(url))

    client_for(graduate.user).post(url, {"message": "Bonjour"})
    app = Application.objects.get(graduate=graduate, offer=offer)
    seen = html(client_for(employer_user).get(reverse("placements:application_detail", args=[app.pk])))
    assert reverse("graduates:employer_detail", args=[graduate.pk]) not in seen


def test_employers_and_officers_cannot_apply(client_for, offer, employer_user, officer):
    for user in (employer_user, officer):
        response = client_for(user).post(reverse("placements:apply", args=[offer.pk]), {"message": "x"})
        assert response.status_code == 403
    assert not Application.objects.exists()


def test_an_offer_that_is_not_published_cannot_be_applied_to(client_for, graduate, employer):
    draft = OfferFactory(employer=employer)
    assert client_for(graduate.user).get(reverse("placements:apply", args=[draft.pk])).status_code == 404


def test_the_graduate_declares_a_job_found_elsewhere(client_for, graduate, officer):
    response = client_for(graduate.user).post(
        reverse("placements:placement_declare"),
        {
            "employer_name": "Mairie de Liévin",
            "contract_type": "CDD_LONG",
            "start_date": "2026-09-01",
            "end_date": "2027-08-31",
        },
    )
    assert response.status_code == 302
    placement = graduate.placements.get()
    assert (placement.employer_name, placement.status) == ("Mairie de Liévin", "declared")


# ---------------------------------------------------------------- the employer


def test_the_employer_sees_candidacies_grouped_by_offer_and_a_colleague_sees_the_same(
    client_for, employer, employer_user, colleague_user, graduate, other_graduate, offer, other_offer
):
    second = OfferFactory(employer=employer, published=True, title="Référent·e numérique")
    ApplicationFactory(graduate=graduate, offer=offer)
    ApplicationFactory(graduate=other_graduate, offer=offer, state="interview")
    ApplicationFactory(graduate=graduate, offer=second)
    ApplicationFactory(graduate=other_graduate, offer=other_offer)  # another company's

    for user in (employer_user, colleague_user):
        response = client_for(user).get(reverse("placements:employer_board"))
        groups = response.context["groups"]
        assert sorted((g["offer"].title, len(g["applications"])) for g in groups) == [
            ("Développeur·se web (H/F)", 2),
            ("Référent·e numérique", 1),
        ]
        card = next(a for g in groups for a in g["applications"] if a.state == "interview")
        assert [a["name"] for a in card.actions] == ["make_offer", "hire", "refuse", "cancel_interview"]


def test_another_company_sees_none_of_them(client_for, other_employer_user, application):
    response = client_for(other_employer_user).get(reverse("placements:employer_board"))
    assert response.context["groups"] == []
    assert (
        client_for(other_employer_user)
        .get(reverse("placements:application_detail", args=[application.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(other_employer_user)
        .post(
            reverse("placements:application_action", args=[application.pk]),
            {"transition": "refuse", "refusal_reason": "profile"},
        )
        .status_code
        == 404
    )
    application.refresh_from_db()
    assert application.state == "applied"


def test_the_employer_hires_and_a_placement_is_recorded(client_for, employer_user, graduate, offer):
    app = ApplicationFactory(graduate=graduate, offer=offer, state="offer")
    client_for(employer_user).post(
        reverse("placements:application_action", args=[app.pk]), {"transition": "hire"}
    )
    app.refresh_from_db()
    assert app.state == "hired"
    assert app.placement.status == "confirmed"


def test_the_employer_invites_a_visible_graduate_from_the_shortlist(
    client_for, employer_user, other_graduate, graduate, offer, other_offer
):
    client = client_for(employer_user)
    shortlist = reverse("matching:offer_shortlist", args=[offer.pk])

    response = client.post(
        reverse("placements:propose", args=[offer.pk]), {"graduate_id": other_graduate.pk, "next": shortlist}
    )
    assert response["Location"] == shortlist
    invited = Application.objects.get(graduate=other_graduate, offer=offer)
    assert (invited.state, invited.origin) == ("suggested", "employer")

    # Not visible to employers, or another company's offer: 404.
    assert (
        client.post(reverse("placements:propose", args=[offer.pk]), {"graduate_id": graduate.pk}).status_code
        == 404
    )
    assert (
        client.post(
            reverse("placements:propose", args=[other_offer.pk]), {"graduate_id": other_graduate.pk}
        ).status_code
        == 404
    )
    assert Application.objects.count() == 1


def test_the_school_pushes_a_graduate_picked_among_the_cohort(client_for, officer, graduate, offer):
    elsewhere = GraduateFactory(cohort=CohortFactory(name="Promo Arras"))
    client = client_for(officer)
    url = reverse("placements:propose", args=[offer.pk])

    form = client.get(url, {"cohort": graduate.cohort_id})
    choices = [str(label) for _value, label in form.context["form"].fields["graduate"].choices][1:]
    assert any("Inès Dupont" in c for c in choices)
    assert not any(elsewhere.full_name in c for c in choices)

    response = client.post(
        url, {"cohort": graduate.cohort_id, "graduate": graduate.pk, "message": "Profil solide"}
    )
    app = Application.objects.get(graduate=graduate, offer=offer)
    assert response["Location"] == reverse("placements:application_detail", args=[app.pk])
    assert (app.state, app.origin, app.message) == ("applied", "officer", "Profil solide")


def test_graduates_cannot_propose(client_for, graduate, offer):
    assert client_for(graduate.user).get(reverse("placements:propose", args=[offer.pk])).status_code == 403


# ---------------------------------------------------------------- one candidacy


def test_the_page_shows_timeline_actions_and_message_to_each_side(
    client_for, officer, employer_user, graduate, application
):
    for user, actions in (
        (officer, ["schedule_interview", "make_offer", "refuse", "withdraw", "close_stale"]),
        (employer_user, ["schedule_interview", "make_offer", "refuse"]),
        (graduate.user, ["withdraw"]),
    ):
        response = client_for(user).get(reverse("placements:application_detail", args=[application.pk]))
        assert response.status_code == 200
        assert [a["name"] for a in response.context["app"].actions] == actions
        assert "Bonjour, votre offre m'intéresse beaucoup." in html(response)
        assert len(response.context["timeline"]) == 1


def test_the_cv_reaches_the_employer_only_when_shared(
    client_for, employer_user, officer, graduate, offer, with_cv
):
    shared = ApplicationFactory(graduate=graduate, offer=offer, share_cv=True)
    kept = ApplicationFactory(
        graduate=graduate, offer=OfferFactory(employer=offer.employer, published=True), share_cv=False
    )
    employer = client_for(employer_user)

    assert reverse("placements:application_cv", args=[shared.pk]) in html(
        employer.get(reverse("placements:application_detail", args=[shared.pk]))
    )
    download = employer.get(reverse("placements:application_cv", args=[shared.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 cv"
    close_file(download)
    assert AuditLog.objects.filter(action="graduate.cv_downloaded", actor=employer_user).count() == 1

    assert "CV non joint" in html(employer.get(reverse("placements:application_detail", args=[kept.pk])))
    assert employer.get(reverse("placements:application_cv", args=[kept.pk])).status_code == 404
    school = client_for(officer).get(reverse("placements:application_cv", args=[kept.pk]))
    assert school.status_code == 200
    close_file(school)


def test_another_graduate_gets_a_404(client_for, other_graduate, application):
    client = client_for(other_graduate.user)
    for name in ("placements:application_detail", "placements:application_cv"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 404
    assert (
        client.post(
            reverse("placements:application_action", args=[application.pk]), {"transition": "withdraw"}
        ).status_code
        == 404
    )


# ---------------------------------------------------------------- every page, every persona


def _pages(application, offer):
    return [
        ("get", reverse("placements:board")),
        ("get", reverse("placements:mine")),
        ("get", reverse("placements:employer_board")),
        ("get", reverse("placements:application_detail", args=[application.pk])),
        ("get", reverse("placements:application_cv", args=[application.pk])),
        ("post", reverse("placements:application_action", args=[application.pk])),
        ("get", reverse("placements:apply", args=[offer.pk])),
        ("get", reverse("placements:propose", args=[offer.pk])),
        ("get", reverse("placements:placements")),
        ("get", reverse("placements:placement_declare")),
        ("get", reverse("placements:outcomes")),
        ("get", reverse("placements:notifications")),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_on_every_page(client, application, offer):
    for method, url in _pages(application, offer):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login") + "?next="), url


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "officer",
            {
                "board": 200,
                "mine": 403,
                "employer_board": 403,
                "detail": 200,
                "apply": 403,
                "propose": 200,
                "placements": 200,
                "declare": 403,
                "outcomes": 200,
            },
        ),
        (
            "employer_user",
            {
                "board": 403,
                "mine": 403,
                "employer_board": 200,
                "detail": 200,
                "apply": 403,
                "propose": 200,
                "placements": 403,
                "declare": 403,
                "outcomes": 403,
            },
        ),
        (
            "other_employer_user",
            {
                "board": 403,
                "mine": 403,
                "employer_board": 200,
                "detail": 404,
                "apply": 403,
                "propose": 404,
                "placements": 403,
                "declare": 403,
                "outcomes": 403,
            },
        ),
        (
            "owner",
            {
                "board": 403,
                "mine": 200,
                "employer_board": 403,
                "detail": 200,
                "apply": 302,
                "propose": 403,
                "placements": 403,
                "declare": 200,
                "outcomes": 403,
            },
        ),
        (
            "other_graduate",
            {
                "board": 403,
                "mine": 200,
                "employer_board": 403,
                "detail": 404,
                "apply": 200,
                "propose": 403,
                "placements": 403,
                "declare": 200,
                "outcomes": 403,
            },
        ),
    ],
)
def test_each_persona_gets_what_it_may_see_and_nothing_else(
    request, client_for, application, offer, persona, expected
):
    if persona == "owner":
        user = application.graduate.user
    elif persona == "other_graduate":
        user = request.getfixturevalue("other_graduate").user
    else:
        user = request.getfixturevalue(persona)
    client = client_for(user)
    urls = {
        "board": reverse("placements:board"),
        "mine": reverse("placements:mine"),
        "employer_board": reverse("placements:employer_board"),
        "detail": reverse("placements:application_detail", args=[application.pk]),
        "apply": reverse("placements:apply", args=[offer.pk]),
        "propose": reverse("placements:propose", args=[offer.pk]),
        "placements": reverse("placements:placements"),
        "declare": reverse("placements:placement_declare"),
        "outcomes": reverse("placements:outcomes"),
    }
    got = {name: client.get(url).status_code for name, url in urls.items()}
    assert got == expected


# ---------------------------------------------------------------- SQL pinned


@pytest.mark.parametrize("side", ["employer", "graduate"])
def test_each_side_s_list_costs_the_same_queries_for_2_or_12_candidacies(
    client_for, employer, employer_user, graduate, side
):
    client = client_for(employer_user if side == "employer" else graduate.user)
    url = reverse("placements:employer_board" if side == "employer" else "placements:mine")

    def add(n):
        for _ in range(n):
            ApplicationFactory(graduate=graduate, offer=OfferFactory(employer=employer, published=True))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(10)
    assert count() == few


# ---------------------------------------------------------------- consent (review findings)


def test_an_invitation_or_an_interest_shares_no_cv_until_the_graduate_applies(
    client_for, graduate, other_graduate, offer, employer_user, settings, tmp_path
):
    """The employer gets a CV only once the graduate sent it, with « joindre mon CV »."""
    from placements.services import application_from_interest, application_start

    settings.MEDIA_ROOT = tmp_path
    for person in (graduate, other_graduate):
        person.cv_file.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=False)
        person.save()
    invited = application_start(graduate=other_graduate, offer=offer, by=employer_user)
    employer = client_for(employer_user)
    assert invited.share_cv is False
    assert employer.get(reverse("placements:application_cv", args=[invited.pk])).status_code == 404

    # Kylian accepts the invitation and sends his CV: now the employer may read it
    application_start(graduate=other_graduate, offer=offer, by=other_graduate.user, share_cv=True)
    response = employer.get(reverse("placements:application_cv", args=[invited.pk]))
    assert response.status_code == 200
    close_file(response)

    # Inès (not visible to employers) only said she is interested: the employer sees nothing of her
    interest = application_from_interest(graduate=graduate, offer=offer, by=graduate.user)
    assert interest.share_cv is False
    assert employer.get(reverse("placements:application_cv", args=[interest.pk])).status_code == 404
    assert employer.get(reverse("placements:application_detail", args=[interest.pk])).status_code == 404
    assert "Inès Dupont" not in html(employer.get(reverse("placements:employer_board")))


@pytest.mark.parametrize(
    "url",
    [
        "/candidatures/rapports/competences/?cohort=%C2%B2",
        "/candidatures/rapports/annee/99999/",
        "/candidatures/rapports/annee/0/",
    ],
)
def test_odd_numbers_in_urls_are_a_clean_answer_not_a_crash(client_for, officer, url):
    assert client_for(officer).get(url).status_code in (200, 302, 400, 404)


def test_a_unicode_digit_as_an_id_is_refused_cleanly(client_for, employer_user, offer):
    client = client_for(employer_user)
    response = client.post(reverse("placements:propose", args=[offer.pk]), {"graduate": "²"})
    assert response.status_code in (302, 400, 404)
    response = client.post(reverse("placements:notifications"), {"action": "read", "id": "²"})
    assert response.status_code in (302, 400, 404)


def test_the_board_finds_a_graduate_by_name_and_words_moves_for_the_officer(client_for, officer, application):
    other_name = application.graduate.last_name
    client = client_for(officer)
    html = client.get("/candidatures/", {"q": other_name}).content.decode()
    assert f'data-application="{application.pk}"' in html
    html = client.get("/candidatures/", {"q": "zzzz-personne"}).content.decode()
    assert f'data-application="{application.pk}"' not in html
    board = client.get("/candidatures/").content.decode()
    assert "Je suis intéressé·e" not in board and ">Postuler<" not in board
    assert 'data-column="withdrawn"' in board
