"""Every page of every role, built from the URL configuration and the demo region's rows.

The accessibility, phone-width and no-raw-codes tests walk the same list: each named route outside
/api/ and /admin/, with its ids filled from the demo seed (`demo.seed`) for the role that
may open it, kept when a signed-in GET answers a full HTML page (200). A route with arguments that
is neither filled here nor listed in ``NOT_PAGES`` fails ``unclassified_routes()``: a new page
joins the checks, or says why it is not a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from admissions.models import Application as Admission
from admissions.models import InformationSession
from agenda.models import Event
from backend.accounts.models import User
from backend.core.tokens import token_digest
from demo import data
from demo.graduates import TRAINER_EMAILS
from employers.models import Employer, Offer, Partnership
from graduates.models import Cohort, Graduate, Project
from internships.selectors import agreement_list_for
from placements.models import Application, OutcomeCheck, Placement

ROLES = ("anonymous", "employer", "graduate", "officer", "admin", "trainer")
EMAILS = {
    "trainer": TRAINER_EMAILS[0],
    "employer": data.EMPLOYER_EMAIL,
    "graduate": data.GRADUATE_EMAIL,
    "officer": data.OFFICER_EMAIL,
    "admin": data.ADMIN_EMAIL,
}
PASSWORD = data.DEMO_PASSWORD

# Routes that are no page to look at, and why (POST-only actions, downloads, fragments, redirects).
NOT_PAGES = {
    "healthz": "JSON for the load balancer",
    "set_language": "POST: switches the language",
    "accounts:logout": "POST: signs out",
    "accounts:token_regenerate": "POST",
    "accounts:token_revoke": "POST",
    "geo:commune_suggestions": "HTML fragment for the commune field",
    "taxonomy:appellation_suggestions": "HTML fragment for the job title field",
    "taxonomy:skill_suggestions": "HTML fragment for the skill field",
    "taxonomy:term_candidate_decide": "POST",
    "employers:colleague_invite": "POST",
    "employers:offer_action": "POST",
    "employers:offer_fact": "POST",
    "employers:offer_import_template": "CSV download",
    "employers:offer_moderate": "POST",
    "employers:offer_code_rome": "POST",
    "employers:employer_review": "POST",
    "employers:interaction_create": "POST",
    "employers:contact_invite": "POST",
    "employers:prospect_convert": "POST",
    "placements:curriculum_export": "XLSX download",
    "territory:prospect_add": "POST",
    "graduates:cv_upload": "POST",
    "graduates:cv_delete": "POST",
    "graduates:cv_download": "PDF download",
    "graduates:skill_add": "POST",
    "graduates:skill_action": "POST",
    "graduates:project_delete": "POST",
    "graduates:visibility": "POST",
    "graduates:export": "JSON download",
    "graduates:cohort_import_template": "CSV download",
    "graduates:cohort_invite": "POST",
    "graduates:graduate_invite": "POST",
    "graduates:skill_confirm": "POST",
    "graduates:officer_graduate_cv": "PDF download",
    "graduates:erasure_decide": "POST",
    "graduates:trainer_skill_confirm": "POST",
    "matching:offer_text_preview": "HTML fragment of the live reading",
    "matching:suggestion_feedback": "POST",
    "placements:application_action": "POST",
    "placements:interview_reschedule": "POST",
    "placements:application_cv": "PDF download",
    "agenda:interview_ics": "iCal download",
    "agenda:feed": "iCal feed at a secret address, for calendar applications",
    "agenda:feed_create": "POST",
    "agenda:feed_revoke": "POST",
    "agenda:event_register": "POST",
    "agenda:slots_open": "POST",
    "agenda:slot_book": "POST",
    "agenda:slot_cancel": "POST",
    "accounts:activate": "one-time sign-up link: signs in and redirects home",
    "admissions:follow_confirm": "POST",
    "admissions:follow_book": "POST",
    "admissions:follow_withdraw": "POST",
    "admissions:follow_erase": "POST",
    "admissions:follow_ics": "iCal download",
    "admissions:staff_assess": "POST",
    "admissions:staff_decide": "POST",
    "admissions:staff_book": "POST",
    "admissions:staff_enrol": "POST",
    "admissions:session_attend": "POST",
    "accounts:invitation_accept": "one-time token sent by e-mail (its form is the account form)",
    "internships:check": "POST",
    "internships:sign": "POST",
    "internships:start": "POST",
    "internships:end": "POST",
    "internships:cancel": "POST",
    "internships:amend": "POST",
    "internships:pdf": "PDF download",
}


@dataclass(frozen=True)
class Page:
    role: str
    name: str
    url: str


def _walk(patterns, namespace: str = "", prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), list(pattern.pattern.regex.groupindex)


def site_routes() -> list[tuple[str, list[str]]]:
    """(route name, argument names) of every named route outside the API and the admin."""
    seen: dict[str, list[str]] = {}
    for name, route, args in _walk(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/", "i18n/")) or name in seen:
            continue
        seen[name] = args
    return sorted(seen.items())


# ------------------------------------------------------------------ ids from the demo region, per role


def _employer() -> Employer:
    return Employer.objects.get(contacts__user__email=data.EMPLOYER_EMAIL)


def _own_offer() -> Offer:
    return Offer.objects.filter(employer=_employer(), status=Offer.Status.PUBLISHED).order_by("pk").first()


def _published() -> Offer:
    return Offer.objects.filter(status=Offer.Status.PUBLISHED).order_by("pk").first()


def _graduate() -> Graduate:
    return Graduate.objects.get(user__email=data.GRADUATE_EMAIL)


def _cohort() -> Cohort:
    return _graduate().cohort


def _officers(role: str) -> bool:
    return role in ("officer", "admin")


def _pk(obj) -> dict | None:
    return {"pk": obj.pk} if obj is not None else None


def _application(role: str) -> Application | None:
    apps = Application.objects.order_by("pk")
    if role == "graduate":
        return apps.filter(graduate=_graduate()).first()
    if role == "employer":
        return apps.filter(offer__employer=_employer()).first()
    return apps.first() if _officers(role) else None


def _placement(role: str) -> Placement | None:
    placements = Placement.objects.order_by("pk")
    if role == "graduate":
        return placements.filter(graduate=_graduate()).first()
    if role == "employer":
        return placements.filter(employer=_employer()).first()
    return placements.first() if _officers(role) else None


def _outcome_token(role: str) -> dict | None:
    if role != "anonymous":
        return None
    check = OutcomeCheck.objects.filter(validated_at__isnull=True).order_by("pk").first()
    if check is None:
        return None
    token = check.new_form_token()
    check.save(update_fields=["form_token_hash"])
    return {"token": token}


def _reset_link(role: str) -> dict | None:
    if role != "anonymous":
        return None
    user = User.objects.get(email=data.GRADUATE_EMAIL)
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _partnership(role: str) -> dict | None:
    partnership = Partnership.objects.order_by("pk").first() if _officers(role) else None
    if partnership is None:
        return None
    return {"pk": partnership.employer_id, "partnership_pk": partnership.pk}


def _taught(role: str) -> Cohort | None:
    if role != "trainer":
        return None
    return Cohort.objects.filter(trainers__email=EMAILS["trainer"]).order_by("pk").first()


def _taught_graduate(role: str) -> Graduate | None:
    cohort = _taught(role)
    return cohort.graduates.order_by("pk").first() if cohort else None


def _event(role: str) -> dict | None:
    if role not in ("employer", "graduate", "officer", "admin"):
        return None
    return _pk(Event.objects.order_by("-starts_at", "-pk").first())


def _admission_link(role: str) -> dict | None:
    """A candidate's private page: the demo keeps no token, so the first candidate gets a new one."""
    if role != "anonymous":
        return None
    admission = Admission.objects.filter(state=Admission.State.SUBMITTED).order_by("pk").first()
    if admission is None:
        return None
    token = Admission.new_token()
    Admission.objects.filter(pk=admission.pk).update(token_hash=token_digest(token))
    return {"token": token}


