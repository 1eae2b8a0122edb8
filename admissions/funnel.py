"""The admissions funnel: does the school reach every social category, and do they go through?

Stages, each counted among the (confirmed) applications of the period (an application counts at a stage when its
log shows the step, so a candidate refused after attending still counts as « réunion suivie »):
applications → information session attended (``attend`` logged) → selected (``admit`` logged) →
trained (enrolled in a cohort whose training and internship have ended, the funder report's end of
training) → employed (a confirmed contract placement —
not an internship, not a return to training — as the funder report counts them). Groups: QPV (the
school's check, the declaration while unchecked), gender, age band on the day of the application (the
funder report's bands) and diploma level.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from graduates.models import Graduate
from placements.reports.charts import format_number, grouped_bar_chart, horizontal_bar_chart
from placements.reports.common import AGE_BANDS, NOT_FILLED, NOT_FILLED_LABEL
from placements.reports.funder import age_band, contract_placements, end_of_training

from .models import Application, ApplicationTransition

STAGES = ["applied", "attended", "selected", "trained", "employed"]


def stage_labels() -> dict[str, str]:
    return {
        "applied": _("Candidatures"),
        "attended": _("Réunion suivie"),
        "selected": _("Admises"),
        "trained": _("Formées"),
        "employed": _("En emploi"),
    }


@dataclass
class FunnelRow:
    label: str
    counts: dict[str, int]

    def share(self, stage: str) -> float | None:
        applied = self.counts["applied"]
        return self.counts[stage] / applied if applied else None


@dataclass
class FunnelGroup:
    title: str
    rows: list[FunnelRow]


@dataclass
class Funnel:
    year: int | None
    total: FunnelRow
    groups: list[FunnelGroup]


def _stages_of(applications: list[Application], today) -> dict[int, set[str]]:
    ids = [a.pk for a in applications]
    logged: dict[int, set[str]] = {pk: {"applied"} for pk in ids}
    for app_id, transition in ApplicationTransition.objects.filter(
        application_id__in=ids, transition__in=("attend", "admit")
    ).values_list("application_id", "transition"):
        logged[app_id].add("attended" if transition == "attend" else "selected")
    graduates = Graduate.objects.filter(admission__in=ids)
    trained = {
        g.admission.pk
        for g in graduates.select_related("cohort", "admission")
        if end_of_training(g.cohort) <= today
    }
    employed = set(
        contract_placements(graduates.filter(admission__in=trained)).values_list(
            "graduate__admission", flat=True
        )
    )
    for pk in trained:
        logged[pk].add("trained")
    for pk in employed:
        logged[pk].add("employed")
    return logged


def _row(label: str, members: list[int], stages: dict[int, set[str]]) -> FunnelRow:
    return FunnelRow(label, {s: sum(s in stages[pk] for pk in members) for s in STAGES})


def _qpv(a: Application) -> str:
    return "yes" if (a.qpv_checked if a.qpv_checked is not None else a.qpv_declared) else "no"


def funnel_build(*, year: int | None = None) -> Funnel:
    # Unconfirmed applications are not counted: their address (so the person) is not proven yet.
    qs = Application.objects.exclude(state=Application.State.PENDING)
    if year:
        qs = qs.filter(created_at__year=year)
    applications = list(qs)
    today = timezone.localdate()
    stages = _stages_of(applications, today)
    specs = [
        (
            _("Quartier prioritaire (QPV)"),
            [("yes", _("Habite un QPV")), ("no", _("Hors QPV"))],
            _qpv,
        ),
        (
            _("Genre"),
            [*Graduate.Gender.choices, ("", NOT_FILLED_LABEL)],
            lambda a: a.gender,
        ),
        (
            _("Âge à la candidature"),
            [b for b in AGE_BANDS if b[0] != NOT_FILLED],
            lambda a: age_band(a.birth_date, timezone.localtime(a.created_at).date()),
        ),
        (
            _("Niveau de diplôme"),
            list(Graduate.DiplomaLevel.choices),
            lambda a: a.diploma_level,
        ),
    ]
    groups = []
    for title, choices, key in specs:
        rows = [
            _row(str(label), [a.pk for a in applications if key(a) == value], stages)
            for value, label in choices
        ]
        groups.append(FunnelGroup(str(title), [r for r in rows if r.counts["applied"]]))
    return Funnel(
        year=year,
        total=_row(_("Toutes les candidatures"), [a.pk for a in applications], stages),
        groups=groups,
    )


def funnel_charts(funnel: Funnel) -> dict:
    """The funnel drawn with the reports' SVG charts (``placements.reports.charts``): the count at each
    stage for every application (``total``), then for each group the share of its applications that
    reached each stage after the first (``groups``, (group, chart) pairs in the funnel's order). Each
    chart spells its values in its description; the page keeps the table of counts under each one."""
    labels = stage_labels()
    charts: dict = {
        "total": horizontal_bar_chart(
            chart_id="chart-funnel",
            title=_("De la candidature à l'emploi (%(n)s candidatures)")
            % {"n": format_number(funnel.total.counts["applied"], 0)},
            bars=[(labels[s], funnel.total.counts[s]) for s in STAGES],
            max_value=None,
            formatter=lambda v: format_number(v, 0),
        )
    }
    later = STAGES[1:]
    groups: list[tuple[FunnelGroup, SafeString]] = []
    for index, group in enumerate(funnel.groups, start=1):
        groups.append(
            (
                group,
                grouped_bar_chart(
                    chart_id=f"chart-funnel-{index}",
                    title=_("%(g)s : part des candidatures arrivées à chaque étape") % {"g": group.title},
                    categories=[f"{row.label} ({row.counts['applied']})" for row in group.rows],
                    series=[(labels[s], [row.share(s) for row in group.rows]) for s in later],
                ),
            )
        )
    charts["groups"] = groups
    return charts


def _table(funnel: Funnel) -> list[list]:
    labels = stage_labels()
    header = [
        _("Groupe"),
        _("Catégorie"),
        *[labels[s] for s in STAGES],
        _("Part admise"),
        _("Part en emploi"),
    ]
    lines = [header]
    for title, rows in [("", [funnel.total]), *[(g.title, g.rows) for g in funnel.groups]]:
        for row in rows:
            selected, employed = row.share("selected"), row.share("employed")
            lines.append(
                [
                    title,
                    row.label,
                    *[row.counts[s] for s in STAGES],
                    None if selected is None else round(selected * 100, 1),
                    None if employed is None else round(employed * 100, 1),
                ]
            )
    return lines


def funnel_csv(funnel: Funnel) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for line in _table(funnel):
        writer.writerow(
            ["" if c is None else str(c).replace(".", ",") if isinstance(c, float) else c for c in line]
        )
    return buffer.getvalue().encode("utf-8-sig")


def funnel_xlsx(funnel: Funnel) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Entonnoir")
    for r, line in enumerate(_table(funnel), start=1):
        for c, value in enumerate(line, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if r == 1:
                cell.font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
