import pytest
from django.db import transaction

from backend.core import events


@pytest.fixture
def recorder():
    calls = []

    def handler(**payload):
        calls.append(payload)

    events.subscribe("offer.changed", handler)
    yield calls
    events.unsubscribe("offer.changed", handler)


@pytest.mark.django_db
def test_publish_runs_subscribers_only_when_the_transaction_commits(
    recorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        events.publish("offer.changed", offer_id=7, content_hash="abc")
        assert recorder == []

    assert recorder == []  # captured, not yet run
    for callback in callbacks:
        callback()
    assert recorder == [{"offer_id": 7, "content_hash": "abc"}]


@pytest.mark.django_db
def test_publish_inside_a_rolled_back_block_runs_nothing(recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            events.publish("offer.changed", offer_id=1, content_hash="x")
            raise RuntimeError
        events.publish("offer.changed", offer_id=2, content_hash="y")

    assert recorder == [{"offer_id": 2, "content_hash": "y"}]


@pytest.mark.django_db
def test_held_announcements_reach_no_subscriber_until_the_block_ends(
    recorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with events.held("offer.changed"):
            events.publish("offer.changed", offer_id=1, content_hash="x")
            events.publish("offer.published", offer_id=1)  # not held: still announced
        events.publish("offer.changed", offer_id=2, content_hash="y")

    assert recorder == [{"offer_id": 2, "content_hash": "y"}]
    with pytest.raises(ValueError, match="offer.renamed"):
        events.held("offer.renamed").__enter__()


@pytest.mark.django_db
def test_publish_now_runs_inside_the_transaction(recorder):
    with transaction.atomic():
        events.publish_now("offer.changed", offer_id=4, content_hash="w")
        assert recorder == [{"offer_id": 4, "content_hash": "w"}]


def test_a_handler_subscribes_once():
    def handler(**payload):
        pass

    events.subscribe("profile.changed", handler)
    events.subscribe("profile.changed", handler)
    try:
        assert events.subscribers("profile.changed").count(handler) == 1
    finally:
        events.unsubscribe("profile.changed", handler)
    assert handler not in events.subscribers("profile.changed")


@pytest.mark.parametrize("call", [events.publish, events.publish_now])
def test_unknown_event_names_are_refused(call):
    with pytest.raises(ValueError, match="offer.chnaged"):
        call("offer.chnaged", offer_id=1)


def test_subscribing_to_an_unknown_event_is_refused():
    with pytest.raises(ValueError, match="Unknown event 'offer.deleted'"):
        events.subscribe("offer.deleted", lambda **kw: None)
    assert events.subscribers("offer.deleted") == []


def test_employers_attach_invited_contacts_when_the_app_is_ready():
    from employers.services import attach_contact_on_invitation

    assert attach_contact_on_invitation in events.subscribers("invitation.accepted")
