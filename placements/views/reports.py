"""The school's report pages: the funder report (per cohort, per year, with CSV / XLSX downloads),
skills demand vs supply for the curriculum team, and the partners' follow-up. Officers only."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from backend.core.guards import officer_required
from backend.taxonomy.models import Occupation
from graduates.models import Cohort

from .. import reports
from ..reports.charts import format_days, funder_report_charts, skills_demand_charts
from ..reports.exports import funder_export_response

EXPORT_FORMATS = ("csv", "xlsx")


@officer_required
def index(request):
    cohorts = Cohort.objects.annotate(size=Count("graduates")).order_by("-training_end", "name")
    return render(
        request,
        "placements/reports/index.html",
        {"cohorts": cohorts, "years": reports.report_years()},
    )


def _funder_page(request, report: reports.FunderReport):
    fmt = request.GET.get("format", "")
    if fmt in EXPORT_FORMATS:
        return funder_export_response(report, fmt)
    return render(
        request,
        "placements/reports/funder.html",
        {
            "report": report,
            "charts": funder_report_charts(report),
            "situation_rows": list(zip(report.m3.outcomes, report.m6.outcomes, strict=True)),
            "median_days": format_days(report.first_contract_median_days),
            "definitions": reports.FUNDER_DEFINITIONS,
        },
    )


@officer_required
def cohort_report(request, cohort_id: int):
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    return _funder_page(request, reports.funder_report_for_cohort(cohort=cohort))


@officer_required
def year_report(request, year: int):
    if not (2000 <= year <= 2100) or not Cohort.objects.filter(training_end__year=year).exists():
        raise Http404(_("Aucune promotion n'a terminé sa formation cette année-là."))
    return _funder_page(request, reports.funder_report_for_year(year=year))


def skills_filters(params, *, default_to_latest: bool):
    """The cohort and ROME occupation asked for in ``params``; unknown values are a 404.

    Without a ``cohort`` parameter at all, the page compares with the latest cohort; an empty one
    means "no cohort" (demand only)."""
    cohort = occupation = None
    raw_cohort = params.get("cohort")
    if raw_cohort is None and default_to_latest:
        cohort = Cohort.objects.order_by("-training_start", "name").first()
    elif raw_cohort:
        if not (raw_cohort.isascii() and raw_cohort.isdigit()):
            raise Http404
        cohort = get_object_or_404(Cohort, pk=int(raw_cohort))
    code = (params.get("occupation") or "").strip().upper()
    if code:
        occupation = get_object_or_404(Occupation, pk=code)
    return cohort, occupation


@officer_required
def skills_demand(request):
    cohort, occupation = skills_filters(request.GET, default_to_latest=True)
    demand = reports.skills_demand(cohort=cohort, occupation=occupation)
    return render(
        request,
        "placements/reports/skills.html",
        {
            "demand": demand,
            "charts": skills_demand_charts(demand),
            "cohorts": Cohort.objects.order_by("-training_start", "name"),
            "occupations": reports.occupations_with_open_offers(),
            "selected_cohort": cohort.pk if cohort else None,
            "selected_occupation": occupation.code if occupation else "",
            "definitions": reports.SKILLS_DEFINITIONS,
        },
    )


@officer_required
def partners(request):
    return render(
        request,
        "placements/reports/partners.html",
        {
            "followup": reports.partners_followup(),
            "silence_days": reports.PARTNER_SILENCE_DAYS,
            "definitions": reports.PARTNER_DEFINITIONS,
        },
    )
