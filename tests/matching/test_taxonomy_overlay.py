"""Officers' taxonomy decisions reach the NLP pipeline (as an overlay) and survive the taxonomy sync."""

from decimal import Decimal

import pytest

import nlp_models
from backend.geo.models import Commune
from backend.taxonomy import services as taxonomy_services
from backend.taxonomy.models import Skill, TermCandidate, TermMention
from employers import services as employer_services
from employers.models import Offer, OfferSkill
from matching import nlp_bridge
from matching.taxonomy_sync import taxonomy_sync

pytestmark = pytest.mark.django_db

OFFER = (
    "Développeur web (H/F) en CDI à Lens. Vous maîtrisez PHP, Pinia et Git. "
    "Outils : Jira, ClickUp et Notion. Salaire : 28 à 32 k€ par an."
)


@pytest.fixture(autouse=True)
def _no_overlay_left_behind():
    """The overlay lives in the process: leave it empty for the next tests, whatever happens here."""
    yield
    nlp_models.set_overlay(None)
    nlp_bridge._overlay_version = None


def create_offer(employer, user, *, description: str, title: str) -> Offer:
    return employer_services.offer_create(
        employer=employer,
        by=user,
        title=title,
        description=description,
        contract_type=Offer.ContractType.CDI,
        salary_min=Decimal("28000"),
        salary_max=Decimal("32000"),
        salary_period=Offer.SalaryPeriod.YEAR,
        commune=Commune.objects.get(insee="62498"),
    )


def skill_ids(text: str) -> set[str]:
    return {s.id for s in nlp_models.extract_offer(text).skills}


def offer_skills(offer) -> dict[str, str]:
    return {
        row.skill.uid: offer.description[row.start : row.end]
        for row in OfferSkill.objects.filter(offer=offer).select_related("skill")
    }


def analysed_offer(employer, employer_user, capture, text=OFFER):
    with capture(execute=True):
        offer = create_offer(employer, employer_user, description=text, title="Développeur web (H/F)")
    offer.refresh_from_db()
    return offer


def candidate_for(term: str, *documents: int) -> TermCandidate:
    for doc in documents:
        taxonomy_services.term_candidates_record(source="profile", source_id=doc, terms=[{"term": term}])
    return TermCandidate.objects.get(term=term)


# ------------------------------------------------------------------------------- nlp_models, no Django
def test_set_overlay_adds_skills_and_aliases_and_can_be_removed():
    text = "Vous maîtrisez PHP, Pinia et Git. Outils : Jira et Notion."
    before = skill_ids(text)
    assert "tremplin:vuejs" not in before and "tremplin:notion" not in before

    assert nlp_models.set_overlay(
        {
            "tremplin:notion": {"label_fr": "Notion", "kind": "tool"},
            "tremplin:vuejs": {"aliases": ["Pinia"]},
        }
    )
    analysis = nlp_models.extract_offer(text)
    found = {s.id: s.text for s in analysis.skills}
    assert found["tremplin:notion"] == "Notion" and found["tremplin:vuejs"] == "Pinia"
    assert "+" in analysis.taxonomy_version  # analyses say they used additions
    assert (
        nlp_models.set_overlay(
            {
                "tremplin:vuejs": {"aliases": ["Pinia"]},
                "tremplin:notion": {"label_fr": "Notion", "kind": "tool"},
            }
        )
        is False
    )

    nlp_models.set_overlay(None)
    assert skill_ids(text) == before


def test_an_invalid_overlay_is_refused_and_the_current_one_kept():
    nlp_models.set_overlay({"tremplin:notion": {"label_fr": "Notion", "kind": "tool"}})
    with pytest.raises(ValueError):
        nlp_models.set_overlay({"tremplin:x": {"label_fr": "X", "kind": "not-a-kind"}})
    with pytest.raises(ValueError):
        nlp_models.set_overlay({"tremplin:nameless": {"kind": "tool"}})
    assert "tremplin:notion" in nlp_models.get_overlay()
    assert "tremplin:notion" in skill_ids("Outils : Jira et Notion.")


# ------------------------------------------------------------------------------- through the platform
def test_offer_analysis_records_its_unmatched_terms_once_per_offer(
    employer, employer_user, django_capture_on_commit_callbacks
):
    offer = analysed_offer(employer, employer_user, django_capture_on_commit_callbacks)

    clickup = TermCandidate.objects.get(key="clickup")
    assert (clickup.term, clickup.documents, clickup.occurrences) == ("ClickUp", 1, 1)
    assert "Outils : Jira, ClickUp" in clickup.examples[0]
    assert TermMention.objects.filter(source="offer", source_id=offer.pk).exists()

    # The employer edits the offer: analysed again, still one document.
    with django_capture_on_commit_callbacks(execute=True):
        employer_services.offer_update(
            offer=offer, by=employer_user, description=OFFER + " Poste à pourvoir vite."
        )
    offer.refresh_from_db()
    assert offer.analysed_hash == offer.content_hash
    clickup.refresh_from_db()
    assert (clickup.documents, clickup.occurrences) == (1, 1)

    # Another offer saying the same makes it recurring.
    analysed_offer(employer, employer_user, django_capture_on_commit_callbacks)
    clickup.refresh_from_db()
    assert clickup.documents == 2


