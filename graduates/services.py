"""Writes on cohorts and graduate profiles: validation, transactions, consent, announcements."""

import secrets
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from backend.accounts.models import Invitation, User
from backend.accounts.services import invitation_create
from backend.core import events
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError
from backend.core.services import full_clean, require_officer
from backend.taxonomy.models import Appellation, Skill

from .documents import cv_read
from .models import Cohort, Graduate, GraduateSkill, Project


def _require_may_confirm(user: User, graduate: Graduate) -> None:
    """Officers, and the trainers of the graduate's own cohort."""
    if user.is_officer:
        return
    if user.is_trainer and graduate.cohort.trainers.filter(pk=user.pk).exists():
        return
    raise ApplicationError(
        _(
            "Seul·es l'équipe de l'école et les formateur·rices de sa promotion peuvent confirmer "
            "ses compétences."
        ),
        status_code=403,
    )


def _require_owner(graduate: Graduate, user: User) -> None:
    if graduate.user_id is None or graduate.user_id != user.pk:
        raise ApplicationError(_("Seul·e la personne concernée peut modifier ce profil."), status_code=403)


def _profile_changed(graduate: Graduate) -> None:
    """Store the hash of what matching analyses and announce it on commit when it moved."""
    new_hash = graduate.compute_content_hash()
    if new_hash == graduate.content_hash:
        return
    graduate.content_hash = new_hash
    Graduate.objects.filter(pk=graduate.pk).update(content_hash=new_hash)
    events.publish("profile.changed", graduate_id=graduate.pk, content_hash=new_hash)


# ---------------------------------------------------------------- cohorts

COHORT_FIELDS = {"name", "track", "training_start", "training_end", "internship_start", "internship_end"}


def cohort_create(*, by: User, trainers=(), **fields) -> Cohort:
    require_officer(by)
    unknown = set(fields) - COHORT_FIELDS
    if unknown:
        raise ApplicationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    cohort = Cohort(**fields)
    full_clean(cohort)
    with transaction.atomic():
        cohort.save()
        cohort.trainers.set(trainers)
        audit_log(actor=by, action="cohort.created", target=cohort)
    return cohort


def cohort_update(*, cohort: Cohort, by: User, trainers=None, **fields) -> Cohort:
    require_officer(by)
    for key, value in fields.items():
        if key not in COHORT_FIELDS:
            raise ApplicationError(_("Champ inconnu : %(f)s") % {"f": key})
        setattr(cohort, key, value)
    full_clean(cohort)
    with transaction.atomic():
        cohort.save()
        if trainers is not None:
            cohort.trainers.set(trainers)
        audit_log(actor=by, action="cohort.updated", target=cohort, fields=sorted(fields))
    return cohort


# ---------------------------------------------------------------- invitations


def graduate_invite(*, graduate: Graduate, by: User) -> Invitation:
    """E-mail the graduate a link to create their account (a new link replaces the pending one)."""
    require_officer(by)
    if graduate.user_id:
        raise ApplicationError(
            _("%(name)s a déjà son compte Tremplin.") % {"name": graduate.full_name},
            extra={"graduate_id": graduate.pk},
        )
    return invitation_create(
        email=graduate.email, kind=Invitation.Kind.GRADUATE, by=by, data={"graduate_id": graduate.pk}
    )


def cohort_invite_pending(*, cohort: Cohort, by: User) -> list[Invitation]:
    """Invite every graduate of the cohort who has no account and no usable invitation yet."""
    require_officer(by)
    now = timezone.now()
    pending_emails = set(
        Invitation.objects.filter(
            kind=Invitation.Kind.GRADUATE, accepted_at=None, revoked_at=None, expires_at__gt=now
        ).values_list("email", flat=True)
    )
    existing_users = set(
        User.objects.values_list("email", flat=True).filter(email__in=cohort.graduates.values("email"))
    )
    invitations = []
    with transaction.atomic():
        for graduate in cohort.graduates.filter(user=None).order_by("pk"):
            if graduate.email in pending_emails or graduate.email in existing_users:
                continue
            invitations.append(graduate_invite(graduate=graduate, by=by))
    return invitations


