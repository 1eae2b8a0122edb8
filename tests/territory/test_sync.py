"""The feed into territory offers: import of a file, sync of the replay API, idempotence, resume."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from employers.models import Offer
from territory.client import FeedError
from territory.models import FeedRecord, SyncRun
from territory.services import territory_import, territory_sync

from ..factories import OfferFactory
from .conftest import make_client
from .replay_server import ReplayAPI

pytestmark = pytest.mark.django_db


def region(offers: list[dict], n: int = 8) -> list[dict]:
    """The first ``n`` sample offers situated in Hauts-de-France (their communes are in the table)."""
    rows = [o for o in offers if str(o["lieuTravail"].get("commune", ""))[:2] in {"59", "62"}]
    return copy.deepcopy(rows[:n])


def territory_offers():
    return Offer.objects.filter(source=Offer.Source.FRANCE_TRAVAIL)


def test_an_import_creates_published_territory_offers_analysed_like_any_offer(
    offers, django_capture_on_commit_callbacks
):
    rows = region(offers, 4)
    with django_capture_on_commit_callbacks(execute=True):
        report = territory_import(payloads=rows)
    assert report.counts() == {"created": 4, "updated": 0, "unchanged": 0, "closed": 0, "rejected": 0}, (
        report.rejections
    )
    offer = territory_offers().get(external_id=rows[0]["id"])
    assert offer.employer is None and offer.status == Offer.Status.PUBLISHED
    assert offer.title == rows[0]["intitule"] and offer.commune_id == rows[0]["lieuTravail"]["commune"]
    assert offer.external_url == f"https://candidat.francetravail.fr/offres/recherche/detail/{rows[0]['id']}"
    # The NLP pipeline read it through the same services as a partner's offer.
    assert offer.analysed_hash == offer.content_hash != ""
    assert offer.offer_skills.exists()


def test_a_second_run_of_the_same_file_creates_nothing(offers):
    rows = region(offers, 5)
    territory_import(payloads=rows)
    again = territory_import(payloads=rows)
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 5, "closed": 0, "rejected": 0}
    assert territory_offers().count() == 5 == FeedRecord.objects.count()


def test_a_changed_offer_is_updated_and_analysed_again(offers, django_capture_on_commit_callbacks):
    rows = region(offers, 3)
    with django_capture_on_commit_callbacks(execute=True):
        territory_import(payloads=rows)
    offer = territory_offers().get(external_id=rows[1]["id"])
    first_hash = offer.analysed_hash
    rows[1]["description"] += "\nMaîtrise de Docker et Kubernetes appréciée."
    with django_capture_on_commit_callbacks(execute=True):
        report = territory_import(payloads=rows)
    assert (report.updated, report.unchanged, report.created) == (1, 2, 0)
    offer.refresh_from_db()
    assert offer.analysed_hash == offer.content_hash != first_hash


def test_an_offer_that_disappears_is_closed_and_a_partner_offer_is_never_touched(offers):
    partner = OfferFactory(published=True)
    rows = region(offers, 3)
    territory_import(payloads=rows)
    report = territory_import(payloads=rows[:2])
    assert report.closed == 1
    gone = territory_offers().get(external_id=rows[2]["id"])
    assert gone.status == Offer.Status.CLOSED
    partner.refresh_from_db()
    assert partner.status == Offer.Status.PUBLISHED
    # Back in the feed: published again, not duplicated.
    back = territory_import(payloads=rows)
    assert (back.created, back.updated) == (0, 1)
    assert territory_offers().filter(status=Offer.Status.PUBLISHED).count() == 3


def test_rejected_offers_are_listed_with_their_reason(offers):
    rows = region(offers, 2)
    nowhere = copy.deepcopy(rows[0]) | {"id": "NOWHERE1", "lieuTravail": {"libelle": "France"}}
    odd = copy.deepcopy(rows[0]) | {"id": "ODD1", "typeContrat": "XYZ"}
    cdd = copy.deepcopy(rows[0]) | {"id": "CDD1", "typeContrat": "CDD", "typeContratLibelle": "CDD"}
    report = territory_import(payloads=[*rows, nowhere, odd, cdd, "pas un objet"])
    assert report.created == 2 and report.rejected == 4
    reasons = dict(report.rejections)
    assert "sans commune (France)" in reasons["NOWHERE1"]
    assert "« XYZ » inconnu" in reasons["ODD1"]
    assert "CDD sans durée" in reasons["CDD1"]
    assert reasons[""] == "une offre doit être un objet JSON"


def test_a_territory_offer_repeating_a_partner_offer_is_linked_not_shown_twice(offers, employer):
    rows = region(offers, 2)
    row = rows[0]
    partner = OfferFactory(
        published=True,
        employer=employer,
        title=row["intitule"],
        description=row["description"],
        commune_id=row["lieuTravail"]["commune"],
    )
    territory_import(payloads=rows)
    twin = territory_offers().get(external_id=row["id"])
    other = territory_offers().get(external_id=rows[1]["id"])
    assert twin.duplicate_of == partner
    assert other.duplicate_of is None


def test_the_same_company_title_and_commune_is_a_duplicate_whatever_the_text(offers, employer):
    rows = region(offers, 2)
    row = rows[0] | {"entreprise": {"nom": "HAUTS NUMERIQUES"}}  # the partner « Hauts Numériques »
    partner = OfferFactory(
        published=True,
        employer=employer,
        title=row["intitule"].lower(),
        description="Un tout autre texte, écrit par le partenaire lui-même sur Tremplin.",
        commune_id=row["lieuTravail"]["commune"],
    )
    territory_import(payloads=[row, rows[1]])
    assert territory_offers().get(external_id=row["id"]).duplicate_of == partner
    assert territory_offers().get(external_id=rows[1]["id"]).duplicate_of is None


def test_a_partner_publishing_the_offer_later_is_linked_on_the_next_pass_and_unlinked_when_closed(
    offers, employer, client
):
    from employers.services import offer_transition

    rows = region(offers, 2)
    row = rows[0]
    territory_import(payloads=rows)
    twin = territory_offers().get(external_id=row["id"])
    assert twin.duplicate_of is None
    # The partner posts the same offer on Tremplin after France Travail did; the feed has not changed.
    partner = OfferFactory(
        published=True,
        employer=employer,
        title=row["intitule"],
        description=row["description"],
        commune_id=row["lieuTravail"]["commune"],
    )
    report = territory_import(payloads=rows)
    assert report.counts() == {"created": 0, "updated": 0, "unchanged": 2, "closed": 0, "rejected": 0}
    twin.refresh_from_db()
    assert twin.duplicate_of == partner
    listing = client.get("/offres/").content.decode()
    assert f'href="/offres/{partner.pk}/"' in listing and f'href="/offres/{twin.pk}/"' not in listing

    # The partner closes its offer: France Travail still publishes it, so it shows again on its own.
    offer_transition(offer=partner, transition="close", by=None)
    territory_import(payloads=rows)
    twin.refresh_from_db()
    assert twin.duplicate_of is None and twin.status == Offer.Status.PUBLISHED
    assert f'href="/offres/{twin.pk}/"' in client.get("/offres/").content.decode()


def test_territory_import_command_ends_with_one_json_line(offers, tmp_path):
    rows = region(offers, 3)
    nowhere = copy.deepcopy(rows[0]) | {"id": "NOWHERE2", "lieuTravail": {"libelle": "62 - Pas-de-Calais"}}
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"resultats": [*rows, nowhere]}), encoding="utf-8")
    out = StringIO()
    call_command("territory_import", str(path), "--json", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert json.loads(lines[-1]) == {"created": 3, "updated": 0, "unchanged": 0, "closed": 0, "rejected": 1}
    assert lines[0].startswith("rejetée NOWHERE2 : lieu de travail sans commune")

    jsonl = tmp_path / "offers.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("territory_import", str(jsonl), "--json", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["created"] == 0


def test_territory_import_explains_a_broken_file(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "1"}\n{"id": \n', encoding="utf-8")
    with pytest.raises(CommandError, match="Ligne 2 : JSON illisible"):
        call_command("territory_import", str(path))


def test_sync_resume_after_a_crash(offers):
    # Offers of both searched départements, so that the crash falls between the two searches.
    rows = [o for o in region(offers, len(offers)) if o["lieuTravail"]["commune"].startswith("59")][:4]
    rows += [o for o in region(offers, len(offers)) if o["lieuTravail"]["commune"].startswith("62")][:4]
    api = ReplayAPI(rows).start()
    try:
        searches = [{"departement": "59"}, {"departement": "62"}]
        client = make_client(api, max_retries=0)
        n59 = sum(1 for r in rows if r["lieuTravail"]["commune"].startswith("59"))
        assert 0 < n59 < len(rows)
        # The first search is answered, then the server breaks down: the run stops with its checkpoint.
        original = api.matching

        calls = {"n": 0}

        def failing_after_first(query):
            calls["n"] += 1
            if calls["n"] > 1:
                raise ConnectionAbortedError  # the handler dies: the client sees the connection drop
            return original(query)

        api.matching = failing_after_first
        with pytest.raises(FeedError):
            territory_sync(client=client, wet_run=True, searches=searches)
        run = SyncRun.objects.get()
        assert run.status == SyncRun.Status.RUNNING and run.created == n59
        assert run.cursor == [{"params": {"departement": "62"}, "start": 0}]
        assert territory_offers().count() == n59

        api.matching = original
        report = territory_sync(client=client, wet_run=True, searches=searches)
    finally:
        api.stop()
    assert report.resumed and report.created == len(rows) and report.closed == 0
    run.refresh_from_db()
    assert run.status == SyncRun.Status.DONE and run.cursor == []
    assert (
        territory_offers().count()
        == len(rows)
        == len(set(territory_offers().values_list("external_id", flat=True)))
    )


def test_a_sync_rides_out_an_expired_token_a_429_and_a_503_and_stores_every_offer_once(offers):
    rows = region(offers, 8)
    # Every token serves two searches: the 429 and the 503 use up the first, the third attempt meets a
    # 401 and gets a new token, which serves the rest.
    api = ReplayAPI(rows, token_ttl_calls=2).start()
    try:
        api.fail_next(429, retry_after=4)
        api.fail_next(503)
        slept: list[float] = []
        client = make_client(api, slept=slept, backoff=0.5)
        report = territory_sync(
            client=client, wet_run=True, searches=[{"departement": "59"}, {"departement": "62"}]
        )
    finally:
        api.stop()
    assert slept == [4.0, 1.0]  # Retry-After, then the second attempt's backoff
    assert client.token_fetches == 2 and api.search_calls == 4  # 429, 503, 59, 62 (the 401 is not one)
    assert report.counts() == {"created": 8, "updated": 0, "unchanged": 0, "closed": 0, "rejected": 0}
    assert territory_offers().count() == 8 == territory_offers().values("external_id").distinct().count()
    assert SyncRun.objects.get().status == SyncRun.Status.DONE


def test_a_dry_sync_writes_nothing(offers):
    rows = region(offers, 4)
    api = ReplayAPI(rows).start()
    try:
        report = territory_sync(client=make_client(api), wet_run=False, searches=[{"departement": "59,62"}])
    finally:
        api.stop()
    assert report.created == 4
    assert not territory_offers().exists() and not SyncRun.objects.exists()


def test_the_sync_command_says_the_feed_is_off_without_credentials(settings):
    settings.FRANCE_TRAVAIL_CLIENT_ID = ""
    with pytest.raises(CommandError, match="FRANCE_TRAVAIL_CLIENT_ID"):
        call_command("territory_sync")


def test_the_periodic_task_and_the_command_sync_the_configured_searches(offers, settings):
    from territory.tasks import territory_sync as sync_task

    from .replay_server import CLIENT_ID, CLIENT_SECRET

    settings.FRANCE_TRAVAIL_CLIENT_ID = ""
    assert sync_task.delay().get() == {"enabled": False}

    rows = region(offers, 3)
    api = ReplayAPI(rows).start()
    try:
        settings.FRANCE_TRAVAIL_CLIENT_ID, settings.FRANCE_TRAVAIL_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
        settings.FRANCE_TRAVAIL_API_URL, settings.FRANCE_TRAVAIL_TOKEN_URL = api.url, f"{api.url}/token"
        settings.TERRITORY_DEPARTEMENTS, settings.TERRITORY_ROME_CODES = ["59", "62"], ["M1805", "M1810"]
        out = StringIO()
        call_command("territory_sync", stdout=out)
        assert "À faire (rien n'a été écrit" in out.getvalue() and "created 3" in out.getvalue()
        assert not territory_offers().exists()
        result = sync_task.delay().get()
    finally:
        api.stop()
    assert result["enabled"] and result["created"] == 3 and result["closed"] == 0
    assert territory_offers().count() == 3