def _agreement(role: str) -> dict | None:
    """The first internship agreement the role's demo account is a party to (the demo graduate has none)."""
    if role not in ("employer", "graduate", "officer", "admin"):
        return None
    return _pk(agreement_list_for(user=User.objects.get(email=EMAILS[role])).first())


def _school(role: str) -> bool:
    return role in ("officer", "admin", "trainer")


ARGS: dict[str, Callable[[str], dict | None]] = {
    "admissions:follow": _admission_link,
    "admissions:staff_detail": lambda role: (
        _pk(Admission.objects.filter(state=Admission.State.ADMITTED).order_by("pk").first())
        if _school(role)
        else None
    ),
    "admissions:session_detail": lambda role: (
        _pk(InformationSession.objects.order_by("starts_at", "pk").first()) if _school(role) else None
    ),
    "agenda:event_detail": _event,
    "internships:detail": _agreement,
    "internships:edit": _agreement,
    "internships:evaluation": _agreement,
    "internships:report": _agreement,
    "graduates:trainer_cohort": lambda role: _pk(_taught(role)),
    "graduates:trainer_graduate": lambda role: _pk(_taught_graduate(role)),
    "accounts:password_reset_confirm": _reset_link,
    "offers:detail": lambda role: _pk(_published()),
    "employers:offer_manage": lambda role: _pk(_own_offer()) if role == "employer" else None,
    "employers:offer_edit": lambda role: _pk(_own_offer()) if role == "employer" else None,
    "employers:employer_detail": lambda role: _pk(_employer()) if _officers(role) else None,
    "employers:partnership_create": lambda role: _pk(_employer()) if _officers(role) else None,
    "employers:partnership_edit": _partnership,
    "graduates:project_edit": lambda role: (
        _pk(Project.objects.filter(graduate=_graduate()).first()) if role == "graduate" else None
    ),
    "graduates:cohort_board": lambda role: _pk(_cohort()) if _officers(role) else None,
    "graduates:cohort_edit": lambda role: _pk(_cohort()) if _officers(role) else None,
    "graduates:cohort_import": lambda role: _pk(_cohort()) if _officers(role) else None,
    "graduates:officer_graduate": lambda role: _pk(_graduate()) if _officers(role) else None,
    "graduates:employer_detail": lambda role: _pk(_graduate()) if role == "employer" else None,
    "matching:offer_shortlist": lambda role: _pk(_own_offer()) if role in ("employer", "officer") else None,
    "matching:cohort_matching": lambda role: _pk(_cohort()) if _officers(role) else None,
    "matching:officer_suggestions": lambda role: _pk(_graduate()) if _officers(role) else None,
    "placements:application_detail": lambda role: _pk(_application(role)),
    "placements:apply": lambda role: {"offer_id": _published().pk} if role == "graduate" else None,
    "placements:propose": lambda role: {"offer_id": _published().pk} if _officers(role) else None,
    "placements:placement_confirm": lambda role: _pk(_placement(role)),
    "placements:outcome_edit": lambda role: (
        _pk(OutcomeCheck.objects.order_by("pk").first()) if _officers(role) else None
    ),
    "placements:outcome_form": _outcome_token,
    "placements:report_cohort": lambda role: {"cohort_id": _cohort().pk} if _officers(role) else None,
    "placements:report_year": lambda role: {"year": date.today().year} if _officers(role) else None,
}


def unclassified_routes() -> list[str]:
    """Routes with arguments that this module neither fills nor declares not to be a page."""
    return [name for name, args in site_routes() if args and name not in ARGS and name not in NOT_PAGES]


def client_for(role: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    if role != "anonymous":
        client.force_login(User.objects.get(email=EMAILS[role]))
    return client


def pages_for(role: str, client: Client | None = None) -> list[Page]:
    """The pages ``role`` can open: every route it may GET as a full HTML page (200)."""
    client = client or client_for(role)
    pages = []
    for name, args in site_routes():
        if name in NOT_PAGES or (args and name not in ARGS):
            continue  # unclassified routes fail their own test (test_every_route_is_classified)
        kwargs = ARGS[name](role) if args else {}
        if kwargs is None:
            continue
        url = reverse(name, kwargs=kwargs)
        response = client.get(url, follow=name == "accounts:password_reset_confirm")
        content_type = response.get("Content-Type", "")
        if (
            response.status_code == 200
            and content_type.startswith("text/html")
            and b"<html" in response.content
        ):
            pages.append(Page(role=role, name=name, url=url))
    return pages
