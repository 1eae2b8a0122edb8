"""The API client against a real local server replaying France Travail's behaviour."""

import copy
from datetime import UTC, datetime, timedelta

import pytest

from territory.client import CEILING, FeedError, split_by_date

from .conftest import make_client
from .replay_server import ReplayAPI


def many_offers(base: list[dict], count: int) -> list[dict]:
    """``count`` offers in département 62, copies of real ones with their own ids and dates an hour apart."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(count):
        offer = copy.deepcopy(base[i % len(base)])
        offer["id"] = f"T{i:06d}"
        offer["lieuTravail"] = {**offer["lieuTravail"], "commune": "62498"}
        offer["dateCreation"] = (start + timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        rows.append(offer)
    return rows


def pages(n: int) -> list[str]:
    """The ranges asked for ``n`` results: steps of 150, the last one past the end."""
    return [f"{start}-{start + 149}" for start in range(0, n, 150)]


def test_pages_follow_206_in_steps_of_150_until_the_last_page(replay, offers):
    assert len(offers) > 150
    client = make_client(replay)
    got = list(client.search_all({}))
    assert [o["id"] for o in got] == sorted(o["id"] for o in offers)
    assert replay.requested_ranges == pages(len(offers))
    assert client.token_fetches == 1


def test_a_search_matching_nothing_is_an_empty_204(replay):
    client = make_client(replay)
    assert list(client.search_all({"departement": "976"})) == []


def test_searches_filter_by_departement_and_rome(replay, offers):
    client = make_client(replay)
    got = list(client.search_all({"departement": "59,62", "codeROME": "M1805"}))
    expected = [o for o in offers if str(o["lieuTravail"].get("commune", ""))[:2] in {"59", "62"}]
    assert {o["id"] for o in got} == {o["id"] for o in expected} and expected


def test_a_search_past_the_ceiling_is_split_by_date_and_misses_nothing(offers):
    rows = many_offers(offers, CEILING + 450)
    api = ReplayAPI(rows).start()
    try:
        client = make_client(api)
        got = [o["id"] for o in client.search_all({"departement": "62"})]
    finally:
        api.stop()
    assert len(got) == len(rows) == len(set(got))
    # No range past the ceiling was ever asked for, and the first (too big) search was split.
    assert all(int(r.split("-")[1]) < CEILING for r in api.requested_ranges)
    assert api.requested_ranges[0] == "0-149" and api.requested_ranges.count("0-149") >= 3


def test_split_halves_cover_the_window_without_overlap():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    older, newer = split_by_date({"departement": "62"}, now=now, oldest_days=10)
    assert older["minCreationDate"] == "2025-12-22T00:00:00Z"
    assert older["maxCreationDate"] == "2025-12-27T00:00:00Z"
    assert newer["minCreationDate"] == "2025-12-27T00:00:01Z"
    assert newer["maxCreationDate"] == "2026-01-01T00:00:00Z"
    assert (
        split_by_date({"minCreationDate": "2026-01-01T00:00:00Z", "maxCreationDate": "2026-01-01T00:00:30Z"})
        == []
    )


def test_429_waits_the_retry_after_seconds_then_succeeds(replay, offers):
    slept: list[float] = []
    replay.fail_next(429, retry_after=7, times=2)
    client = make_client(replay, slept=slept)
    got = list(client.search_all({}))
    assert len(got) == len(offers)
    assert slept == [7.0, 7.0]


def test_5xx_backs_off_exponentially_then_succeeds(replay, offers):
    slept: list[float] = []
    replay.fail_next(503, times=3)
    client = make_client(replay, slept=slept, backoff=0.5)
    assert len(list(client.search_all({}))) == len(offers)
    assert slept == [0.5, 1.0, 2.0]


def test_persistent_5xx_gives_up_with_a_french_error(replay):
    replay.fail_next(502, times=10)
    client = make_client(replay, max_retries=2)
    with pytest.raises(FeedError, match="HTTP 502 après 3 essais"):
        client.search_page({}, 0)


def test_a_token_expiring_mid_sync_is_renewed_and_the_page_asked_again(offers):
    api = ReplayAPI(offers, token_ttl_calls=1).start()
    try:
        client = make_client(api)
        got = list(client.search_all({}))
    finally:
        api.stop()
    assert len(got) == len(offers)
    # Every page after the first met a 401 (one call per token) and got a new token.
    assert client.token_fetches == len(pages(len(offers)))
    assert api.requested_ranges == pages(len(offers))


def test_wrong_credentials_say_which_settings_to_check(replay):
    client = make_client(replay, client_secret="faux")
    with pytest.raises(FeedError, match="FRANCE_TRAVAIL_CLIENT_SECRET"):
        client.search_page({}, 0)


def test_no_page_is_asked_past_the_ceiling(replay):
    client = make_client(replay)
    with pytest.raises(FeedError, match="3150"):
        client.search_page({}, CEILING)
