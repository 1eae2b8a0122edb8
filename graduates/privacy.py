"""Personal data of graduates (RGPD, CNIL recruitment guidance): access, erasure, view log.

Tremplin keeps a graduate's data in several apps that ``graduates`` may not import (candidacies,
placements and outcomes in ``placements``, scores in ``matching``, employer names in ``employers``).
Each of those apps contributes a ``privacy`` module, imported at start-up by
:func:`autodiscover`, which registers a :class:`DataSource`: what it exports for one graduate, what
it erases, and when it last heard from her (the retention clock). This module then assembles the
complete export and carries out the complete erasure, in one transaction.

Erasure keeps what the funder's aggregated figures need (the anonymised graduate row with its entry
characteristics, her placements' contract facts and her outcome checks): the report reads the same
before and after (tested).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authtoken.models import Token

from backend.accounts.erasure import login_traces_forget
from backend.accounts.idempotency import replays_forget
from backend.accounts.models import Invitation, User
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError
from backend.core.models import AuditLog
from backend.core.services import require_officer

from .models import ErasureRequest, Graduate

VIEWED = "graduate.profile_viewed"


@dataclass(frozen=True)
class DataSource:
    """One app's share of a graduate's data.

    ``export(graduate)`` returns plain JSON-able data; ``erase(graduate)`` removes the person from the
    app's rows (inside the caller's transaction) and returns counts of what it touched;
    ``last_contact(graduate_ids)`` returns, per graduate, the latest time the app heard from or about
    her (a candidacy move, an outcome answer): the retention clock restarts there.
    """

    name: str
    export: Callable[[Graduate], object]
    erase: Callable[[Graduate], dict[str, int]] | None = None
    last_contact: Callable[[list[int]], dict[int, datetime]] | None = None


_sources: dict[str, DataSource] = {}
# users -> {user_id: "Hauts Numériques"}: who a viewer is, said the way the graduate understands it.
_viewer_labellers: list[Callable[[list[User]], dict[int, str]]] = []


def register(source: DataSource) -> None:
    _sources[source.name] = source


def register_viewer_labeller(labeller: Callable[[list[User]], dict[int, str]]) -> None:
    if labeller not in _viewer_labellers:
        _viewer_labellers.append(labeller)


def sources() -> list[DataSource]:
    return [_sources[name] for name in sorted(_sources)]


def autodiscover() -> None:
    """Import every installed app's ``privacy`` module (as the admin does with ``admin``)."""
    autodiscover_modules("privacy")


# ---------------------------------------------------------------- profile views


def graduates_view_record(*, graduates: Iterable[Graduate], by: User, channel: str) -> int:
    """Log a bulk read (a list page, the admin's list) like single views: one entry per profile shown."""
    if not getattr(by, "is_authenticated", False):
        return 0
    rows = [
        AuditLog(
            actor=by,
            action=VIEWED,
            target_type=Graduate._meta.label_lower,
            target_id=str(g.pk),
            data={"channel": channel, "role": by.role},
        )
        for g in graduates
        if g.user_id != by.pk
    ]
    AuditLog.objects.bulk_create(rows)
    return len(rows)


def viewer_labels(users: list[User]) -> dict[int, str]:
    labels: dict[int, str] = {}
    for labeller in _viewer_labellers:
        labels.update(labeller(users))
    for user in users:
        if user.pk in labels:
            continue
        if user.is_officer:
            labels[user.pk] = _("L'école (%(name)s)") % {"name": user.get_full_name() or user.email}
        else:
            labels[user.pk] = user.get_full_name() or _("Compte Tremplin")
    return labels


CHANNEL_LABELS = {
    "web": gettext_lazy("fiche (site)"),
    "api": gettext_lazy("fiche (API)"),
    "web-list": gettext_lazy("liste des profils (site)"),
    "api-list": gettext_lazy("liste des profils (API)"),
    "cohort-board": gettext_lazy("tableau de la promotion"),
    "admin": gettext_lazy("administration"),
    "admin-list": gettext_lazy("liste de l'administration"),
}