def attach_graduate_on_invitation(*, invitation: Invitation, user: User) -> None:
    """Subscriber of ``invitation.accepted``: the new account becomes the invited graduate."""
    if invitation.kind != Invitation.Kind.GRADUATE or "graduate_id" not in invitation.data:
        return
    graduate = Graduate.objects.select_for_update().get(pk=invitation.data["graduate_id"])
    if graduate.user_id and graduate.user_id != user.pk:
        raise ApplicationError(_("Ce profil est déjà rattaché à un autre compte."))
    graduate.user = user
    graduate.first_name = user.first_name or graduate.first_name
    graduate.last_name = user.last_name or graduate.last_name
    graduate.save(update_fields=["user", "first_name", "last_name", "updated_at"])


# ---------------------------------------------------------------- the profile

PROFILE_FIELDS = {
    "commune",
    "mobility_radius_km",
    "mobility_mode",
    "contract_types",
    "available_from",
    "languages",
    "driving_licence",
    "presentation",
    "portfolio_url",
    "github_url",
    "linkedin_url",
    "disability_disclosed",
}


def _clean_languages(languages) -> list[dict]:
    rows, seen = [], set()
    for item in languages or []:
        name = str(item.get("name", "")).strip().capitalize() if isinstance(item, dict) else ""
        level = str(item.get("level", "")).strip().upper() if isinstance(item, dict) else ""
        if not name or name.lower() in seen:
            continue
        if level and level not in {"A1", "A2", "B1", "B2", "C1", "C2", "NATIF"}:
            raise ApplicationError(
                _("Niveau de langue « %(l)s » inconnu : A1, A2, B1, B2, C1, C2 ou natif.") % {"l": level},
                extra={"fields": {"languages": [_("Niveau inconnu.")]}},
            )
        seen.add(name.lower())
        rows.append({"name": name[:40], "level": level})
    return rows[:10]


def graduate_profile_update(
    *, graduate: Graduate, by: User, desired_appellations: list[Appellation] | None = None, **fields
) -> Graduate:
    """The graduate edits their profile (officers may help them)."""
    if not by.is_officer or "disability_disclosed" in fields:
        # Officers may help fill a profile; disclosing a disability stays the graduate's own choice.
        _require_owner(graduate, by)
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ApplicationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "contract_types" in fields:
        valid = set(Graduate.Contract.values)
        wanted = list(dict.fromkeys(fields["contract_types"] or []))
        bad = [c for c in wanted if c not in valid]
        if bad:
            raise ApplicationError(
                _("Type de contrat inconnu : %(c)s") % {"c": ", ".join(bad)},
                extra={"fields": {"contract_types": [_("Type de contrat inconnu.")]}},
            )
        fields["contract_types"] = wanted
    if "languages" in fields:
        fields["languages"] = _clean_languages(fields["languages"])
    if "presentation" in fields:
        fields["presentation"] = (fields["presentation"] or "").strip()
    for key, value in fields.items():
        setattr(graduate, key, value)
    if graduate.disability_disclosed and not graduate.disability_recognised:
        raise ApplicationError(
            _("Aucune reconnaissance de handicap n'est enregistrée : rien à signaler aux employeurs."),
            extra={"fields": {"disability_disclosed": [_("Aucune RQTH enregistrée.")]}},
        )
    full_clean(graduate, exclude=["cv_file"])
    with transaction.atomic():
        graduate.save()
        if desired_appellations is not None:
            graduate.desired_appellations.set(desired_appellations[:5])
        _profile_changed(graduate)
    return graduate


def graduate_visibility_set(*, graduate: Graduate, by: User, visible: bool) -> Graduate:
    """Consent to be seen by employers: only the graduate gives or withdraws it, with its time."""
    _require_owner(graduate, by)
    if graduate.visible_to_employers == visible:
        return graduate
    with transaction.atomic():
        graduate.visible_to_employers = visible
        graduate.visibility_changed_at = timezone.now()
        graduate.save(update_fields=["visible_to_employers", "visibility_changed_at", "updated_at"])
        audit_log(
            actor=by,
            action="graduate.visibility_granted" if visible else "graduate.visibility_withdrawn",
            target=graduate,
            at=graduate.visibility_changed_at.isoformat(),
        )
        # Matching scores only visible graduates: a change of consent is a change to analyse.
        events.publish("profile.changed", graduate_id=graduate.pk, content_hash=graduate.content_hash)
    return graduate


