import json
from pathlib import Path

import pytest

from territory.client import FranceTravailClient

from .replay_server import CLIENT_ID, CLIENT_SECRET, ReplayAPI

SAMPLE = Path(__file__).resolve().parents[2] / "territory" / "data" / "sample_offers.jsonl"


def sample_offers() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def offers() -> list[dict]:
    return sample_offers()


@pytest.fixture
def replay(offers):
    api = ReplayAPI(offers).start()
    yield api
    api.stop()


def make_client(api: ReplayAPI, *, slept: list | None = None, **kwargs) -> FranceTravailClient:
    return FranceTravailClient(
        client_id=kwargs.pop("client_id", CLIENT_ID),
        client_secret=kwargs.pop("client_secret", CLIENT_SECRET),
        api_url=api.url,
        token_url=f"{api.url}/token",
        # The clock, not the network, is replaced: waits are recorded instead of slept.
        sleep=(slept.append if slept is not None else (lambda _s: None)),
        timeout=5,
        **kwargs,
    )