def profile_views(*, graduate: Graduate, limit: int | None = None) -> list[dict]:
    """Who looked at the profile, newest first: the viewer's organisation, the date, the page."""
    logs = AuditLog.objects.filter(
        target_type=Graduate._meta.label_lower, target_id=str(graduate.pk), action=VIEWED
    ).select_related("actor")
    if limit:
        logs = logs[:limit]
    logs = list(logs)
    users = list({log.actor_id: log.actor for log in logs if log.actor_id}.values())
    labels = viewer_labels(users)
    return [
        {
            "at": log.at,
            "by": labels.get(log.actor_id, _("Compte supprimé")),
            "role": log.data.get("role", ""),
            "channel": log.data.get("channel", ""),
            "channel_label": str(
                CHANNEL_LABELS.get(log.data.get("channel", ""), log.data.get("channel", ""))
            ),
        }
        for log in logs
    ]


# ---------------------------------------------------------------- right of access


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def graduate_export_all(*, graduate: Graduate, by: User) -> dict:
    """Everything Tremplin holds on the graduate, from every app (RGPD art. 15 and 20)."""
    from .services import graduate_export

    data = graduate_export(graduate=graduate, by=by)
    data["profile_views"] = [
        {"at": v["at"].isoformat(), "by": str(v["by"]), "by_role": v["role"], "channel": v["channel"]}
        for v in profile_views(graduate=graduate)
    ]
    data["invitations"] = [
        {
            "kind": i.kind,
            "sent_at": i.created_at.isoformat(),
            "expires_at": i.expires_at.isoformat(),
            "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
        }
        for i in Invitation.objects.filter(email__iexact=graduate.email)
    ]
    data["erasure_requests"] = [
        {"status": r.status, "requested_at": r.created_at.isoformat(), "reason": r.reason}
        for r in graduate.erasure_requests.all()
    ]
    data["api_token"] = {"exists": Token.objects.filter(user=by).exists()}
    for source in sources():
        data[source.name] = source.export(graduate)
    # Round-trip through JSON: what is returned is exactly what the file says.
    return json.loads(json.dumps(data, default=_plain, ensure_ascii=False))


def graduate_export_zip(*, graduate: Graduate, by: User) -> bytes:
    """The export as a zip: ``mes-donnees.json`` and the CV file as uploaded."""
    data = graduate_export_all(graduate=graduate, by=by)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mes-donnees.json", json.dumps(data, ensure_ascii=False, indent=2))
        if graduate.cv_file:
            with graduate.cv_file.open("rb") as cv:
                archive.writestr(f"cv/{graduate.cv_filename or 'cv'}", cv.read())
    return buffer.getvalue()


# ---------------------------------------------------------------- right to erasure


def graduate_erase(*, graduate: Graduate, by: User | None, reason: str) -> dict[str, int]:
    """Remove the person everywhere; keep what the funder's figures need, anonymised.

    Gone: the login account (and its API token, sessions, notifications, preferences), invitations,
    profile, skills, projects, CV file and text, candidacy messages and notes, scores and feedback.
    Kept, without a name: the graduate row's entry characteristics (birth date moved to keep only the
    age at the end of training), her candidacies' states, placements' contract facts, outcome checks.
    """
    from .services import graduate_anonymise

    if by is not None and not by.is_officer:
        raise ApplicationError(_("Seule l'école peut effacer un profil."), status_code=403)
    if graduate.anonymised_at is not None:
        raise ApplicationError(_("Ce profil est déjà effacé."), extra={"graduate_id": graduate.pk})
    counts: dict[str, int] = {}
    with transaction.atomic():
        graduate = (
            Graduate.objects.select_for_update(of=("self",))
            .select_related("cohort", "user")
            .get(pk=graduate.pk)
        )
        user = graduate.user
        for source in sources():
            if source.erase is not None:
                for key, n in source.erase(graduate).items():
                    counts[f"{source.name}.{key}"] = n
        counts["invitations"] = Invitation.objects.filter(email__iexact=graduate.email).delete()[0]
        # API answers kept for Idempotency-Key replays (an employer's, an officer's) that name her.
        counts["api_replays"] = replays_forget(
            texts=[graduate.email, graduate.full_name, user.email if user is not None else ""]
        )
        # django-axes keeps every sign-in and failed attempt under the address typed.
        counts["login_traces"] = login_traces_forget(
            emails=[graduate.email, user.email if user is not None else ""]
        )
        graduate.erasure_requests.update(reason="")
        graduate_anonymise(graduate=graduate, by=None)
        Graduate.objects.filter(pk=graduate.pk).update(anonymised_at=timezone.now())
        if user is not None:
            Token.objects.filter(user=user).delete()
            user.delete()
            counts["account"] = 1
        audit_log(actor=by, action="graduate.erased", target=graduate, reason=reason, counts=counts)
    graduate.refresh_from_db()
    return counts


