"""The curriculum read from the region (issue #14): the page per track, and its XLSX for the curriculum team."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from backend.core.guards import officer_required
from graduates.models import Cohort

from ..reports.curriculum import CURRICULUM_DEFINITIONS, curriculum_read, curriculum_reads
from ..reports.exports import XLSX_TYPE, curriculum_xlsx


@officer_required
def curriculum(request):
    track = request.GET.get("parcours") or Cohort.Track.WEB_MOBILE
    if track not in Cohort.Track.values:
        raise Http404
    return render(
        request,
        "placements/reports/curriculum.html",
        {
            "read": curriculum_read(track=track),
            "tracks": Cohort.Track.choices,
            "definitions": CURRICULUM_DEFINITIONS,
        },
    )


@officer_required
def curriculum_export(request):
    reads = curriculum_reads()
    response = HttpResponse(curriculum_xlsx(reads), content_type=XLSX_TYPE)
    as_of = reads[0].as_of.isoformat() if reads else "vide"
    response["Content-Disposition"] = f'attachment; filename="programme-tremplin-{as_of}.xlsx"'
    return response
