"""Recurring unmatched terms: recorded once per document, filed by placement officers, audit-logged."""

import pytest
from django.urls import reverse

from backend.core.models import AuditLog
from backend.taxonomy import services
from backend.taxonomy.models import Skill, TaxonomyOverlay, TermCandidate, TermMention
from backend.taxonomy.selectors import taxonomy_overlay, taxonomy_overlay_revision, term_candidate_list

pytestmark = pytest.mark.django_db

URL = "/referentiels/termes/"


def pinia(example="… Vue.js, Pinia et Git …", count=1):
    return {"term": "Pinia", "count": count, "example": example}


def record(source, source_id, *terms):
    return services.term_candidates_record(source=source, source_id=source_id, terms=list(terms))


def candidate(key: str) -> TermCandidate:
    return TermCandidate.objects.get(key=key)


def decide(client, c: TermCandidate, action: str, **data):
    return client.post(reverse("taxonomy:term_candidate_decide", args=[c.pk, action]), data)


# ------------------------------------------------------------------------------------------ recording
def test_recording_counts_distinct_documents_idempotently():
    record("offer", 1, pinia(count=2), {"term": "ClickUp", "example": "Outils : Jira, ClickUp."})
    record("offer", 1, pinia(count=2), {"term": "ClickUp", "example": "Outils : Jira, ClickUp."})

    c = candidate("pinia")
    assert (c.term, c.documents, c.occurrences) == ("Pinia", 1, 2)
    assert c.examples == ["… Vue.js, Pinia et Git …"]
    assert TermMention.objects.filter(candidate=c).count() == 1

    record("offer", 2, {"term": "PINIA", "example": "Store PINIA."})
    record("profile", 1, pinia())  # the same id in another source is another document
    c.refresh_from_db()
    assert (c.documents, c.occurrences) == (3, 4)
    assert c.term == "Pinia"  # as first typed
    assert c.examples == ["… Vue.js, Pinia et Git …", "Store PINIA."]


def test_a_document_that_no_longer_mentions_a_term_stops_counting_for_it():
    record("offer", 1, pinia())
    record("offer", 2, pinia())
    assert candidate("pinia").documents == 2

    record("offer", 1, {"term": "ClickUp"})

    assert candidate("pinia").documents == 1
    assert candidate("clickup").documents == 1


def test_the_normalised_key_folds_accents_and_case():
    record("offer", 1, {"term": "Génésys"})
    record("offer", 2, {"term": "genesys"})

    c = candidate("genesys")
    assert c.documents == 2
    assert TermCandidate.objects.count() == 1


def test_examples_are_capped_at_five():
    for i in range(8):
        record("offer", i + 1, pinia(example=f"exemple {i}"))

    c = candidate("pinia")
    assert c.documents == 8
    assert len(c.examples) == 5


def test_list_shows_recurring_pending_terms_most_widespread_first():
    for i in range(3):
        record("offer", i + 1, {"term": "ClickUp"})
    for i in range(2):
        record("offer", i + 10, pinia())
    record("offer", 20, {"term": "Trello2"})

    assert [c.key for c in term_candidate_list()] == ["clickup", "pinia"]
    assert [c.key for c in term_candidate_list(min_documents=1)] == ["clickup", "pinia", "trello2"]
    assert [c.key for c in term_candidate_list(min_documents=1, query="trel")] == ["trello2"]


# ------------------------------------------------------------------------------------------ page access
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["employer_user", "graduate_user"])
def test_the_page_is_for_officers_only(persona, request, client_for):
    user = request.getfixturevalue(persona)
    record("offer", 1, pinia())
    record("offer", 2, pinia())
    c = candidate("pinia")

    assert client_for(user).get(URL).status_code == 403
    assert decide(client_for(user), c, "ignorer").status_code == 403
    c.refresh_from_db()
    assert c.status == TermCandidate.Status.PENDING


def test_officers_see_recurring_terms_with_examples_and_a_filter(officer, client_for):
    record("offer", 1, pinia())
    record("offer", 2, pinia())
    record("offer", 3, {"term": "Trello2", "example": "Outils : Trello2 et Git."})
    client = client_for(officer)

    page = client.get(URL).content.decode()
    assert "Pinia" in page and "… Vue.js, Pinia et Git …" in page
    assert "Trello2" not in page  # seen in a single document
    assert "Ajouter comme synonyme de…" in page and "Créer une compétence" in page

    page = client.get(URL, {"min_documents": 1, "status": "pending"}).content.decode()
    assert "Trello2" in page and "Outils : Trello2 et Git." in page


def test_the_officer_nav_links_to_the_page(officer, client_for):
    page = client_for(officer).get(reverse("employers:officer_dashboard")).content.decode()
    assert URL in page


