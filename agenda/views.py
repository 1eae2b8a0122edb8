"""The agenda pages: one's interviews, each as an .ics invitation, and the secret calendar feed."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from backend.core.guards import login_then
from placements.selectors import role_for

from . import ics, selectors, services
from .models import CalendarFeed

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
