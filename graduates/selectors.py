"""Reads scoped to who asks. A graduate another person may not see is a 404, never a 403.

- officers (and admins) see every graduate;
- an employer account of an approved organisation sees only graduates who chose to be visible;
- a graduate sees only themself;
- a trainer sees the graduates of the cohorts it teaches, without their entry characteristics.
"""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from backend.accounts.models import User
from backend.geo.distance import bounding_box, distance_km_expression
from backend.geo.models import Commune

from .models import Cohort, Graduate, GraduateSkill, Project


def employer_may_browse(user: User) -> bool:
    """An employer account whose organisation the school approved.

    Read through the account's reverse relation: graduates does not import employers.
    """
    if not (user.is_authenticated and user.is_employer):
        return False
    contact = getattr(user, "employer_contact", None)
    employer = getattr(contact, "employer", None)
    return getattr(employer, "status", None) == "approved"


def _with_profile(qs: QuerySet[Graduate]) -> QuerySet[Graduate]:
    return qs.select_related("cohort", "commune", "user").prefetch_related(
        "desired_appellations",
        Prefetch("skills", queryset=GraduateSkill.objects.select_related("skill", "confirmed_by")),
        Prefetch("projects", queryset=Project.objects.prefetch_related("skills")),
    )


def graduate_for_user(*, user: User) -> Graduate | None:
    """The profile of a signed-in graduate (None for other roles)."""
    if not user.is_authenticated or not user.is_graduate:
        return None
    return _with_profile(Graduate.objects.filter(user=user)).first()


def graduate_list_for_user(*, user: User) -> QuerySet[Graduate]:
    if not user.is_authenticated:
        return Graduate.objects.none()
    if user.is_officer:
        qs = Graduate.objects.all()
    elif employer_may_browse(user):
        qs = Graduate.objects.filter(visible_to_employers=True, user__isnull=False, user__is_active=True)
    elif user.is_graduate:
        qs = Graduate.objects.filter(user=user)
    else:
        return Graduate.objects.none()
    return _with_profile(qs)


def graduate_get_for_user(*, user: User, graduate_id: int) -> Graduate:
    graduate = graduate_list_for_user(user=user).filter(pk=graduate_id).first()
    if graduate is None:
        raise Http404
    return graduate


def graduate_search_for_employer(
    *,
    user: User,
    skill_ids: list[int] | None = None,
    track: str = "",
    available_only: bool = False,
    near: Commune | None = None,
    radius_km: int = 30,
) -> QuerySet[Graduate]:
    """Visible graduates holding every skill asked (kept on their profile), of a track, available today,
    living within ``radius_km`` of ``near`` (annotated ``distance_km``, nearest first)."""
    qs = (
        graduate_list_for_user(user=user)
        if employer_may_browse(user) or user.is_officer
        else Graduate.objects.none()
    )
    if track:
        qs = qs.filter(cohort__track=track)
    for skill_id in skill_ids or []:
        qs = qs.filter(skills__skill_id=skill_id, skills__status=GraduateSkill.Status.ACCEPTED)
    if available_only:
        qs = qs.filter(available_from__lte=timezone.localdate())
    order = ["-cohort__training_end", "last_name", "first_name"]
    if near is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(near.latitude, near.longitude, radius_km)
        qs = qs.filter(
            commune__latitude__range=(min_lat, max_lat), commune__longitude__range=(min_lon, max_lon)
        ).annotate(
            distance_km=distance_km_expression(
                near.latitude, near.longitude, "commune__latitude", "commune__longitude"
            )
        )
        qs = qs.filter(distance_km__lte=radius_km)
        order = ["distance_km", "last_name", "first_name"]
    return qs.order_by(*order).distinct()


def visible_skills(graduate: Graduate) -> list[GraduateSkill]:
    """What an employer sees: accepted skills, confirmed ones first."""
    rows = [s for s in graduate.skills.all() if s.status == GraduateSkill.Status.ACCEPTED]
    return sorted(rows, key=lambda s: (s.confirmed_at is None, -(s.level or 0), s.skill.label_fr))


