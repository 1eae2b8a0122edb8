"""A real local HTTP server replaying France Travail's "Offres d'emploi v2" API over a list of offers.

What it reproduces: the OAuth2 client-credentials token endpoint (a wrong secret gets 401), bearer
tokens that expire (after ``token_ttl_calls`` searches, the API's 401), ``offres/search`` filtered by
``departement``, ``commune``, ``codeROME`` and ``minCreationDate``/``maxCreationDate``, paged by ``range``
(at most 150: 400 otherwise, 400 past index 3149), 206 with ``Content-Range: offres a-b/total`` while more
remain, 200 on the last page, 204 when nothing matches; and scripted failures (429 with
``Retry-After``, 5xx) for the next calls; and a hold: the ``hold_at``-th search waits, its request
received, until ``release`` is set (a test kills the process syncing at that known point).
"""

import json
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CLIENT_ID = "tremplin-test"
CLIENT_SECRET = "s3cret-de-test"  # noqa: S105 - the replay server's own fake credential


class ReplayAPI:
    def __init__(self, offers: list[dict], *, token_ttl_calls: int | None = None):
        self.offers = sorted(offers, key=lambda o: str(o.get("id")))
        self.token_ttl_calls = token_ttl_calls
        self.failures: list[tuple[int, dict]] = []  # (status, headers) served before the next searches
        self.tokens: dict[str, int] = {}  # token -> searches left (None: never expires)
        self.token_count = 0
        self.search_calls = 0
        self.requested_ranges: list[str] = []
        self.hold_at: int | None = None  # the search call (1-based) that waits for ``release``
        self.holding = threading.Event()  # set once that call has arrived
        self.release = threading.Event()
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "ReplayAPI":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, status: int, retry_after: int | None = None, times: int = 1) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.failures.extend([(status, headers)] * times)

    # ------------------------------------------------------------------ matching offers

    def matching(self, query: dict[str, str]) -> list[dict]:
        rows = self.offers
        if deps := query.get("departement"):
            wanted = set(deps.split(","))
            rows = [o for o in rows if str((o.get("lieuTravail") or {}).get("commune") or "")[:2] in wanted]
        if communes := query.get("commune"):
            wanted = set(communes.split(","))
            rows = [o for o in rows if (o.get("lieuTravail") or {}).get("commune") in wanted]
        if romes := query.get("codeROME"):
            wanted = set(romes.split(","))
            rows = [o for o in rows if o.get("romeCode") in wanted]
        low, high = query.get("minCreationDate"), query.get("maxCreationDate")
        if low and high:
            low_dt, high_dt = _dt(low), _dt(high)
            rows = [o for o in rows if o.get("dateCreation") and low_dt <= _dt(o["dateCreation"]) <= high_dt]
        return rows

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _send(self, status: int, body: dict | None = None, headers: dict | None = None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path != "/token":
                    return self._send(404, {"message": "not found"})
                if form.get("grant_type") != "client_credentials" or (
                    form.get("client_id"),
                    form.get("client_secret"),
                ) != (CLIENT_ID, CLIENT_SECRET):
                    return self._send(401, {"error": "invalid_client"})
                with api.lock:
                    api.token_count += 1
                    token = f"token-{api.token_count}"
                    api.tokens[token] = api.token_ttl_calls
                return self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 1499})

            def do_GET(self):
                parts = urlsplit(self.path)
                if parts.path != "/offres/search":
                    return self._send(404, {"message": "not found"})
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                with api.lock:
                    left = api.tokens.get(token, 0)
                    if token not in api.tokens or (left is not None and left <= 0):
                        return self._send(401, {"message": "token expired"})
                    if left is not None:
                        api.tokens[token] = left - 1
                    api.search_calls += 1
                    held = api.search_calls == api.hold_at
                    if api.failures and not held:
                        status, headers = api.failures.pop(0)
                        return self._send(status, {"message": "failure"}, headers)
                if held:
                    api.holding.set()
                    api.release.wait(timeout=300)
                    try:  # the client that asked may have been killed meanwhile
                        return self._send(503, {"message": "held, then let go"})
                    except OSError:
                        return None
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                api.requested_ranges.append(query.get("range", ""))
                first, last = (int(x) for x in query.get("range", "0-149").split("-"))
                if last < first or last - first >= 150 or first > 3000 or last > 3149:
                    return self._send(400, {"message": "range invalide"})
                rows = api.matching(query)
                if not rows:
                    return self._send(204)
                page = rows[first : last + 1]
                end = first + len(page) - 1
                headers = {"Content-Range": f"offres {first}-{end}/{len(rows)}", "Accept-Range": "offres 150"}
                status = 206 if end + 1 < len(rows) else 200
                return self._send(status, {"resultats": page}, headers)

        return Handler


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(microsecond=0)
