"""The reports as files: the funder report in CSV for French Excel and XLSX (openpyxl), and the curriculum
read in XLSX (one sheet per track and the definitions; ``curriculum_xlsx``).

Both are written from the same tables (``funder_tables``): the CSV puts them one under the other,
the workbook gives the summary its own sheet ("Synthèse") and each breakdown another. The CSV is
what French Excel opens with a double click: UTF-8 with a BOM, ``;`` between fields, decimal comma;
rates are written as numbers of percent ("62,5") in columns or rows whose label ends in "(%)". In
the workbook rates are real numbers (0.625) shown with a percentage format.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .charts import format_number
from .curriculum import CURRICULUM_DEFINITIONS, Curriculum
from .funder import FUNDER_DEFINITIONS, FunderReport

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT_FORMAT = "0.0%"
DAYS_FORMAT = "0.0"
CURRICULUM_PERCENT = "0%"  # the curriculum read's shares, whole percents


@dataclass(frozen=True)
class Pct:
    """A share in [0, 1] (None: nobody to count)."""

    value: float | None


@dataclass(frozen=True)
class Days:
    value: float | None


@dataclass(frozen=True)
class Table:
    title: str
    sheet: str  # the workbook sheet it goes to
    headers: list[str]
    rows: list[list]


def _pct(label) -> str:
    return f"{label} (%)"


def funder_tables(report: FunderReport) -> list[Table]:
    m3, m6 = report.m3, report.m6
    milestones = (m3, m6)
    synthese = _("Synthèse")

    def per_milestone(label, get, *, percent=False):
        cells = [Pct(get(m)) if percent else get(m) for m in milestones]
        return [_pct(label) if percent else str(label), *cells]

    tables = [
        Table(
            title=_("Situation à 3 et 6 mois"),
            sheet=synthese,
            headers=[_("Indicateur"), str(m3.label), str(m6.label)],
            rows=[
                per_milestone(_("Personnes formées"), lambda m: m.trained),
                per_milestone(_("Échéance passée (dénominateur des taux)"), lambda m: m.due),
                per_milestone(_("Suivis validés"), lambda m: m.validated),
                per_milestone(_("Situation inconnue (comptée dans le dénominateur)"), lambda m: m.unknown),
                per_milestone(
                    _("Suivis en attente de validation (non comptés)"), lambda m: m.pending_validation
                ),
                per_milestone(_("Pas encore échu (hors taux)"), lambda m: m.not_yet_due),
                per_milestone(_("En emploi (emploi strict)"), lambda m: m.rates.employment.count),
                per_milestone(_("Taux d'emploi strict"), lambda m: m.rates.employment.value, percent=True),
                per_milestone(_("En sortie positive"), lambda m: m.rates.positive_exit.count),
                per_milestone(
                    _("Taux de sortie positive"), lambda m: m.rates.positive_exit.value, percent=True
                ),
                per_milestone(_("En emploi durable"), lambda m: m.rates.durable.count),
                per_milestone(_("Taux d'emploi durable"), lambda m: m.rates.durable.value, percent=True),
                per_milestone(_("Taux de réponse au suivi"), lambda m: m.followup.value, percent=True),
            ],
        ),
        Table(
            title=_("Autres indicateurs"),
            sheet=synthese,
            headers=[_("Indicateur"), _("Valeur"), _("Sur")],
            rows=[
                [
                    _pct(_("Embauches chez un employeur partenaire")),
                    Pct(report.partner_hires.value),
                    _("%(n)s contrats chez un employeur inscrit") % {"n": report.partner_hires.total},
                ],
                [
                    _("Délai médian d'accès au premier contrat (jours)"),
                    Days(report.first_contract_median_days),
                    _("%(n)s personnes avec un contrat") % {"n": report.first_contract_count},
                ],
                [
                    _pct(_("Taux de réponse au suivi (3 et 6 mois)")),
                    Pct(report.followup.value),
                    _("%(n)s suivis échus") % {"n": report.followup.total},
                ],
            ],
        ),
        Table(
            title=_("Situation détaillée par type de contrat"),
            sheet=_("Situations"),
            headers=[
                _("Situation"),
                _("Nombre à 3 mois"),
                _pct(_("Part à 3 mois")),
                _("Nombre à 6 mois"),
                _pct(_("Part à 6 mois")),
            ],
            rows=[
                [str(row3.label), row3.count, Pct(row3.share.value), row6.count, Pct(row6.share.value)]
                for row3, row6 in zip(m3.outcomes, m6.outcomes, strict=True)
            ],
        ),
    ]
    for breakdown in report.breakdowns:
        tables.append(
            Table(
                title=str(breakdown.title),
                sheet=_sheet_name(breakdown.key),
                headers=[
                    _("Groupe"),
                    _("Effectif"),
                    _pct(_("Emploi strict à 3 mois")),
                    _pct(_("Sortie positive à 3 mois")),
                    _pct(_("Emploi strict à 6 mois")),
                    _pct(_("Sortie positive à 6 mois")),
                ],
                rows=[
                    [
                        str(row.label),
                        row.n,
                        Pct(row.m3.employment.value),
                        Pct(row.m3.positive_exit.value),
                        Pct(row.m6.employment.value),
                        Pct(row.m6.positive_exit.value),
                    ]
                    for row in breakdown.rows
                ],
            )
        )
    tables.append(
        Table(
            title=_("Définitions"),
            sheet=_("Définitions"),
            headers=[_("Indicateur"), _("Définition")],
            rows=[[str(term), str(text)] for term, text in FUNDER_DEFINITIONS],
        )
    )
    return tables


def _sheet_name(key: str) -> str:
    # Short names: Excel caps sheet names at 31 characters.
    return {
        "gender": _("Genre"),
        "age": _("Âge"),
        "diploma": _("Diplôme"),
        "entry": _("Situation à l'entrée"),
        "qpv": _("QPV"),
    }[key][:31]


def _heading(report: FunderReport) -> list[list[str]]:
    scope = _("Promotion") if report.scope == "cohort" else _("Promotions")
    return [
        [_("Rapport Tremplin"), report.title],
        [scope, ", ".join(report.cohorts)],
        [_("Situation au"), report.as_of.isoformat()],  # exports stay ISO 8601
    ]


# --- CSV -----------------------------------------------------------------------------------------


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    """Text a spreadsheet must not run: a cell typed by someone (a cohort or employer name) that
    starts like a formula gets a leading apostrophe (OWASP's advice for CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Pct):
        return "" if value.value is None else format_number(value.value * 100, 1).replace("\u202f", "")
    if isinstance(value, Days):
        if value.value is None:
            return ""
        return format_number(int(value.value) if value.value.is_integer() else value.value, 1)
    if isinstance(value, int | float):
        return format_number(value, 1).replace("\u202f", "")
    return _csv_text(str(value))


def funder_csv(report: FunderReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([[_csv_cell(c) for c in line] for line in _heading(report)])
    for table in funder_tables(report):
        writer.writerow([])
        writer.writerow([_csv_cell(table.title)])
        writer.writerow([_csv_cell(h) for h in table.headers])
        writer.writerows([_csv_cell(c) for c in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


# --- XLSX ----------------------------------------------------------------------------------------


def _xlsx_cell(ws, row: int, column: int, value) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Pct):
        cell.value = value.value
        cell.number_format = PERCENT_FORMAT
    elif isinstance(value, Days):
        cell.value = value.value
        cell.number_format = DAYS_FORMAT
    else:
        _xlsx_text(cell, value)


def _xlsx_text(cell, value) -> None:
    """Strings stay strings: openpyxl would store "=…" typed by someone as a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def funder_xlsx(report: FunderReport) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {}
    bold = Font(bold=True)
    for table in funder_tables(report):
        ws = sheets.get(table.sheet)
        if ws is None:
            ws = sheets[table.sheet] = workbook.create_sheet(table.sheet)
            for r, line in enumerate(_heading(report), start=1):
                for c, value in enumerate(line, start=1):
                    cell = ws.cell(row=r, column=c)
                    _xlsx_text(cell, value)
                    cell.font = bold if c == 1 else Font()
            ws.column_dimensions["A"].width = 52
            for c in range(2, 7):
                ws.column_dimensions[get_column_letter(c)].width = 22
        row = ws.max_row + 2
        ws.cell(row=row, column=1, value=table.title).font = Font(bold=True, size=12)
        row += 1
        for c, header in enumerate(table.headers, start=1):
            cell = ws.cell(row=row, column=c, value=header)
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for line in table.rows:
            row += 1
            for c, value in enumerate(line, start=1):
                _xlsx_cell(ws, row, c, value)
    if _("Définitions") in sheets:
        ws = sheets[_("Définitions")]
        ws.column_dimensions["B"].width = 100
        for (cell,) in ws.iter_rows(min_col=2, max_col=2):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- HTTP ----------------------------------------------------------------------------------------


def export_filename(report: FunderReport, extension: str) -> str:
    return f"rapport-tremplin-{report.slug}-{report.as_of.isoformat()}.{extension}"


def funder_export_response(report: FunderReport, fmt: str) -> HttpResponse:
    """The report as a download: ``fmt`` is "csv" or "xlsx"."""
    if fmt == "csv":
        response = HttpResponse(funder_csv(report), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(funder_xlsx(report), content_type=XLSX_TYPE)
    else:
        raise ValueError(fmt)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(report, fmt)}"'
    return response


# --- the curriculum read ---------------------------------------------------------------------------


def curriculum_xlsx(reads: list[Curriculum]) -> bytes:
    """One sheet per track (skills × months, shares, direction, who holds them), and the definitions."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for read in reads:
        ws = workbook.create_sheet(read.track_label[:31].replace("/", "-"))
        _xlsx_text(ws.cell(row=1, column=1), read.track_label)
        ws.cell(row=1, column=1).font = Font(bold=True, size=12)
        _xlsx_text(
            ws.cell(row=2, column=1),
            _(
                "Fiches ROME %(codes)s · au %(date)s · promotion en cours : %(cohort)s (%(n)s) · en emploi %(y)s : %(h)s"
            )
            % {
                "codes": ", ".join(read.rome_codes),
                "date": read.as_of.isoformat(),
                "cohort": read.cohort_name or "—",
                "n": read.cohort_size,
                "y": read.hired_year,
                "h": read.hired_size,
            },
        )
        months = [m.strftime("%m/%Y") for m in read.months]
        headers = [
            _("Compétence"),
            *months,
            _("6 mois d'avant"),
            _("6 derniers mois"),
            _("Part avant"),
            _("Part récente"),
            "z",
            _("Tendance"),
            _("Promotion en cours"),
            _("Diplômé·es en emploi"),
        ]
        for c, header in enumerate(headers, start=1):
            cell = ws.cell(row=4, column=c, value=header)
            cell.font = bold
        row = 5
        _xlsx_text(ws.cell(row=row, column=1), _("Offres de la région (toutes)"))
        for c, n in enumerate(read.offers_per_month, start=2):
            ws.cell(row=row, column=c, value=n)
        ws.cell(row=row, column=len(months) + 2, value=read.earlier_offers)
        ws.cell(row=row, column=len(months) + 3, value=read.recent_offers)
        for skill in read.skills:
            row += 1
            values = [
                skill.label,
                *skill.monthly,
                skill.earlier,
                skill.recent,
                skill.earlier_share,
                skill.recent_share,
                round(skill.z, 2),
                str(skill.direction_label()),
                skill.cohort_holders,
                skill.hired_holders,
            ]
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=c)
                _xlsx_text(cell, value)
                if c in (len(months) + 4, len(months) + 5):
                    cell.number_format = CURRICULUM_PERCENT
        ws.column_dimensions["A"].width = 40
        for c in range(2, len(headers) + 1):
            ws.column_dimensions[get_column_letter(c)].width = 12
        ws.freeze_panes = "B5"
    ws = workbook.create_sheet(_("Définitions"))
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 110
    for r, (term, text) in enumerate(CURRICULUM_DEFINITIONS, start=1):
        _xlsx_text(ws.cell(row=r, column=1), str(term))
        ws.cell(row=r, column=1).font = bold
        _xlsx_text(ws.cell(row=r, column=2), str(text))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
