"""Import a cohort's graduates from a CSV or XLSX file, all or nothing, with a per-line error report.

Columns (French, as the school's spreadsheets have them): nom, prénom, e-mail, commune, date de
naissance, genre, niveau de diplôme, situation à l'entrée, QPV, RQTH. Every line is checked first;
if any is wrong nothing is created and every error is reported with its line number (header = 1).
An unknown column is an error too: a shifted or extra column in Excel is how data goes to the wrong
field unnoticed.
"""

import csv
import io
import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError
from backend.core.imports import (
    ImportReport,
    LineError,
    decode_spreadsheet_text,
    looks_binary,
    shorten,
    upload_bytes,
    xlsx_within_bounds,
)
from backend.core.services import require_officer
from backend.core.text import fold
from backend.geo.selectors import commune_resolve

from .models import Cohort, Graduate

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 200

COLUMNS = {
    "nom": "last_name",
    "prenom": "first_name",
    "e mail": "email",
    "commune": "commune",
    "date de naissance": "birth_date",
    "genre": "gender",
    "niveau de diplome": "diploma_level",
    "situation a l entree": "entry_situation",
    "qpv": "qpv_resident",
    "rqth": "disability_recognised",
}
ALIASES = {
    "email": "e mail",
    "courriel": "e mail",
    "adresse e mail": "e mail",
    "naissance": "date de naissance",
    "date naissance": "date de naissance",
    "sexe": "genre",
    "diplome": "niveau de diplome",
    "niveau": "niveau de diplome",
    "situation": "situation a l entree",
    "situation entree": "situation a l entree",
    "resident qpv": "qpv",
    "handicap": "rqth",
    "ville": "commune",
}
REQUIRED = ["nom", "prenom", "e mail"]
HEADER_LABELS = {
    "nom": "nom",
    "prenom": "prénom",
    "e mail": "e-mail",
    "commune": "commune",
    "date de naissance": "date de naissance",
    "genre": "genre",
    "niveau de diplome": "niveau de diplôme",
    "situation a l entree": "situation à l'entrée",
    "qpv": "QPV",
    "rqth": "RQTH",
}

GENDERS = {"f": "F", "femme": "F", "m": "M", "h": "M", "homme": "M", "x": "X", "autre": "X", "": ""}
DIPLOMAS = {
    "": "",
    "sans diplome": "none",
    "aucun": "none",
    "infra 3": "none",
    "3": "3",
    "niveau 3": "3",
    "cap": "3",
    "bep": "3",
    "4": "4",
    "niveau 4": "4",
    "bac": "4",
    "5": "5",
    "niveau 5": "5",
    "bac+2": "5",
    "bac 2": "5",
}
SITUATIONS = {
    "": "",
    "neet": "neet",
    "demandeur d emploi": "jobseeker",
    "demandeuse d emploi": "jobseeker",
    "de": "jobseeker",
    "inactif": "inactive",
    "inactive": "inactive",
}
YES = {"oui", "o", "yes", "1", "x", "vrai"}
NO = {"non", "n", "no", "0", "", "faux"}


def _read_bytes(file) -> bytes:
    return upload_bytes(file, max_bytes=MAX_BYTES)


def _rows_from_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    if not xlsx_within_bounds(data):
        raise ApplicationError(
            _(
                "Ce classeur est anormalement volumineux une fois décompressé : enregistrez-le en CSV et réessayez."
            )
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors on broken files
        raise ApplicationError(_("Ce fichier Excel est illisible : réenregistrez-le au format .xlsx ou CSV."))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    workbook.close()
    return rows


def _rows_from_csv(data: bytes) -> list[list]:
    # latin-1 never fails: the rare bytes Windows-1252 leaves undefined still read as something.
    if looks_binary(data):
        raise ApplicationError(
            _(
                "Ce fichier n'est pas un tableau CSV ou Excel : exportez la liste depuis votre tableur (.csv ou .xlsx)."
            )
        )
    text = decode_spreadsheet_text(data) or data.decode("latin-1")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    # newline="" lets the csv module read line ends itself: a bare CR (old Mac exports) ends a line.
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ApplicationError(
            _(
                "Ce fichier CSV est mal formé (guillemets ou fins de ligne) : réenregistrez-le depuis votre tableur."
            )
        ) from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# The shapes _parse_date reads: a value of one of them that still fails names a day that does not exist.
_DATE_SHAPE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2}")