def cohort_list_for_officer() -> QuerySet[Cohort]:
    return Cohort.objects.annotate(
        size=Count("graduates", distinct=True),
        accounts=Count("graduates", filter=Q(graduates__user__isnull=False), distinct=True),
        visible=Count("graduates", filter=Q(graduates__visible_to_employers=True), distinct=True),
    ).prefetch_related("trainers")


def cohort_get_for_user(*, user: User, cohort_id: int) -> Cohort:
    if not user.is_authenticated or not user.is_officer:
        raise Http404
    cohort = cohort_list_for_officer().filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    return cohort


def cohort_board(*, cohort: Cohort) -> list[dict]:
    """One row per graduate: account, completeness, availability, visibility, skills counts."""
    today = timezone.localdate()
    rows = []
    graduates = _with_profile(cohort.graduates.all()).order_by("last_name", "first_name")
    # A job held or about to start (the training's internship aside) outranks "disponible": the hire is
    # recorded as a placement, read through the reverse relation (graduates does not import placements).
    jobs = {}
    for pk, employer_name, start in (
        cohort.graduates.filter(
            Q(placements__end_date__isnull=True) | Q(placements__end_date__gte=today),
            placements__is_training_internship=False,
            placements__status__in=["declared", "confirmed"],
        )
        .order_by("placements__start_date")
        .values_list("pk", "placements__employer_name", "placements__start_date")
    ):
        jobs[pk] = {"employer_name": employer_name, "start_date": start, "started": start <= today}
    for graduate in graduates:
        skills = list(graduate.skills.all())
        rows.append(
            {
                "graduate": graduate,
                "completeness": graduate.completeness(),
                "missing": [k for k, ok in graduate.completeness_items().items() if not ok],
                "has_account": graduate.user_id is not None,
                "job": jobs.get(graduate.pk),
                "available": graduate.available_from is not None and graduate.available_from <= today,
                "available_from": graduate.available_from,
                "visible": graduate.visible_to_employers,
                "skills_accepted": sum(s.status == GraduateSkill.Status.ACCEPTED for s in skills),
                "skills_confirmed": sum(s.confirmed_at is not None for s in skills),
                "skills_proposed": sum(s.status == GraduateSkill.Status.PROPOSED for s in skills),
            }
        )
    return rows


def graduate_list_to_analyse(*, batch_size: int = 500) -> QuerySet[Graduate]:
    """Profiles whose content changed since matching last analysed them (the outbox of the sweep)."""
    return (
        Graduate.objects.exclude(content_hash="")
        .exclude(content_hash=F("analysed_hash"))
        .order_by("updated_at")
        .only("pk", "content_hash")[:batch_size]
    )


# ---------------------------------------------------------------- trainers
# A trainer sees the cohorts it teaches and their skills, never the entry characteristics kept for the
# funder's report: those columns are not even loaded.
ENTRY_CHARACTERISTICS = (
    "birth_date",
    "gender",
    "diploma_level",
    "entry_situation",
    "qpv_resident",
    "disability_recognised",
    "disability_disclosed",
)


def cohort_list_for_trainer(*, user: User) -> QuerySet[Cohort]:
    if not user.is_authenticated or not user.is_trainer:
        return Cohort.objects.none()
    return Cohort.objects.filter(trainers=user).annotate(graduate_count=Count("graduates"))


def cohort_get_for_trainer(*, user: User, cohort_id: int) -> Cohort:
    cohort = cohort_list_for_trainer(user=user).filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    return cohort


def graduate_list_for_trainer(*, user: User, cohort: Cohort | None = None) -> QuerySet[Graduate]:
    qs = Graduate.objects.filter(cohort__in=cohort_list_for_trainer(user=user))
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    return (
        qs.defer(*ENTRY_CHARACTERISTICS)
        .select_related("cohort")
        .prefetch_related(
            Prefetch("skills", queryset=GraduateSkill.objects.select_related("skill", "confirmed_by"))
        )
        .order_by("last_name", "first_name")
    )


def graduate_get_for_trainer(*, user: User, graduate_id: int) -> Graduate:
    graduate = graduate_list_for_trainer(user=user).filter(pk=graduate_id).first()
    if graduate is None:
        raise Http404
    return graduate
