"""The agenda pages: one's interviews, each as an .ics invitation, and the secret calendar feed."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from backend.core.exceptions import ApplicationError
from backend.core.guards import login_then, officer_required
from employers.models import Offer
from employers.selectors import employer_for_user
from graduates.models import Graduate
from placements.models import Application
from placements.selectors import role_for

from . import ics, selectors, services
from .forms import BookForOfficerForm, EventForm, RegistrationForm, SlotsForm
from .models import CalendarFeed, EventRegistration

# Graduates, employers' contacts and the school: whoever takes part in an interview.
agenda_required = login_then(
    lambda user: role_for(user) is not None,
    _("Cette page est réservée aux diplômé·es, aux employeurs et à l'équipe de l'école."),
)


def _ics_response(body: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request, *, new_feed_url: str = ""):
    now = timezone.now()
    interviews = selectors.interviews_for_user(user=request.user, now=now)
    upcoming = [i for i in interviews if i.end >= now]
    context = {
        "upcoming": upcoming,
        "has_feed": CalendarFeed.objects.filter(user=request.user).exists(),
        "new_feed_url": new_feed_url,
    }
    return render(request, "agenda/interviews.html", context)


@agenda_required
def interviews(request):
    return _page(request)


@agenda_required
def interview_ics(request, pk: int):
    interview = selectors.interview_for_user(user=request.user, application_id=pk)
    return _ics_response(
        ics.calendar_bytes([interview], name=interview.summary), f"entretien-{pk}.ics", attachment=True
    )


@require_POST
@agenda_required
def feed_create(request):
    token = services.calendar_feed_create(user=request.user)
    url = request.build_absolute_uri(reverse("agenda:feed", kwargs={"token": token}))
    # Shown once, on this answer only: the token is not kept (a redirect would lose it).
    return _page(request, new_feed_url=url)


@require_POST
@agenda_required
def feed_revoke(request):
    if services.calendar_feed_revoke(user=request.user):
        messages.success(
            request, _("L'adresse de votre agenda ne fonctionne plus. Créez-en une nouvelle si besoin.")
        )
    return redirect("agenda:interviews")


@never_cache
def feed(request, token: str):
    """The subscribed calendar: no session, the secret address is the key."""
    user = selectors.calendar_feed_owner(token=token)
    if user is None:
        raise Http404
    CalendarFeed.objects.filter(user=user).update(last_read_at=timezone.now())
    body = ics.calendar_bytes(selectors.interviews_for_user(user=user), name=ics.feed_name())
    return _ics_response(body, "tremplin-entretiens.ics", attachment=False)


# ---------------------------------------------------------------- events


@agenda_required
def events(request):
    return render(
        request,
        "agenda/events.html",
        {"events": selectors.event_list_for_user(user=request.user), "role": role_for(request.user)},
    )


@officer_required
def event_create(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(
                exc.extra.get("field") if exc.extra.get("field") in form.fields else None, exc.message
            )
        else:
            messages.success(request, _("Événement créé : les entreprises partenaires peuvent s'y inscrire."))
            return redirect("agenda:event_detail", pk=event.pk)
    return render(request, "agenda/event_form.html", {"form": form})


def _own_offers(employer):
    return Offer.objects.filter(employer=employer, status=Offer.Status.PUBLISHED).order_by("title")


@agenda_required
def event_detail(request, pk: int):
    event = selectors.event_get_for_user(user=request.user, event_id=pk)
    role = role_for(request.user)
    slots = list(selectors.event_slots(event=event))
    context = {"event": event, "role": role, "past": event.is_past(), "now": timezone.now()}
    if role == "employer":
        employer = employer_for_user(user=request.user)
        registration = EventRegistration.objects.filter(event=event, employer=employer).first()
        context.update(
            registration=registration,
            register_form=RegistrationForm(
                offers=_own_offers(employer),
                initial={"offers": list(registration.offers.all()) if registration else []},
            ),
            slots_form=SlotsForm(
                offers=registration.offers.all() if registration else Offer.objects.none(),
                initial={"first_at": event.starts_at},
            ),
            my_slots=[s for s in slots if registration and s.registration_id == registration.pk],
        )
    elif role == "graduate":
        graduate = Graduate.objects.filter(user=request.user).first()
        my_slots = [s for s in slots if graduate and s.graduate_id == graduate.pk]
        free_slots = [s for s in slots if s.is_free and s.starts_at > timezone.now()]
        _why_not_bookable(graduate, free_slots, my_slots)
        context.update(free_slots=free_slots, my_slots=my_slots)
    else:
        context.update(
            slots=slots,
            registrations=event.registrations.select_related("employer").prefetch_related("offers"),
            meetings=selectors.event_meetings(event=event),
            book_form=BookForOfficerForm(
                graduates=_officer_graduates(),
                slots=selectors.event_slots(event=event).filter(
                    graduate__isnull=True, starts_at__gt=timezone.now()
                ),
            ),
        )
    return render(request, "agenda/event_detail.html", context)


def _why_not_bookable(graduate: Graduate | None, free_slots: list, my_slots: list) -> None:
    """Sets ``slot.not_bookable`` on the free slots the graduate would be refused (``slot_book``'s
    rules), so the page says why instead of a « Réserver » button that answers with an error."""
    if graduate is None:
        for slot in free_slots:
            slot.not_bookable = ""
        return
    open_states = (Application.State.SUGGESTED, Application.State.INTERESTED, Application.State.APPLIED)
    moved_on = dict(
        Application.objects.filter(graduate=graduate, offer_id__in={s.offer_id for s in free_slots})
        .exclude(state__in=open_states)
        .values_list("offer_id", "state")
    )
    labels = dict(Application.State.choices)
    booked_times = {s.starts_at for s in my_slots}
    for slot in free_slots:
        state = moved_on.get(slot.offer_id)
        if state == Application.State.INTERVIEW:
            slot.not_bookable = _("Vous avez déjà un entretien pour cette offre.")
        elif state is not None:
            slot.not_bookable = _("Votre candidature à cette offre est à l'étape « %(s)s ».") % {
                "s": str(labels[state]).lower()
            }
        elif slot.starts_at in booked_times:
            slot.not_bookable = _("Vous avez déjà un entretien à cette heure.")
        else:
            slot.not_bookable = ""


@require_POST
@agenda_required
def event_register(request, pk: int):
    event = selectors.event_get_for_user(user=request.user, event_id=pk)
    employer = employer_for_user(user=request.user)
    form = RegistrationForm(request.POST, offers=_own_offers(employer) if employer else Offer.objects.none())
    if not form.is_valid():
        messages.error(request, _("Choisissez parmi vos offres publiées."))
    else:
        try:
            services.event_register(event=event, by=request.user, offers=list(form.cleaned_data["offers"]))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Inscription enregistrée. Ouvrez maintenant vos créneaux d'entretien.")
            )
    return redirect("agenda:event_detail", pk=event.pk)


@require_POST
@agenda_required
def slots_open(request, pk: int):
    event = selectors.event_get_for_user(user=request.user, event_id=pk)
    employer = employer_for_user(user=request.user)
    registration = (
        EventRegistration.objects.filter(event=event, employer=employer).first() if employer else None
    )
    if registration is None:
        messages.error(request, _("Inscrivez d'abord votre entreprise à cet événement."))
        return redirect("agenda:event_detail", pk=event.pk)
    form = SlotsForm(request.POST, offers=registration.offers.all())
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            opened = services.slots_open(registration=registration, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(n)s créneaux ouverts.") % {"n": len(opened)})
    return redirect("agenda:event_detail", pk=event.pk)


def _officer_graduates():
    return Graduate.objects.filter(user__isnull=False, user__is_active=True).order_by(
        "last_name", "first_name"
    )


@require_POST
@agenda_required
def slot_book(request, pk: int):
    """A graduate books a free slot of the event for themself; an officer picks the slot and the person."""
    event = selectors.event_get_for_user(user=request.user, event_id=pk)
    slots = selectors.event_slots(event=event).filter(graduate__isnull=True)
    if request.user.is_officer:
        form = BookForOfficerForm(request.POST, graduates=_officer_graduates(), slots=slots)
        slot, graduate = (
            (form.cleaned_data["slot"], form.cleaned_data["graduate"]) if form.is_valid() else (None, None)
        )
    else:
        slot = (
            slots.filter(pk=request.POST.get("slot") or 0).first()
            if str(request.POST.get("slot", "")).isdigit()
            else None
        )
        graduate = Graduate.objects.filter(user=request.user).first()
    if slot is None or graduate is None:
        messages.error(
            request, _("Ce créneau n'est plus libre, ou la personne manque : choisissez à nouveau.")
        )
        return redirect("agenda:event_detail", pk=event.pk)
    try:
        booked = services.slot_book(slot=slot, graduate=graduate, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Créneau réservé : entretien le %(d)s à %(h)s. Ajoutez-le à votre agenda avec le fichier .ics.")
            % {
                # As the pages say it (« jeudi 17 décembre 2026 »), in the reader's language.
                "d": date_format(timezone.localtime(booked.starts_at), "l j F Y"),
                "h": time_format(timezone.localtime(booked.starts_at), "H:i"),
            },
        )
    return redirect("agenda:event_detail", pk=event.pk)


@require_POST
@agenda_required
def slot_cancel(request, pk: int):
    """Call off the interview of a booked slot of the event: the graduate her own, the employer one of
    its slots, an officer any; the slot is free again and the candidacy goes on."""
    event = selectors.event_get_for_user(user=request.user, event_id=pk)
    slot_id = str(request.POST.get("slot", ""))
    slot = (
        selectors.slots_for_user(user=request.user, event=event)
        .filter(pk=slot_id, graduate__isnull=False)
        .first()
        if slot_id.isdigit()
        else None
    )
    if slot is None:
        messages.error(request, _("Ce créneau n'est pas réservé, ou pas à votre nom : rien à annuler."))
        return redirect("agenda:event_detail", pk=event.pk)
    try:
        services.slot_cancel(slot=slot, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        when = timezone.localtime(slot.starts_at)
        messages.success(
            request,
            _("Entretien du %(d)s à %(h)s annulé : le créneau est de nouveau libre.")
            % {"d": date_format(when, "l j F Y"), "h": time_format(when, "H:i")},
        )
    return redirect("agenda:event_detail", pk=event.pk)