def graduate_cv_upload(*, graduate: Graduate, by: User, file, filename: str = "") -> Graduate:
    """Store a checked CV and its text; matching proposes skills from it after the commit."""
    _require_owner(graduate, by)
    document = cv_read(file)
    # Only the last part of a path, either slash; a name of dots only ("..") keeps nothing.
    typed = (filename or getattr(file, "name", "") or "cv").replace("\\", "/").rsplit("/", 1)[-1]
    base = get_valid_filename(typed) if typed.strip(". ") else "cv"
    stem = base.rsplit(".", 1)[0][:80] or "cv"
    name = f"{stem}.{document.kind}"
    with transaction.atomic():
        old = graduate.cv_file.name if graduate.cv_file else ""
        # An unguessable path: a CV must never be reachable by guessing a URL under MEDIA_URL.
        graduate.cv_file.save(
            f"{secrets.token_urlsafe(18)}.{document.kind}", ContentFile(document.data), save=False
        )
        graduate.cv_filename = name
        graduate.cv_text = document.text
        graduate.cv_uploaded_at = timezone.now()
        graduate.save(update_fields=["cv_file", "cv_filename", "cv_text", "cv_uploaded_at", "updated_at"])
        audit_log(
            actor=by,
            action="graduate.cv_uploaded",
            target=graduate,
            kind=document.kind,
            size=len(document.data),
        )
        _profile_changed(graduate)
        if old and old != graduate.cv_file.name:
            storage = graduate.cv_file.storage
            transaction.on_commit(lambda: storage.delete(old))
    return graduate


def graduate_cv_delete(*, graduate: Graduate, by: User) -> Graduate:
    _require_owner(graduate, by)
    if not graduate.cv_file:
        return graduate
    old, storage = graduate.cv_file.name, graduate.cv_file.storage
    with transaction.atomic():
        graduate.cv_file = ""
        graduate.cv_filename = ""
        graduate.cv_text = ""
        graduate.cv_uploaded_at = None
        graduate.save(update_fields=["cv_file", "cv_filename", "cv_text", "cv_uploaded_at", "updated_at"])
        # Proposals read in the deleted CV go with it; what the graduate accepted stays theirs.
        graduate.skills.filter(
            source=GraduateSkill.Source.EXTRACTED, status=GraduateSkill.Status.PROPOSED
        ).delete()
        _profile_changed(graduate)
        transaction.on_commit(lambda: storage.delete(old))
    return graduate


# ---------------------------------------------------------------- skills


def graduate_skill_declare(*, graduate: Graduate, by: User, skill: Skill, level: int) -> GraduateSkill:
    """The graduate adds a skill with a level 1–4, or changes the level of one they have."""
    _require_owner(graduate, by)
    if level not in GraduateSkill.Level.values:
        raise ApplicationError(
            _("Le niveau va de 1 (notions) à 4 (je peux l'enseigner)."), extra={"fields": {"level": ["1–4"]}}
        )
    with transaction.atomic():
        row, created = GraduateSkill.objects.select_for_update().get_or_create(
            graduate=graduate,
            skill=skill,
            defaults={
                "source": GraduateSkill.Source.DECLARED,
                "status": GraduateSkill.Status.ACCEPTED,
                "level": level,
            },
        )
        if not created:
            row.level = level
            row.status = GraduateSkill.Status.ACCEPTED
            row.save(update_fields=["level", "status", "updated_at"])
        _profile_changed(graduate)
    return row


def graduate_skill_review(
    *, graduate_skill: GraduateSkill, by: User, accept: bool, level: int | None = None
) -> GraduateSkill:
    """The graduate keeps or sets aside a skill proposed from their CV."""
    _require_owner(graduate_skill.graduate, by)
    if level is not None and level not in GraduateSkill.Level.values:
        raise ApplicationError(_("Le niveau va de 1 (notions) à 4 (je peux l'enseigner)."))
    with transaction.atomic():
        row = GraduateSkill.objects.select_for_update().get(pk=graduate_skill.pk)
        if accept:
            row.status = GraduateSkill.Status.ACCEPTED
            row.level = level or row.level or GraduateSkill.Level.PRACTICE
        else:
            row.status = GraduateSkill.Status.DISMISSED
            row.confirmed_at = None
            row.confirmed_by = None
        row.save()
        _profile_changed(row.graduate)
    return row


