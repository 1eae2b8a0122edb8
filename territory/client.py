"""HTTP client of France Travail's "Offres d'emploi v2" API (OAuth2 client credentials, ``offres/search``).

The API pages by ``range=first-last`` (at most 150 offers a page), answers 206 with a ``Content-Range:
offres first-last/total`` header while more remain, 200 on the last page, 204 when nothing matches, and
refuses any ``range`` past 3,149: a search with more results must be split (here, by publication date).
It limits calls per second (429 with ``Retry-After``) and fails now and then (5xx): both are retried with
backoff. A token that expires mid-sync (401) is renewed once and the call repeated.
"""

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import requests

log = logging.getLogger(__name__)

TOKEN_URL = "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire"  # noqa: S105 - an address, not a secret
API_URL = "https://api.francetravail.io/partenaire/offresdemploi/v2"
SCOPE = "api_offresdemploiv2 o2dsoffre"
PAGE_SIZE = 150
CEILING = 3150  # the API refuses range starts past 3000 (last index 3149)
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_CONTENT_RANGE = re.compile(r"offres\s+(\d+)-(\d+)/(\d+)")


class FeedError(Exception):
    """The API could not be read; the message is in French for the officer's page."""


@dataclass
class Page:
    offers: list[dict]
    first: int
    last: int
    total: int

    @property
    def more(self) -> bool:
        return self.last + 1 < self.total


class FranceTravailClient:
    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        api_url: str = API_URL,
        token_url: str = TOKEN_URL,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ):
        self.client_id = client_id
        self.client_secret = client_secret
        self.api_url = api_url.rstrip("/")
        self.token_url = token_url
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.sleep = sleep
        self.session = session or requests.Session()
        self._token: str | None = None
        self._token_expires = 0.0
        self.calls = 0  # HTTP calls made, retries included (the benchmark and tests read it)
        self.token_fetches = 0

    # ------------------------------------------------------------------ token

    def token(self, *, renew: bool = False) -> str:
        # Renewed a minute early: a token must not expire between the check and the call.
        if renew or not self._token or time.monotonic() > self._token_expires - 60:
            response = self._send(
                "POST",
                self.token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "scope": SCOPE,
                },
                authorised=False,
            )
            if response.status_code != 200:
                raise FeedError(
                    f"France Travail refuse les identifiants (HTTP {response.status_code}) : vérifiez "
                    "FRANCE_TRAVAIL_CLIENT_ID et FRANCE_TRAVAIL_CLIENT_SECRET."
                )
            body = response.json()
            self._token = body["access_token"]
            self._token_expires = time.monotonic() + float(body.get("expires_in", 1499))
            self.token_fetches += 1
        return self._token

    # ------------------------------------------------------------------ calls

    def _send(self, method: str, url: str, *, authorised: bool = True, **kwargs) -> requests.Response:
        """One call with retries: 429 waits Retry-After, 5xx and network errors back off exponentially,
        401 on an API call renews the token once."""
        renewed = False
        for attempt in range(self.max_retries + 1):
            headers = {"Accept": "application/json"}
            if authorised:
                headers["Authorization"] = f"Bearer {self.token()}"
            self.calls += 1
            try:
                response = self.session.request(method, url, headers=headers, timeout=self.timeout, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt == self.max_retries:
                    raise FeedError(f"France Travail injoignable ({exc.__class__.__name__}).") from exc
                self.sleep(self.backoff * 2**attempt)
                continue
            if response.status_code == 401 and authorised and not renewed:
                renewed = True
                self.token(renew=True)
                continue
            if response.status_code == 429 or response.status_code >= 500:
                if attempt == self.max_retries:
                    raise FeedError(
                        f"France Travail répond HTTP {response.status_code} après {attempt + 1} essais : "
                        "la synchronisation reprendra au prochain passage."
                    )
                self.sleep(self._delay(response, attempt))
                continue
            return response
        raise FeedError("France Travail : trop d'essais.")  # pragma: no cover - the loop returns or raises

    def _delay(self, response: requests.Response, attempt: int) -> float:
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.strip().isdigit():
            return float(retry_after)
        return self.backoff * 2**attempt

    def search_page(self, params: dict, start: int) -> Page:
        """One page of ``offres/search`` from ``start`` (at most 150 offers)."""
        if start >= CEILING:
            raise FeedError(f"France Travail ne sert pas les résultats au-delà de {CEILING}.")
        last = min(start + PAGE_SIZE, CEILING) - 1
        response = self._send(
            "GET", f"{self.api_url}/offres/search", params={**params, "range": f"{start}-{last}"}
        )
        if response.status_code == 204:
            return Page(offers=[], first=start, last=start - 1, total=0)
        if response.status_code not in (200, 206):
            raise FeedError(
                f"France Travail refuse la recherche (HTTP {response.status_code}) : {response.text[:200]}"
            )
        offers = response.json().get("resultats") or []
        match = _CONTENT_RANGE.search(response.headers.get("Content-Range", ""))
        if match:
            first, last, total = (int(g) for g in match.groups())
        else:
            first, last, total = start, start + len(offers) - 1, start + len(offers)
        return Page(offers=offers, first=first, last=last, total=total)

    def search_all(self, params: dict) -> Iterator[dict]:
        """Every offer of a search, split by publication date while it passes the ceiling.

        Used by the benchmark and simple callers; the sync walks pages itself to checkpoint them.
        """
        stack = [{"params": dict(params), "start": 0}]
        while stack:
            item = stack.pop()
            page = self.search_page(item["params"], item["start"])
            if item["start"] == 0 and page.total > CEILING:
                halves = split_by_date(item["params"])
                if halves:
                    stack.extend({"params": half, "start": 0} for half in reversed(halves))
                    continue
            yield from page.offers
            if page.more and page.last + 1 < CEILING:
                stack.append({"params": item["params"], "start": page.last + 1})


def split_by_date(params: dict, *, now: datetime | None = None, oldest_days: int = 3 * 365) -> list[dict]:
    """Two searches covering the same offers as ``params``, by halves of its creation-date window;
    none when the window is already under a minute (then the ceiling cannot be avoided)."""
    now = now or datetime.now(UTC).replace(microsecond=0)
    low = _parse(params.get("minCreationDate")) or now - timedelta(days=oldest_days)
    high = _parse(params.get("maxCreationDate")) or now
    if high - low < timedelta(minutes=1):
        return []
    middle = low + (high - low) / 2
    middle = middle.replace(microsecond=0)
    older = {**params, "minCreationDate": _fmt(low), "maxCreationDate": _fmt(middle)}
    newer = {**params, "minCreationDate": _fmt(middle + timedelta(seconds=1)), "maxCreationDate": _fmt(high)}
    return [older, newer]


def _parse(value: str | None) -> datetime | None:
    return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC) if value else None


def _fmt(value: datetime) -> str:
    return value.astimezone(UTC).strftime(DATE_FORMAT)