def erasure_request(*, graduate: Graduate, by: User, reason: str = "") -> ErasureRequest:
    """The graduate asks to be erased; the school confirms (it checks the identity and what is owed)."""
    if graduate.user_id is None or graduate.user_id != by.pk:
        raise ApplicationError(_("Seule la personne concernée peut demander l'effacement."), status_code=403)
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(
                graduate=graduate, requested_by=by, reason=(reason or "").strip()[:1000]
            )
            audit_log(actor=by, action="graduate.erasure_requested", target=graduate)
    except IntegrityError:
        raise ApplicationError(
            _("Votre demande d'effacement est déjà enregistrée : l'école la traite sous un mois.")
        ) from None
    return request


def erasure_pending_for(graduate: Graduate) -> ErasureRequest | None:
    return graduate.erasure_requests.filter(status=ErasureRequest.Status.PENDING).first()


def erasure_cancel(*, request: ErasureRequest, by: User) -> ErasureRequest:
    """The graduate changes her mind, or the school declines (with the reason told to her)."""
    if not (by.is_officer or request.graduate.user_id == by.pk):
        raise ApplicationError(_("Demande d'effacement introuvable."), status_code=404)
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ErasureRequest.Status.PENDING:
            raise ApplicationError(_("Cette demande a déjà été traitée."))
        request.status = ErasureRequest.Status.CANCELLED
        request.decided_by = by
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_log(actor=by, action="graduate.erasure_cancelled", target=request.graduate)
        if by.is_officer and request.graduate.user_id != by.pk:
            _tell(
                request.graduate.user.email if request.graduate.user else request.graduate.email,
                "Tremplin : votre demande d'effacement",
                "Bonjour,\n\nL'école n'a pas effacé vos données cette fois-ci : votre chargé·e d'insertion "
                "vous en explique la raison. Vous pouvez refaire la demande depuis « Mon profil ».\n\n"
                "L'équipe Tremplin",
            )
    return request


def _tell(email: str, subject: str, body: str) -> None:
    """E-mail the person once the decision is committed (her address is gone from the database)."""
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=False)
    )


def erasure_confirm(*, request: ErasureRequest, by: User) -> dict[str, int]:
    """An officer confirms a pending request: the erasure happens now, in one transaction."""
    require_officer(by, _("Seul·e un·e chargé·e d'insertion peut confirmer un effacement."))
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().select_related("graduate").get(pk=request.pk)
        if request.status != ErasureRequest.Status.PENDING:
            raise ApplicationError(_("Cette demande a déjà été traitée."))
        email = request.graduate.user.email if request.graduate.user else request.graduate.email
        counts = graduate_erase(graduate=request.graduate, by=by, reason="request")
        _tell(
            email,
            "Tremplin : vos données ont été effacées",
            "Bonjour,\n\nComme vous l'avez demandé, l'école a effacé votre compte Tremplin, votre profil, "
            "votre CV, vos messages et vos notifications. Seules restent des statistiques anonymes "
            "(vos suivis de sortie de formation), dues aux financeurs de l'école.\n\nL'équipe Tremplin",
        )
        request.status = ErasureRequest.Status.DONE
        request.decided_by = by
        request.decided_at = timezone.now()
        request.reason = ""
        request.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    return counts


def erasure_requests_pending() -> list[ErasureRequest]:
    return list(
        ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING)
        .select_related("graduate", "graduate__cohort")
        .order_by("created_at")
    )
