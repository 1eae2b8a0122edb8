"""``Idempotency-Key`` on the API's creations: a retried POST creates one object.

A client (a script importing offers, a phone on a poor network) sends the same ``Idempotency-Key``
header with every try of one creation. The first request to get through runs; each repeat gets the
first one's answer back (same status, same body, ``Idempotent-Replayed: true``) and runs nothing. As
in the IETF draft (draft-ietf-httpapi-idempotency-key-header): the key is the client's, scoped to its
account and the operation; the same key sent with a different request is a 422; a repeat sent while
the first is still running waits for it (the unique index of ``SubmissionKey``) and gets its answer.
A refusal (4xx) is not kept, so the client corrects the request and sends it again with the same key.
Keys are kept ``SUBMISSION_KEY_DAYS`` days, like the web forms' one-time tokens.
"""

import functools
import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.response import Response

from backend.core.exceptions import ApplicationError

from .models import SubmissionKey
from .services import SUBMISSION_KEY_DAYS

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 64


def _request_digest(request) -> str:
    """What the request asks, independent of how it was encoded (a multipart boundary changes at
    every send): the path and the parsed data, each uploaded file by name, size and content."""
    data = request.data
    items = sorted((key, list(values)) for key, values in data.lists()) if hasattr(data, "lists") else data
    digest = hashlib.sha256(request.path.encode())

    def default(value):
        if hasattr(value, "chunks"):
            content = hashlib.sha256()
            for chunk in value.chunks():
                content.update(chunk)
            value.seek(0)
            return {"file": value.name, "size": value.size, "sha256": content.hexdigest()}
        return str(value)

    digest.update(json.dumps(items, sort_keys=True, default=default).encode())
    return digest.hexdigest()


def _replay(claim: SubmissionKey, digest: str) -> Response:
    if claim.request_hash != digest:
        raise ApplicationError(
            _(
                "Cette clé d'idempotence a déjà servi pour une autre requête : "
                "choisissez une nouvelle clé pour chaque nouvelle création."
            ),
            {"header": HEADER},
            status_code=422,
        )
    response = Response(claim.response, status=claim.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(scope: str):
    """Decorate an API view's creation handler (``create`` or ``post``); ``scope`` names the operation.

    Without the header, or for an anonymous client, the handler runs as before.
    """

    def decorator(handler):
        @functools.wraps(handler)
        def wrapper(self, request, *args, **kwargs):
            key = request.headers.get(HEADER, "")
            if not key or not request.user.is_authenticated:
                return handler(self, request, *args, **kwargs)
            key = key.strip()
            if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
                raise ApplicationError(
                    _("L'en-tête Idempotency-Key doit compter de 1 à 64 caractères imprimables."),
                    {"header": HEADER},
                )
            digest = _request_digest(request)
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        claim = SubmissionKey.objects.create(
                            user=request.user, scope=f"api:{scope}", key=key, request_hash=digest
                        )
                except IntegrityError:
                    # A simultaneous first try has committed (the insert waited for it): its answer.
                    claim = SubmissionKey.objects.get(user=request.user, scope=f"api:{scope}", key=key)
                    return _replay(claim, digest)
                response = handler(self, request, *args, **kwargs)
                if not 200 <= response.status_code < 300:
                    transaction.set_rollback(True)  # a refusal keeps nothing: the key can be used again
                    return response
                claim.status_code = response.status_code
                claim.response = response.data
                made = response.data.get("id") if isinstance(response.data, dict) else None
                claim.object_id = made if isinstance(made, int) else None
                claim.save(update_fields=["status_code", "response", "object_id", "updated_at"])
                SubmissionKey.objects.filter(
                    user=request.user,
                    scope__startswith="api:",
                    created_at__lt=timezone.now() - timedelta(days=SUBMISSION_KEY_DAYS),
                ).delete()
            return response

        # backend.core.schema documents the header and the 422 on every handler that carries this.
        wrapper.idempotency_scope = scope
        return wrapper

    return decorator


def replays_forget(*, texts: list[str]) -> int:
    """Delete the kept API answers that mention any of ``texts`` (a person being erased: an employer's
    replayable answer may carry her name for the 2 days a key is kept). Returns how many went."""
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    words = [t for t in (text.strip() for text in texts) if t]
    if not words:
        return 0
    match = Q()
    for word in words:
        match |= Q(as_text__icontains=word)
    kept = SubmissionKey.objects.filter(scope__startswith="api:", response__isnull=False)
    ids = list(
        kept.annotate(as_text=Cast("response", TextField())).filter(match).values_list("pk", flat=True)
    )
    return SubmissionKey.objects.filter(pk__in=ids).delete()[0]