# ------------------------------------------------------------------------------------------ decisions
def test_adding_a_term_as_an_alias_of_a_skill(officer, client_for):
    record("offer", 1, pinia())
    record("offer", 2, pinia())
    c = candidate("pinia")
    vue = Skill.objects.get(uid="tremplin:vuejs")
    revision = taxonomy_overlay_revision()

    client = client_for(officer)
    response = decide(client, c, "synonyme", skill=vue.pk, alias="Pinia")

    assert response.status_code == 302
    vue.refresh_from_db()
    assert "Pinia" in vue.aliases and vue.officer_aliases == ["Pinia"]
    assert "pinia" in vue.search_text
    c.refresh_from_db()
    assert (c.status, c.skill, c.decided_by) == (TermCandidate.Status.ADDED_ALIAS, vue, officer)
    assert c.decided_at is not None
    log = AuditLog.objects.get(action="taxonomy.term_alias_added")
    assert log.actor == officer and log.target_id == str(c.pk)
    assert log.data["skill_uid"] == "tremplin:vuejs" and log.data["alias"] == "Pinia"
    assert taxonomy_overlay_revision() == revision + 1
    assert taxonomy_overlay()["tremplin:vuejs"]["aliases"] == ["Pinia"]
    # The decided term leaves the pending list; the officer reads a French confirmation.
    page = client.get(URL).content.decode()
    assert "« Pinia » est maintenant un synonyme de « Vue.js »." in page
    assert not term_candidate_list().exists()


def test_creating_a_new_skill_from_a_term(officer, client_for):
    record("offer", 1, {"term": "ClickUp"})
    record("offer", 2, {"term": "ClickUp"})
    c = candidate("clickup")
    broader = Skill.objects.get(uid="tremplin:jira")

    response = decide(
        client_for(officer), c, "competence", label_fr="ClickUp", kind="tool", broader=broader.pk
    )

    assert response.status_code == 302
    skill = Skill.objects.get(uid="tremplin:clickup")
    assert (skill.label_fr, skill.kind, skill.curated, skill.officer_created) == (
        "ClickUp",
        "tool",
        True,
        True,
    )
    assert list(skill.broader.all()) == [broader]
    c.refresh_from_db()
    assert (c.status, c.skill) == (TermCandidate.Status.ADDED_SKILL, skill)
    log = AuditLog.objects.get(action="taxonomy.term_skill_created")
    assert log.actor == officer and log.data["skill_uid"] == "tremplin:clickup"
    assert log.data["broader_uid"] == "tremplin:jira"
    assert taxonomy_overlay()["tremplin:clickup"] == {
        "label_fr": "ClickUp",
        "label_en": "ClickUp",
        "kind": "tool",
        "aliases": [],
        "broader": ["tremplin:jira"],
    }
    assert TaxonomyOverlay.objects.get(pk=1).revision >= 1


def test_a_new_skill_with_another_label_keeps_the_term_as_alias(officer):
    record("offer", 1, {"term": "GH Actions"})
    skill = services.term_candidate_create_skill(
        candidate_id=candidate("gh actions").pk, by=officer, label_fr="GitHub Actions CI", kind="tool"
    )
    assert skill.uid == "tremplin:github-actions-ci"
    assert skill.aliases == ["GH Actions"] and skill.officer_aliases == ["GH Actions"]


def test_a_new_skill_that_already_exists_is_refused_in_french(officer, client_for):
    record("offer", 1, {"term": "Vue.js"})
    c = candidate("vue.js")

    client = client_for(officer)
    response = decide(client, c, "competence", label_fr="Vue.js", kind="tool")

    assert response.status_code == 302
    page = client.get(URL, {"min_documents": 1}).content.decode()
    assert "est déjà une compétence ou un synonyme du référentiel" in page
    c.refresh_from_db()
    assert c.status == TermCandidate.Status.PENDING
    assert not Skill.objects.filter(officer_created=True).exists()


def test_ignoring_a_term(officer, client_for):
    record("offer", 1, pinia())
    c = candidate("pinia")

    decide(client_for(officer), c, "ignorer")

    c.refresh_from_db()
    assert (c.status, c.decided_by) == (TermCandidate.Status.IGNORED, officer)
    log = AuditLog.objects.get(action="taxonomy.term_ignored")
    assert log.actor == officer and log.data == {"term": "Pinia"}
    assert taxonomy_overlay_revision() == 0  # nothing changes for the pipeline


def test_a_term_already_decided_cannot_be_decided_again(officer, client_for):
    record("offer", 1, pinia())
    c = candidate("pinia")
    services.term_candidate_ignore(candidate_id=c.pk, by=officer)
    vue = Skill.objects.get(uid="tremplin:vuejs")

    client = client_for(officer)
    decide(client, c, "synonyme", skill=vue.pk)

    vue.refresh_from_db()
    assert "Pinia" not in vue.aliases
    assert AuditLog.objects.filter(action__startswith="taxonomy.term_").count() == 1
    page = client.get(URL).content.decode()
    assert "a déjà été classé" in page


def test_an_alias_without_a_skill_is_refused(officer, client_for):
    record("offer", 1, pinia())
    c = candidate("pinia")

    client = client_for(officer)
    decide(client, c, "synonyme")

    c.refresh_from_db()
    assert c.status == TermCandidate.Status.PENDING
    page = client.get(URL).content.decode()
    assert "Choisissez la compétence dont ce terme est un synonyme." in page


def test_recording_a_decided_term_keeps_its_decision(officer):
    record("offer", 1, pinia())
    services.term_candidate_ignore(candidate_id=candidate("pinia").pk, by=officer)

    record("offer", 2, pinia())

    c = candidate("pinia")
    assert (c.status, c.documents) == (TermCandidate.Status.IGNORED, 2)