def _parse_date(text: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def rows_read(*, data: bytes, filename: str = "") -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise ApplicationError(_("Le fichier dépasse 2 Mo."))
    if data.startswith(b"PK\x03\x04"):
        rows = _rows_from_xlsx(data)
    elif filename.lower().endswith((".xlsx", ".xls")):
        raise ApplicationError(
            _("Ce fichier n'est pas un classeur Excel .xlsx valide (les anciens .xls ne sont pas lus).")
        )
    else:
        rows = _rows_from_csv(data)
    rows = [[_cell(c) for c in row] for row in rows]
    # Excel keeps trailing empty rows and columns after a deletion.
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def graduates_import(*, cohort: Cohort, by: User, file, filename: str = "") -> ImportReport:
    """Check every line, then create all graduates in one transaction — or none."""
    require_officer(by)
    report = ImportReport()
    try:
        rows = rows_read(data=_read_bytes(file), filename=filename or getattr(file, "name", ""))
    except ApplicationError as exc:
        report.errors.append(LineError(0, "", exc.message))
        return report
    if not rows:
        report.errors.append(LineError(0, "", _("Le fichier est vide.")))
        return report
    header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    keys: list[str | None] = []
    for position, raw in enumerate(header, start=1):
        raw = shorten(raw)
        key = fold(raw).replace("-", " ")
        key = ALIASES.get(key, key)
        if key not in COLUMNS:
            report.errors.append(
                LineError(
                    1,
                    raw or f"n°{position}",
                    _(
                        "Colonne inconnue « %(c)s » : colonnes attendues %(cols)s. Supprimez les colonnes en trop."
                    )
                    % {"c": raw or f"n°{position}", "cols": ", ".join(HEADER_LABELS.values())},
                )
            )
            keys.append(None)
        elif key in keys:
            report.errors.append(LineError(1, raw, _("Colonne « %(c)s » en double.") % {"c": raw}))
            keys.append(None)
        else:
            keys.append(key)
    for required in REQUIRED:
        if required not in keys:
            report.errors.append(
                LineError(
                    1,
                    HEADER_LABELS[required],
                    _("Colonne obligatoire manquante : %(c)s.") % {"c": HEADER_LABELS[required]},
                )
            )
    data_rows = rows[1:]
    if len(data_rows) > MAX_ROWS:
        report.errors.append(LineError(0, "", _("%(n)s lignes au plus par fichier.") % {"n": MAX_ROWS}))
    if report.errors:
        return report

    existing = {e.lower() for e in Graduate.objects.values_list("email", flat=True)}
    existing_users = {
        e.lower() for e in User.objects.exclude(role=User.Role.GRADUATE).values_list("email", flat=True)
    }
    seen: dict[str, int] = {}
    candidates: list[Graduate] = []
    for number, row in enumerate(data_rows, start=2):
        if not any(row):
            continue
        report.lines += 1
        if len(row) > len(keys) and any(row[len(keys) :]):
            report.errors.append(
                LineError(
                    number,
                    "",
                    _("Cette ligne a des valeurs au-delà des colonnes de l'en-tête : colonne en trop ?"),
                )
            )
            continue
        values = {key: (row[i] if i < len(row) else "") for i, key in enumerate(keys) if key}
        graduate = Graduate(cohort=cohort)
        line_errors = _parse_line(number, values, graduate)
        email = graduate.email
        if email and not any(e.field == HEADER_LABELS["e mail"] for e in line_errors):
            if email in seen:
                line_errors.append(
                    LineError(
                        number, "e-mail", _("%(e)s figure déjà ligne %(l)s.") % {"e": email, "l": seen[email]}
                    )
                )
            elif email in existing:
                line_errors.append(
                    LineError(
                        number, "e-mail", _("%(e)s est déjà inscrit·e dans une promotion.") % {"e": email}
                    )
                )
            elif email in existing_users:
                line_errors.append(
                    LineError(
                        number,
                        "e-mail",
                        _("%(e)s est l'adresse d'un compte employeur ou école.") % {"e": email},
                    )
                )
            seen.setdefault(email, number)
        report.errors.extend(line_errors)
        candidates.append(graduate)
    if report.lines == 0 and not report.errors:
        report.errors.append(LineError(0, "", _("Aucune ligne de diplômé·e sous l'en-tête.")))
    if report.errors:
        return report
    with transaction.atomic():
        report.created = Graduate.objects.bulk_create(candidates)
        for graduate in report.created:
            graduate.content_hash = ""
        audit_log(actor=by, action="cohort.graduates_imported", target=cohort, count=len(report.created))
    return report


def _parse_line(number: int, values: dict[str, str], graduate: Graduate) -> list[LineError]:
    errors: list[LineError] = []

    def err(key: str, message: str) -> None:
        errors.append(LineError(number, HEADER_LABELS[key], message))

    graduate.last_name = values.get("nom", "")[:150]
    graduate.first_name = values.get("prenom", "")[:150]
    if not graduate.last_name:
        err("nom", _("Le nom est obligatoire."))
    if not graduate.first_name:
        err("prenom", _("Le prénom est obligatoire."))
    email = values.get("e mail", "").strip().lower()
    try:
        validate_email(email)
        graduate.email = email
    except ValidationError:
        err(
            "e mail",
            _("« %(e)s » n'est pas une adresse e-mail valide.") % {"e": email}
            if email
            else _("L'e-mail est obligatoire."),
        )
    commune_text = values.get("commune", "")
    if commune_text:
        commune = commune_resolve(text=commune_text)
        if commune is None:
            err(
                "commune",
                _("Commune « %(c)s » introuvable : écrivez son nom exact ou son code postal.")
                % {"c": commune_text},
            )
        else:
            graduate.commune = commune
    birth = values.get("date de naissance", "")
    if birth:
        try:
            graduate.birth_date = _parse_date(birth)
            age = (date.today() - graduate.birth_date).days / 365.25
            if not 15 <= age <= 70:
                err("date de naissance", _("Date de naissance « %(d)s » peu plausible.") % {"d": birth})
        except ValueError:
            if _DATE_SHAPE.fullmatch(birth.strip()):
                err(
                    "date de naissance",
                    _("La date « %(d)s » n'existe pas dans le calendrier : vérifiez le jour et le mois.")
                    % {"d": shorten(birth)},
                )
            else:
                err(
                    "date de naissance",
                    _("Date « %(d)s » incomprise : écrivez JJ/MM/AAAA.") % {"d": shorten(birth)},
                )
    for key, table, attr, expected in (
        ("genre", GENDERS, "gender", "F, M ou X"),
        ("niveau de diplome", DIPLOMAS, "diploma_level", "sans diplôme, 3, 4 ou 5"),
        ("situation a l entree", SITUATIONS, "entry_situation", "NEET, demandeur d'emploi ou inactif"),
    ):
        raw = values.get(key, "")
        folded = fold(raw).replace("'", " ")
        if folded not in table:
            err(key, _("Valeur « %(v)s » inconnue : %(e)s.") % {"v": raw, "e": expected})
        else:
            setattr(graduate, attr, table[folded])
    for key, attr in (("qpv", "qpv_resident"), ("rqth", "disability_recognised")):
        folded = fold(values.get(key, ""))
        if folded in YES:
            setattr(graduate, attr, True)
        elif folded in NO:
            setattr(graduate, attr, False)
        else:
            err(key, _("Répondez oui ou non (lu : « %(v)s »).") % {"v": values.get(key, "")})
    return errors


def template_rows() -> list[list[str]]:
    return [
        list(HEADER_LABELS.values()),
        ["Martin", "Léa", "lea.martin@example.fr", "Liévin", "14/03/2003", "F", "4", "NEET", "oui", "non"],
    ]