def graduate_skill_remove(*, graduate_skill: GraduateSkill, by: User) -> None:
    """Removing a CV skill keeps it dismissed, so the next analysis does not propose it again."""
    _require_owner(graduate_skill.graduate, by)
    graduate = graduate_skill.graduate
    with transaction.atomic():
        if graduate_skill.source == GraduateSkill.Source.EXTRACTED:
            graduate_skill.status = GraduateSkill.Status.DISMISSED
            graduate_skill.confirmed_at = None
            graduate_skill.confirmed_by = None
            graduate_skill.save()
        else:
            graduate_skill.delete()
        _profile_changed(graduate)


def graduate_skill_confirm(
    *, graduate_skill: GraduateSkill, by: User, confirmed: bool = True
) -> GraduateSkill:
    """A trainer or officer vouches for a skill the graduate showed in training."""
    _require_may_confirm(by, graduate_skill.graduate)
    with transaction.atomic():
        row = GraduateSkill.objects.select_for_update().get(pk=graduate_skill.pk)
        if confirmed:
            if row.status != GraduateSkill.Status.ACCEPTED:
                row.status = GraduateSkill.Status.ACCEPTED
                row.level = row.level or GraduateSkill.Level.PRACTICE
            row.confirmed_at = timezone.now()
            row.confirmed_by = by
        else:
            row.confirmed_at = None
            row.confirmed_by = None
        row.save()
        audit_log(
            actor=by,
            action="graduate.skill_confirmed" if confirmed else "graduate.skill_unconfirmed",
            target=row.graduate,
            skill=row.skill.uid,
        )
        _profile_changed(row.graduate)
    return row


def graduate_skill_confirm_in_internship(*, graduate: Graduate, skill: Skill, by: User) -> GraduateSkill:
    """The host tutor confirmed ``skill`` in the internship evaluation: the profile says « confirmée en
    stage ». A skill the graduate had not listed is added, accepted; one she set aside is taken back."""
    with transaction.atomic():
        row, _created = GraduateSkill.objects.select_for_update().get_or_create(
            graduate=graduate,
            skill=skill,
            defaults={"source": GraduateSkill.Source.DECLARED, "status": GraduateSkill.Status.ACCEPTED},
        )
        if row.status != GraduateSkill.Status.ACCEPTED:
            row.status = GraduateSkill.Status.ACCEPTED
        row.level = row.level or GraduateSkill.Level.AUTONOMOUS
        row.internship_confirmed_at = timezone.now()
        row.save()
        audit_log(actor=by, action="graduate.skill_confirmed_in_internship", target=graduate, skill=skill.uid)
        _profile_changed(graduate)
    return row


def graduate_skill_confirm_new(
    *, graduate: Graduate, by: User, skill: Skill, level: int | None = None
) -> GraduateSkill:
    """A trainer adds and confirms a skill seen in training that the graduate had not listed."""
    _require_may_confirm(by, graduate)
    with transaction.atomic():
        row, _created = GraduateSkill.objects.get_or_create(
            graduate=graduate,
            skill=skill,
            defaults={
                "source": GraduateSkill.Source.DECLARED,
                "status": GraduateSkill.Status.ACCEPTED,
                "level": level or GraduateSkill.Level.PRACTICE,
            },
        )
    return graduate_skill_confirm(graduate_skill=row, by=by)


