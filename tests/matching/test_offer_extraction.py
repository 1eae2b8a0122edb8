"""Saving an offer runs the NLP pipeline in the background and stores what it read, politely."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from backend.geo.models import Commune
from backend.taxonomy.models import Skill
from employers import services as employer_services
from employers.models import Offer, OfferSkill
from matching import services
from matching.tasks import extract_offer

DOMOTIQUE = (
    "Technicien domotique (H/F) en CDD de 6 mois. Vous installez des systèmes KNX et Home Assistant "
    "chez nos clients. Permis B exigé. La connaissance de Zigbee est un plus. "
    "Salaire : 1 900 à 2 200 € brut/mois."
)


def create_offer(employer, user, *, description=DOMOTIQUE, skills=None, **overrides):
    fields = {
        "title": "Technicien domotique (H/F)",
        "description": description,
        "contract_type": Offer.ContractType.CDD,
        "contract_months": None,
        "salary_min": Decimal("1900"),
        "salary_max": Decimal("2200"),
        "salary_period": Offer.SalaryPeriod.MONTH,
        "commune": Commune.objects.get(insee="62510"),
    }
    fields.update(overrides)
    if fields["contract_type"] == Offer.ContractType.CDD and fields["contract_months"] is None:
        # The form requires a duration for a CDD; leave it empty only through a CDI typed by mistake.
        fields["contract_months"] = 6
    return employer_services.offer_create(employer=employer, by=user, skills=skills, **fields)


def skill(uid: str) -> Skill:
    return Skill.objects.get(uid=uid)


def levels(offer) -> dict[str, tuple[str, str]]:
    return {row.skill.uid: (row.level, row.source) for row in offer.offer_skills.select_related("skill")}


@pytest.fixture
def offer(employer, employer_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = create_offer(employer, employer_user)
    created.refresh_from_db()
    return created


def test_saving_an_offer_stores_extracted_skills_with_levels_and_evidence(offer):
    found = levels(offer)

    assert found["tremplin:knx"] == ("required", "extracted")
    assert found["tremplin:zigbee"] == ("nice", "extracted")
    assert found["tremplin:permis-b"] == ("required", "extracted")
    knx = offer.offer_skills.get(skill__uid="tremplin:knx")
    assert "KNX" in knx.evidence
    assert offer.description[knx.start : knx.end] == "KNX"
    assert offer.analysed_hash == offer.content_hash


def test_facts_fill_empty_fields_but_never_overwrite_what_a_person_typed(
    employer, employer_user, django_capture_on_commit_callbacks
):
    # The employer typed CDI (a mistake the text contradicts) and left the ROME code empty.
    with django_capture_on_commit_callbacks(execute=True):
        offer = create_offer(
            employer, employer_user, contract_type=Offer.ContractType.CDI, contract_months=None
        )
    offer.refresh_from_db()

    assert offer.contract_type == Offer.ContractType.CDI
    assert offer.extracted_facts["contract_type"]["value"] == "CDD"
    assert offer.extracted_facts["contract_type"]["differs"] is True
    assert offer.extracted_facts["contract_type"]["applied"] is False
    # A duration makes no sense on the CDI they typed: kept as a suggestion only.
    assert offer.contract_months is None
    assert offer.extracted_facts["contract_months"]["applied"] is False
    # An empty field is filled, and flagged for the employer to confirm.
    assert offer.occupation_id == offer.extracted_facts["occupation_id"]["value"]
    assert offer.extracted_facts["occupation_id"]["applied"] is True


def test_an_empty_duration_of_a_fixed_term_contract_is_filled_from_the_text(
    employer, employer_user, django_capture_on_commit_callbacks
):
    # Intérim takes a duration but does not require one in the form.
    with django_capture_on_commit_callbacks(execute=True):
        offer = create_offer(
            employer, employer_user, contract_type=Offer.ContractType.INTERIM, contract_months=None
        )
    offer.refresh_from_db()

    assert offer.contract_months == 6
    assert offer.extracted_facts["contract_months"]["applied"] is True


def test_running_the_task_twice_changes_nothing(offer):
    before = levels(offer)
    count = OfferSkill.objects.filter(offer=offer).count()

    assert extract_offer(offer_id=offer.pk, content_hash=offer.content_hash) is False

    offer.refresh_from_db()
    assert levels(offer) == before
    assert OfferSkill.objects.filter(offer=offer).count() == count


def test_a_task_for_an_outdated_text_does_nothing(offer, employer_user, django_capture_on_commit_callbacks):
    old_hash = offer.content_hash
    with django_capture_on_commit_callbacks(execute=False):
        employer_services.offer_update(
            offer=offer, by=employer_user, description="Installation KNX uniquement, CDD 6 mois."
        )
    offer.refresh_from_db()

    assert services.offer_analyse(offer_id=offer.pk, content_hash=old_hash) is False
    assert offer.analysed_hash == old_hash  # the new text waits for its own task
    assert offer.needs_analysis


def test_a_skill_the_employer_chose_keeps_its_level_and_source(
    employer, employer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = create_offer(employer, employer_user, skills=[(skill("tremplin:zigbee"), "required")])

    assert levels(offer)["tremplin:zigbee"] == ("required", "declared")


def test_a_skill_removed_by_the_employer_is_not_brought_back(
    offer, employer_user, django_capture_on_commit_callbacks
):
    kept = [
        (row.skill, row.level)
        for row in offer.offer_skills.select_related("skill")
        if row.skill.uid != "tremplin:zigbee"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        employer_services.offer_update(
            offer=offer, by=employer_user, skills=kept, description=DOMOTIQUE + " Zigbee toujours apprécié."
        )
    offer.refresh_from_db()

    assert "tremplin:zigbee" not in levels(offer)
    assert offer.dismissed_skills.filter(uid="tremplin:zigbee").exists()
    assert offer.analysed_hash == offer.content_hash
    # What the employer kept is theirs now.
    assert levels(offer)["tremplin:knx"] == ("required", "confirmed")


def test_the_sweep_command_reports_then_enqueues_stale_offers(offer, employer, employer_user, capsys):
    Offer.objects.filter(pk=offer.pk).update(analysed_hash="")

    call_command("analyse_stale_offers")
    out = capsys.readouterr().out
    assert "1 offre(s) à analyser" in out
    assert Offer.objects.get(pk=offer.pk).analysed_hash == ""

    call_command("analyse_stale_offers", "--wet-run")
    assert Offer.objects.get(pk=offer.pk).analysed_hash == offer.content_hash


def test_live_preview_shows_detected_skills_to_the_employer_typing(client_for, employer_user):
    response = client_for(employer_user).post(
        reverse("matching:offer_text_preview"), {"title": "Technicien domotique", "description": DOMOTIQUE}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "KNX" in html and "Zigbee" in html
    assert f'data-skill-id="{skill("tremplin:knx").pk}"' in html
    assert "Reporter dans le formulaire" in html


def test_live_preview_hides_skills_already_ignored(client_for, employer_user):
    zigbee = skill("tremplin:zigbee")
    response = client_for(employer_user).post(
        reverse("matching:offer_text_preview"),
        {"title": "Technicien domotique", "description": DOMOTIQUE, "dismissed_skills": [zigbee.pk]},
    )

    assert f'data-skill-id="{zigbee.pk}"' not in response.content.decode()


@pytest.mark.parametrize("persona", ["graduate_user", None])
def test_live_preview_is_for_employers_and_officers_only(client_for, client, persona, request):
    http = client_for(request.getfixturevalue(persona)) if persona else client
    response = http.post(reverse("matching:offer_text_preview"), {"title": "x", "description": DOMOTIQUE})

    assert response.status_code in (302, 403)
    assert "KNX" not in response.content.decode()


def test_live_preview_reports_a_whole_salary_as_typed_not_as_a_float(client_for, employer_user):
    """« Reporter dans le formulaire » wrote « 2000,0 » in the salary fields (found on the demo)."""
    response = client_for(employer_user).post(
        reverse("matching:offer_text_preview"),
        {
            "title": "Technicien support utilisateurs (H/F)",
            "description": "CDI, temps plein. Rémunération brute mensuelle : 2 000 €. Support aux utilisateurs.",
        },
    )

    html = response.content.decode()
    assert 'data-fill-field="id_salary_min" data-value="2000"' in html
    assert "2000,0" not in html


def test_live_preview_fact_labels_follow_the_reader_language(client_for, employer_user):
    """The fact labels (« Contrat », « Salaire minimum »…) were plain strings: English readers got French."""
    from django.utils import translation

    from matching.views.preview import FACT_LABELS

    with translation.override("en"):
        english = {name: str(label) for name, (label, _field) in FACT_LABELS.items()}
    with translation.override("fr"):
        french = {name: str(label) for name, (label, _field) in FACT_LABELS.items()}
    assert all(english[name] != french[name] for name in FACT_LABELS), english  # each one has its English

    form = {
        "title": "Technicien support utilisateurs (H/F)",
        "description": "CDI, temps plein. Rémunération brute mensuelle : 2 000 €. Support aux utilisateurs.",
    }
    client = client_for(employer_user)
    in_english = client.post(
        reverse("matching:offer_text_preview"), form, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<dt>Contract</dt>" in in_english and "<dt>Minimum salary</dt>" in in_english
    assert "<dt>Contrat</dt>" not in in_english
    in_french = client.post(
        reverse("matching:offer_text_preview"), form, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "<dt>Contrat</dt>" in in_french and "<dt>Salaire minimum</dt>" in in_french