def test_analysis_exposes_unmatched_terms_as_plain_dicts():
    analysis = nlp_bridge.analyse_offer_text(title="Développeur web", text=OFFER)
    terms = {t["term"]: t for t in analysis.unmatched}
    assert set(terms) >= {"ClickUp"}
    assert OFFER[terms["ClickUp"]["start"] : terms["ClickUp"]["end"]] == "ClickUp"
    assert terms["ClickUp"]["count"] == 1 and "ClickUp" in terms["ClickUp"]["example"]
    assert analysis.skills and analysis.facts  # the existing fields are unchanged


def test_after_an_officer_creates_notion_the_next_offer_analysis_extracts_it(
    employer, employer_user, officer, django_capture_on_commit_callbacks
):
    first = analysed_offer(employer, employer_user, django_capture_on_commit_callbacks)
    assert "tremplin:notion" not in offer_skills(first)

    notion = taxonomy_services.term_candidate_create_skill(
        candidate_id=candidate_for("Notion", 1, 2).pk, by=officer, label_fr="Notion", kind="tool"
    )
    assert notion.uid == "tremplin:notion"

    second = analysed_offer(employer, employer_user, django_capture_on_commit_callbacks)
    assert offer_skills(second)["tremplin:notion"] == "Notion"


def test_after_an_officer_adds_pinia_as_alias_of_vuejs_the_next_offer_analysis_extracts_it(
    employer, employer_user, officer, django_capture_on_commit_callbacks
):
    first = analysed_offer(employer, employer_user, django_capture_on_commit_callbacks)
    assert "tremplin:vuejs" not in offer_skills(first)
    pinia = TermCandidate.objects.get(key="pinia")  # recorded by that first analysis

    taxonomy_services.term_candidate_add_alias(
        candidate_id=pinia.pk, skill_id=Skill.objects.get(uid="tremplin:vuejs").pk, by=officer
    )

    second = analysed_offer(employer, employer_user, django_capture_on_commit_callbacks)
    assert offer_skills(second)["tremplin:vuejs"] == "Pinia"
    # Pinia is no longer unmatched: the second offer does not count for the candidate.
    assert not TermMention.objects.filter(candidate=pinia, source_id=second.pk).exists()


def test_the_overlay_is_read_again_only_when_officers_changed_something(officer):
    nlp_bridge.sync_taxonomy_overlay()
    assert nlp_bridge.sync_taxonomy_overlay() is False

    taxonomy_services.term_candidate_create_skill(
        candidate_id=candidate_for("Notion", 1).pk, by=officer, label_fr="Notion", kind="tool"
    )
    assert nlp_bridge.sync_taxonomy_overlay() is True
    assert nlp_bridge.sync_taxonomy_overlay() is False
    assert "tremplin:notion" in nlp_models.get_overlay()


def test_profile_analysis_uses_the_overlay_too(officer):
    taxonomy_services.term_candidate_create_skill(
        candidate_id=candidate_for("Notion", 1).pk, by=officer, label_fr="Notion", kind="tool"
    )
    skills = nlp_bridge.analyse_profile_text(text="Outils : Git, Jira et Notion au quotidien.")
    assert "tremplin:notion" in {s["uid"] for s in skills}


# ------------------------------------------------------------------------------- taxonomy sync
def test_taxonomy_sync_keeps_officer_aliases_and_skills(officer):
    vue = Skill.objects.get(uid="tremplin:vuejs")
    file_aliases = list(vue.aliases)
    taxonomy_services.term_candidate_add_alias(
        candidate_id=candidate_for("Pinia", 1).pk, skill_id=vue.pk, by=officer
    )
    jira = Skill.objects.get(uid="tremplin:jira")
    clickup = taxonomy_services.term_candidate_create_skill(
        candidate_id=candidate_for("ClickUp", 2).pk,
        by=officer,
        label_fr="ClickUp",
        kind="tool",
        broader_id=jira.pk,
    )

    result = taxonomy_sync(force=True)

    assert result["changed"] is True
    vue.refresh_from_db()
    assert vue.aliases == [*file_aliases, "Pinia"] and vue.officer_aliases == ["Pinia"]
    assert "pinia" in vue.search_text
    clickup.refresh_from_db()
    assert (clickup.label_fr, clickup.officer_created, clickup.curated) == ("ClickUp", True, True)
    assert list(clickup.broader.all()) == [jira]
    # And the pipeline still knows both.
    nlp_bridge._overlay_version = None
    nlp_bridge.sync_taxonomy_overlay()
    assert {"tremplin:vuejs", "tremplin:clickup"} <= skill_ids(
        "Vous maîtrisez PHP, Pinia et Git. Outils : ClickUp."
    )


def test_profile_analysis_records_its_unmatched_terms(django_capture_on_commit_callbacks):
    import io

    from graduates.services import graduate_cv_upload
    from tests.factories.graduates import GraduateFactory
    from tests.graduates.conftest import make_docx

    graduate = GraduateFactory()
    cv = make_docx("Développeuse web. Compétences : PHP, Symfony, Pinia et Git. Outils : Jira, ClickUp.")
    with django_capture_on_commit_callbacks(execute=True):
        graduate_cv_upload(graduate=graduate, by=graduate.user, file=io.BytesIO(cv), filename="cv.docx")

    mention = TermMention.objects.get(source="profile", source_id=graduate.pk, candidate__key="clickup")
    assert mention.candidate.documents == 1