def graduate_skills_apply_extracted(*, graduate_id: int, content_hash: str, skills: list[dict]) -> int:
    """Store the skills the NLP pipeline read in a CV as proposals; safe to run twice.

    Called by matching's task with the hash it analysed. A stale hash (the profile changed since) is
    ignored: the newer analysis will come. Declared, accepted, confirmed or dismissed rows are never
    touched; an existing proposal only gets its evidence refreshed. Returns the number of new proposals.
    """
    with transaction.atomic():
        graduate = Graduate.objects.select_for_update().filter(pk=graduate_id).first()
        if graduate is None or graduate.content_hash != content_hash:
            return 0
        by_uid = {s["uid"]: s for s in skills if s.get("uid")}
        known = {s.uid: s for s in Skill.objects.filter(uid__in=by_uid)}
        existing = {row.skill_id: row for row in graduate.skills.select_for_update()}
        created = 0
        for uid, item in by_uid.items():
            skill = known.get(uid)
            if skill is None:
                continue
            evidence = {
                "evidence": str(item.get("evidence", ""))[:300],
                "evidence_start": item.get("start"),
                "evidence_end": item.get("end"),
                "extracted_hash": content_hash,
            }
            row = existing.get(skill.pk)
            if row is None:
                GraduateSkill.objects.create(
                    graduate=graduate,
                    skill=skill,
                    source=GraduateSkill.Source.EXTRACTED,
                    status=GraduateSkill.Status.PROPOSED,
                    **evidence,
                )
                created += 1
            elif row.source == GraduateSkill.Source.EXTRACTED and row.status == GraduateSkill.Status.PROPOSED:
                for key, value in evidence.items():
                    setattr(row, key, value)
                row.save()
        # Proposals are not yet part of the profile, so the content hash stays what was analysed.
        Graduate.objects.filter(pk=graduate.pk).update(analysed_hash=content_hash)
    return created


# ---------------------------------------------------------------- projects


def project_save(
    *,
    graduate: Graduate,
    by: User,
    project: Project | None = None,
    skills: list[Skill] | None = None,
    **fields,
) -> Project:
    _require_owner(graduate, by)
    if project is not None and project.graduate_id != graduate.pk:
        raise ApplicationError(_("Projet introuvable."), status_code=404)
    if project is None and graduate.projects.count() >= 12:
        raise ApplicationError(_("12 projets au plus : gardez les plus parlants."))
    project = project or Project(graduate=graduate)
    for key in ("title", "description", "url"):
        if key in fields:
            setattr(project, key, (fields[key] or "").strip())
    full_clean(project)
    with transaction.atomic():
        project.save()
        if skills is not None:
            project.skills.set(skills[:15])
        _profile_changed(graduate)
    return project


def project_delete(*, project: Project, by: User) -> None:
    graduate = project.graduate
    _require_owner(graduate, by)
    with transaction.atomic():
        project.delete()
        _profile_changed(graduate)


# ---------------------------------------------------------------- personal data


def graduate_view_record(*, graduate: Graduate, by: User, channel: str) -> None:
    """Access log: who looked at a profile that is not theirs, and how."""
    if graduate.user_id == by.pk:
        return
    audit_log(actor=by, action="graduate.profile_viewed", target=graduate, channel=channel, role=by.role)


def graduate_export(*, graduate: Graduate, by: User) -> dict:
    """Everything Tremplin holds about the graduate (RGPD right of access), as plain data."""
    from backend.core.models import AuditLog

    _require_owner(graduate, by)

    def d(value):
        return value.isoformat() if isinstance(value, date) else value

    views = AuditLog.objects.filter(
        target_type=Graduate._meta.label_lower, target_id=str(graduate.pk), action="graduate.profile_viewed"
    ).select_related("actor")
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": by.email,
            "first_name": by.first_name,
            "last_name": by.last_name,
            "phone": by.phone,
            "date_joined": d(by.date_joined),
            "last_login": d(by.last_login),
        },
        "cohort": {
            "name": graduate.cohort.name,
            "track": graduate.cohort.get_track_display(),
            "training_start": d(graduate.cohort.training_start),
            "training_end": d(graduate.cohort.training_end),
        },
        "entry_characteristics": {
            "birth_date": d(graduate.birth_date),
            "gender": graduate.gender,
            "diploma_level": graduate.diploma_level,
            "entry_situation": graduate.entry_situation,
            "qpv_resident": graduate.qpv_resident,
            "disability_recognised": graduate.disability_recognised,
            "purpose": "Rapport aux financeurs (statistiques agrégées), jamais transmis aux employeurs.",
        },
        "profile": {
            "first_name": graduate.first_name,
            "last_name": graduate.last_name,
            "email": graduate.email,
            "commune": graduate.commune.label if graduate.commune_id else None,
            "mobility_radius_km": graduate.mobility_radius_km,
            "mobility_mode": graduate.mobility_mode,
            "contract_types": graduate.contract_types,
            "available_from": d(graduate.available_from),
            "desired_jobs": [a.label for a in graduate.desired_appellations.all()],
            "languages": graduate.languages,
            "driving_licence": graduate.driving_licence,
            "presentation": graduate.presentation,
            "portfolio_url": graduate.portfolio_url,
            "github_url": graduate.github_url,
            "linkedin_url": graduate.linkedin_url,
            "disability_disclosed": graduate.disability_disclosed,
        },
        "visibility": {
            "visible_to_employers": graduate.visible_to_employers,
            "changed_at": d(graduate.visibility_changed_at),
        },
        "skills": [
            {
                "skill": s.skill.label_fr,
                "uid": s.skill.uid,
                "source": s.source,
                "status": s.status,
                "level": s.level,
                "evidence": s.evidence,
                "confirmed_at": d(s.confirmed_at),
            }
            for s in graduate.skills.select_related("skill")
        ],
        "projects": [
            {
                "title": p.title,
                "description": p.description,
                "url": p.url,
                "skills": [s.label_fr for s in p.skills.all()],
            }
            for p in graduate.projects.prefetch_related("skills")
        ],
        "cv": {
            "filename": graduate.cv_filename,
            "uploaded_at": d(graduate.cv_uploaded_at),
            "extracted_text": graduate.cv_text,
        },
        "profile_views": [
            {"at": d(v.at), "by_role": v.data.get("role", ""), "channel": v.data.get("channel", "")}
            for v in views
        ],
    }
    audit_log(actor=by, action="graduate.exported", target=graduate)
    return data


def age_preserving_birth_date(graduate: Graduate) -> date | None:
    """A birth date with the same age at the end of training as the real one, and nothing more.

    (1 January of the birth year would move someone born in December into the next age band.)
    """
    if graduate.birth_date is None:
        return None
    end, born = graduate.cohort.training_end, graduate.birth_date
    age = end.year - born.year - ((end.month, end.day) < (born.month, born.day))
    return end - relativedelta(years=age)


def graduate_anonymise(*, graduate: Graduate, by: User | None) -> Graduate:
    """Right to erasure: keep what the funder's aggregated statistics need, drop the person.

    Kept: cohort, gender, diploma level, situation at entry, QPV, disability recognition, and a birth
    date that gives only the age at the end of training (the report's age bands read nothing else).
    Everything else goes: names, e-mail, profile, skills, projects, the CV file and text, consent; the
    account is detached. :func:`graduates.privacy.graduate_erase` does the rest, in every app.
    """
    if by is not None and not by.is_officer:
        _require_owner(graduate, by)
    storage, old = graduate.cv_file.storage, graduate.cv_file.name if graduate.cv_file else ""
    with transaction.atomic():
        graduate.skills.all().delete()
        graduate.projects.all().delete()
        graduate.desired_appellations.clear()
        graduate.user = None
        graduate.first_name = "Anonyme"
        graduate.last_name = ""
        graduate.email = f"anonyme-{graduate.pk}@invalid.tremplin"
        graduate.birth_date = age_preserving_birth_date(graduate)
        for name in ("presentation", "portfolio_url", "github_url", "linkedin_url", "cv_filename", "cv_text"):
            setattr(graduate, name, "")
        graduate.cv_file = ""
        graduate.cv_uploaded_at = None
        graduate.commune = None
        graduate.contract_types = []
        graduate.languages = []
        graduate.available_from = None
        graduate.driving_licence = False
        graduate.disability_disclosed = False
        graduate.visible_to_employers = False
        graduate.visibility_changed_at = timezone.now()
        graduate.content_hash = ""
        graduate.analysed_hash = ""
        graduate.save()
        audit_log(actor=by, action="graduate.anonymised", target=graduate)
        if old:
            transaction.on_commit(lambda: storage.delete(old))
    return graduate
