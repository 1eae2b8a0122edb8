"""Import several offers from one CSV file, all or nothing, with a per-line error report.

The file is what an employer's spreadsheet saves: UTF-8 (with or without BOM) or Windows-1252 (Excel
in France), ``;`` or ``,`` (or tab) as delimiter, French column names and French values. Every line
goes through ``services.offer_create`` — the same rules as the web form and the API — inside one
transaction with a savepoint per line; if any line is wrong, nothing is kept and every error is
reported with its line number (the header is line 1) and column.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import ApplicationError
from backend.core.imports import ImportReport, LineError, decode_spreadsheet_text, upload_bytes
from backend.core.text import fold
from backend.geo.selectors import commune_resolve
from backend.taxonomy.models import Appellation, Occupation, Skill

from . import services
from .models import Employer, Offer, OfferSkill

MAX_BYTES = 2 * 1024 * 1024
MAX_OFFERS = 500
TEMPLATE_PATH = Path(__file__).resolve().parent / "fixtures" / "offres_modele.csv"

# Column -> (model field it fills, required, help shown to employers).
COLUMNS: dict[str, tuple[str, bool, str]] = {
    "titre": ("title", True, "Intitulé du poste, 200 caractères au plus."),
    "description": ("description", True, "Missions, profil, conditions (Markdown accepté)."),
    "type_contrat": (
        "contract_type",
        True,
        "CDI, CDD, intérim, apprentissage, professionnalisation, stage ou freelance.",
    ),
    "duree_mois": (
        "contract_months",
        False,
        "Durée en mois : obligatoire pour un CDD ou un stage (6 au plus).",
    ),
    "salaire_min": ("salary_min", True, "Salaire brut minimum : 1800, 2 000,50 ou 35 k€."),
    "salaire_max": ("salary_max", True, "Salaire brut maximum (égal au minimum pour un salaire fixe)."),
    "periode_salaire": (
        "salary_period",
        False,
        "mois, an ou heure. Vide : déduite du montant (an à partir de 10 000, heure jusqu'à 100).",
    ),
    "gratification": ("internship_gratification", False, "Stage : gratification mensuelle en euros."),
    "commune": ("commune", True, "Lieu de travail : Liévin, « Liévin (62800) » ou le code INSEE 62510."),
    "teletravail": ("remote", False, "sur site, hybride ou complet. Vide : sur site."),
    "date_debut": ("start_date", False, "JJ/MM/AAAA, ou vide / « dès que possible »."),
    "date_limite": ("deadline", False, "Date limite de candidature, JJ/MM/AAAA."),
    "postes": ("openings", False, "Nombre de postes. Vide : 1."),
    "code_rome": ("occupation", False, "Code ROME du métier, par exemple M1805."),
    "appellation": ("appellation", False, "Appellation ROME (intitulé exact du référentiel) ou son code."),
    "competences": ("skills", False, "Compétences requises, séparées par | : PHP|Symfony|Git."),
    "competences_appreciees": ("skills", False, "Compétences appréciées (un plus), séparées par |."),
    "temps_travail": ("working_time", False, "temps plein ou temps partiel. Vide : temps plein."),
    "heures_hebdo": ("weekly_hours", False, "Heures par semaine : obligatoire pour un temps partiel."),
    "accessible_rqth": (
        "disability_friendly",
        False,
        "oui ou non : poste ouvert aux travailleurs handicapés.",
    ),
}
REQUIRED = [name for name, (_f, required, _h) in COLUMNS.items() if required]
# Other spellings people type in their own spreadsheets.
ALIASES = {
    "intitule": "titre",
    "intitule_du_poste": "titre",
    "contrat": "type_contrat",
    "type_de_contrat": "type_contrat",
    "duree": "duree_mois",
    "duree_(mois)": "duree_mois",
    "salaire_minimum": "salaire_min",
    "salaire_maximum": "salaire_max",
    "periode": "periode_salaire",
    "lieu": "commune",
    "lieu_de_travail": "commune",
    "teletravail_possible": "teletravail",
    "debut": "date_debut",
    "date_de_debut": "date_debut",
    "date_limite_de_candidature": "date_limite",
    "nombre_de_postes": "postes",
    "rome": "code_rome",
    "competences_requises": "competences",
    "heures_par_semaine": "heures_hebdo",
    "rqth": "accessible_rqth",
}
# Where a service error on a model field is reported.
FIELD_TO_COLUMN = {
    model_field: name for name, (model_field, _r, _h) in COLUMNS.items() if model_field != "skills"
}


class _CellError(Exception):
    pass


# ---------------------------------------------------------------- file → text → rows


def _read_bytes(file) -> bytes:
    return upload_bytes(file, max_bytes=MAX_BYTES)


SAVE_AS_CSV = (
    "dans votre tableur, faites « Enregistrer sous » et choisissez « CSV UTF-8 (délimité par des "
    "virgules) » ou « CSV (séparateur : point-virgule) »"
)


def _decode(data: bytes) -> str:
    """Text of the file, or _CellError with what to do when it is not a CSV."""
    if not data.strip():
        raise _CellError(_("Le fichier est vide : partez du modèle et ajoutez une ligne par offre."))
    if data.startswith(b"PK\x03\x04"):
        raise _CellError(
            _("Ce fichier est un classeur (Excel .xlsx ou LibreOffice .ods), pas un CSV : %(how)s.")
            % {"how": SAVE_AS_CSV}
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _CellError(
            _("Ce fichier est un classeur Excel ancien (.xls), pas un CSV : %(how)s.") % {"how": SAVE_AS_CSV}
        )
    if data.startswith(b"%PDF"):
        raise _CellError(_("Ce fichier est un PDF, pas un CSV : %(how)s.") % {"how": SAVE_AS_CSV})
    text = decode_spreadsheet_text(data)
    if text is not None and "\x00" in text[:4096]:
        raise _CellError(_("Ce fichier n'est pas un fichier texte CSV : %(how)s.") % {"how": SAVE_AS_CSV})
    if text is None:
        raise _CellError(
            _("Encodage du fichier non reconnu (ni UTF-8 ni Windows-1252) : %(how)s.") % {"how": SAVE_AS_CSV}
        )
    return text


def _column_key(header: str) -> str:
    key = fold(header).replace(" ", "_")
    return ALIASES.get(key, key)


def _sniff_delimiter(text: str) -> str:
    """The delimiter under which the first line reads as the most known column names."""
    first = next((line for line in io.StringIO(text, newline="") if line.strip()), "")
    best, best_score = ";", (-1, -1)
    for delimiter in (";", ",", "\t"):
        cells = next(csv.reader([first], delimiter=delimiter), [])
        known = sum(1 for cell in cells if _column_key(cell) in COLUMNS)
        score = (known, first.count(delimiter))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _records(text: str, delimiter: str):
    """(line where the record starts, cells or None, csv error message or None); blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous = 0
    while True:
        start = previous + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                message = _(
                    "Guillemet ouvert et jamais refermé : le reste du fichier n'a pas pu être lu. Entourez "
                    "chaque texte contenant %(d)s, un retour à la ligne ou des guillemets par des "
                    'guillemets droits ("), et doublez les guillemets à l\'intérieur ("").'
                ) % {"d": _delimiter_name(delimiter)}
            else:
                message = _(
                    "Ligne mal formée (guillemets mal placés) : un texte entre guillemets doit être suivi "
                    "directement de %(d)s ; doublez les guillemets à l'intérieur d'un texte (\"\")."
                ) % {"d": _delimiter_name(delimiter)}
            yield start, None, message
            previous = reader.line_num
            continue
        previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        yield start, cells, None


def _delimiter_name(delimiter: str) -> str:
    return {";": "« ; »", ",": "« , »", "\t": "une tabulation"}[delimiter]


# ---------------------------------------------------------------- cell parsers

_AMOUNT_NOISE = re.compile(r"(€|euros?|\beur\b|bruts?|/\s*(?:mois|an|heure|h))", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_amount(raw: str) -> Decimal:
    """French amounts: "1800", "2 000,50", "2.000,50", "35 k€", "1,5k". Refuses "2.000" or "2,000".

    Exported for the web form's tests and for the matching side's salary facts.
    """
    text = _SPACES.sub("", _AMOUNT_NOISE.sub("", raw.strip().lower()))
    multiplier = 1
    if text.endswith("k"):
        multiplier, text = 1000, text[:-1]
    example = _("écrivez par exemple 1800, 2 000,50 ou 35 k€")
    if not re.fullmatch(r"\d[\d.,]*", text or "-"):
        raise _CellError(_("« %(v)s » n'est pas un montant : %(ex)s.") % {"v": raw.strip(), "ex": example})
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        whole, fraction = text.rsplit(decimal_sep, 1)
        if not re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})*", whole) or not fraction.isdigit():
            raise _CellError(
                _("« %(v)s » n'est pas un montant : %(ex)s.") % {"v": raw.strip(), "ex": example}
            )
        text = whole.replace(thousands, "") + "." + fraction
    elif "," in text or "." in text:
        sep = "," if "," in text else "."
        parts = text.split(sep)
        if len(parts) > 2:
            if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 and p.isdigit() for p in parts[1:])):
                raise _CellError(
                    _("« %(v)s » n'est pas un montant : %(ex)s.") % {"v": raw.strip(), "ex": example}
                )
            text = "".join(parts)
        else:
            whole, fraction = parts
            if len(fraction) == 3 or not whole or not fraction:
                # "2.000" is two thousand in France and two elsewhere: ask rather than guess.
                raise _CellError(
                    _(
                        "Montant « %(v)s » ambigu : %(ex)s (espace pour les milliers, virgule pour les centimes)."
                    )
                    % {"v": raw.strip(), "ex": example}
                )
            text = f"{whole}.{fraction}"
    try:
        return Decimal(text) * multiplier
    except InvalidOperation:
        raise _CellError(_("« %(v)s » n'est pas un montant : %(ex)s.") % {"v": raw.strip(), "ex": example})


def _parse_int(raw: str, *, unit: str = "") -> int:
    text = _SPACES.sub("", raw.strip().lower())
    if unit and text.endswith(unit):
        text = text[: -len(unit)]
    if not text.isdigit():
        raise _CellError(_("« %(v)s » n'est pas un nombre entier.") % {"v": raw.strip()})
    return int(text)


def _parse_hours(raw: str) -> Decimal:
    text = _SPACES.sub("", raw.strip().lower()).removesuffix("heures").removesuffix("h").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _CellError(
            _("« %(v)s » n'est pas un nombre d'heures : écrivez par exemple 24 ou 24,5.") % {"v": raw}
        )
    if not 0 < value <= 48:
        raise _CellError(
            _("%(v)s heures par semaine : indiquez une durée entre 1 et 48 heures.") % {"v": raw}
        )
    return value


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
_ASAP = {"des que possible", "asap", "immediat", "immediatement", "au plus tot"}


def _parse_date(raw: str, *, allow_asap: bool = False) -> date | None:
    text = raw.strip()
    if allow_asap and fold(text) in _ASAP:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _CellError(
        _("Date « %(v)s » non reconnue : écrivez-la JJ/MM/AAAA, par exemple 01/09/2026.") % {"v": text}
    )


def _choice(raw: str, mapping: dict[str, str], allowed: str) -> str:
    value = mapping.get(fold(raw))
    if value is None:
        raise _CellError(
            _("« %(v)s » n'est pas une valeur possible : %(a)s.") % {"v": raw.strip(), "a": allowed}
        )
    return value


C = Offer.ContractType
CONTRACTS = {
    "cdi": C.CDI,
    "contrat a duree indeterminee": C.CDI,
    "cdd": C.CDD,
    "contrat a duree determinee": C.CDD,
    "interim": C.INTERIM,
    "travail temporaire": C.INTERIM,
    "mission d interim": C.INTERIM,
    "apprentissage": C.APPRENTISSAGE,
    "contrat d apprentissage": C.APPRENTISSAGE,
    "alternance apprentissage": C.APPRENTISSAGE,
    "professionnalisation": C.PROFESSIONNALISATION,
    "contrat de professionnalisation": C.PROFESSIONNALISATION,
    "contrat pro": C.PROFESSIONNALISATION,
    "alternance professionnalisation": C.PROFESSIONNALISATION,
    "stage": C.STAGE,
    "freelance": C.FREELANCE,
    "free lance": C.FREELANCE,
    "mission": C.FREELANCE,
    "independant": C.FREELANCE,
    **{fold(str(label)): value for value, label in C.choices},
    **{fold(value): value for value in C.values},
}
R = Offer.Remote
REMOTE = {
    "sur site": R.ONSITE,
    "site": R.ONSITE,
    "presentiel": R.ONSITE,
    "non": R.ONSITE,
    "aucun": R.ONSITE,
    "hybride": R.HYBRID,
    "partiel": R.HYBRID,
    "teletravail partiel": R.HYBRID,
    "complet": R.FULL,
    "teletravail complet": R.FULL,
    "total": R.FULL,
    "100%": R.FULL,
    "100 %": R.FULL,
    "full remote": R.FULL,
}
P = Offer.SalaryPeriod
PERIODS = {
    "mois": P.MONTH,
    "par mois": P.MONTH,
    "mensuel": P.MONTH,
    "/mois": P.MONTH,
    "an": P.YEAR,
    "par an": P.YEAR,
    "annee": P.YEAR,
    "annuel": P.YEAR,
    "/an": P.YEAR,
    "heure": P.HOUR,
    "par heure": P.HOUR,
    "de l heure": P.HOUR,
    "horaire": P.HOUR,
    "/h": P.HOUR,
}
W = Offer.WorkingTime
WORKING_TIME = {
    "temps plein": W.FULL_TIME,
    "plein": W.FULL_TIME,
    "temps complet": W.FULL_TIME,
    "temps partiel": W.PART_TIME,
    "partiel": W.PART_TIME,
}
BOOLEANS = {
    "oui": True,
    "o": True,
    "x": True,
    "1": True,
    "vrai": True,
    "non": False,
    "n": False,
    "0": False,
    "faux": False,
}


class _Lookups:
    """Reference-data lookups cached for the length of one import."""

    def __init__(self):
        self.communes: dict[str, object] = {}
        self.skills: dict[str, Skill | None] = {}

    def commune(self, raw: str):
        key = raw.strip()
        if key not in self.communes:
            self.communes[key] = commune_resolve(text=key)
        commune = self.communes[key]
        if commune is None:
            raise _CellError(
                _(
                    "Commune « %(v)s » introuvable : écrivez son nom exact (Liévin), avec le code postal "
                    "(« Liévin (62800) ») ou son code INSEE (62510)."
                )
                % {"v": key}
            )
        return commune

    def skill(self, label: str) -> Skill:
        key = fold(label)
        if key not in self.skills:
            # search_text is "label_fr | label_en | alias…", folded: match one whole entry.
            exact = (
                Q(search_text=key)
                | Q(search_text__startswith=f"{key} | ")
                | Q(search_text__endswith=f" | {key}")
                | Q(search_text__contains=f" | {key} | ")
            )
            candidates = list(Skill.objects.filter(exact).order_by("-curated", "id")[:20])
            # A French label wins over an English one or an alias.
            by_label = [s for s in candidates if fold(s.label_fr) == key]
            self.skills[key] = (by_label or candidates or [None])[0]
        skill = self.skills[key]
        if skill is None and ("," in label or ";" in label):
            raise _CellError(
                _("« %(v)s » : séparez les compétences par une barre verticale, par exemple PHP|Symfony|Git.")
                % {"v": label.strip()}
            )
        if skill is None:
            raise _CellError(
                _(
                    "Compétence « %(v)s » introuvable dans le référentiel : vérifiez l'orthographe (par "
                    "exemple PHP, Symfony, travailler en équipe) ou retirez-la ; le texte de l'offre est "
                    "aussi analysé pour en trouver."
                )
                % {"v": label.strip()}
            )
        return skill


def _infer_period(amount: Decimal) -> str:
    if amount >= 10000:
        return P.YEAR
    if amount <= 100:
        return P.HOUR
    return P.MONTH


@dataclass
class _Row:
    line: int
    fields: dict = field(default_factory=dict)
    skills: list = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def _parse_row(line: int, values: dict[str, str], lookups: _Lookups) -> _Row:
    row = _Row(line=line)

    def cell(name: str) -> str:
        return (values.get(name) or "").strip()

    def run(name: str, parse):
        raw = cell(name)
        try:
            return parse(raw)
        except _CellError as exc:
            row.errors.append(LineError(line, name, str(exc)))
            return None

    required_messages = {
        "titre": _("Indiquez l'intitulé du poste."),
        "description": _("Décrivez le poste : missions, profil recherché, conditions."),
        "type_contrat": _(
            "Indiquez le type de contrat : CDI, CDD, intérim, apprentissage, professionnalisation, stage ou freelance."
        ),
        "salaire_min": _("Indiquez un salaire minimum : la transparence salariale est obligatoire."),
        "salaire_max": _("Indiquez un salaire maximum (égal au minimum pour un salaire fixe)."),
        "commune": _("Indiquez la commune du lieu de travail, par exemple Liévin ou « Liévin (62800) »."),
    }
    for name, message in required_messages.items():
        if not cell(name):
            row.errors.append(LineError(line, name, message))

    f = row.fields
    f["title"] = cell("titre")
    f["description"] = cell("description")
    if cell("type_contrat"):
        if fold(cell("type_contrat")) == "alternance":
            row.errors.append(
                LineError(
                    line,
                    "type_contrat",
                    _("Précisez le type d'alternance : « apprentissage » ou « professionnalisation »."),
                )
            )
        else:
            f["contract_type"] = run(
                "type_contrat",
                lambda v: _choice(
                    v, CONTRACTS, "CDI, CDD, intérim, apprentissage, professionnalisation, stage, freelance"
                ),
            )
    if cell("duree_mois"):
        f["contract_months"] = run("duree_mois", lambda v: _parse_int(v, unit="mois"))
    for name, model_field in (("salaire_min", "salary_min"), ("salaire_max", "salary_max")):
        if cell(name):
            f[model_field] = run(name, parse_amount)
    if cell("periode_salaire"):
        f["salary_period"] = run("periode_salaire", lambda v: _choice(v, PERIODS, "mois, an ou heure"))
    elif f.get("salary_min") is not None:
        f["salary_period"] = _infer_period(f["salary_min"])
    if cell("gratification"):
        f["internship_gratification"] = run("gratification", parse_amount)
    if cell("commune"):
        f["commune"] = run("commune", lookups.commune)
    if cell("teletravail"):
        f["remote"] = run("teletravail", lambda v: _choice(v, REMOTE, "sur site, hybride ou complet"))
    if cell("date_debut"):
        f["start_date"] = run("date_debut", lambda v: _parse_date(v, allow_asap=True))
    if cell("date_limite"):
        f["deadline"] = run("date_limite", _parse_date)
    if cell("postes"):
        f["openings"] = run("postes", _parse_int)
    if cell("code_rome"):
        f["occupation"] = run("code_rome", _occupation)
    if cell("appellation"):
        f["appellation"] = run("appellation", _appellation)
        occupation, appellation = f.get("occupation"), f["appellation"]
        if occupation and appellation and appellation.occupation_id != occupation.code:
            row.errors.append(
                LineError(
                    line,
                    "appellation",
                    _(
                        "L'appellation « %(a)s » relève du code ROME %(c)s, pas de %(o)s : corrigez l'un des deux."
                    )
                    % {"a": appellation.label, "c": appellation.occupation_id, "o": occupation.code},
                )
            )
    if cell("temps_travail"):
        f["working_time"] = run(
            "temps_travail", lambda v: _choice(v, WORKING_TIME, "temps plein ou temps partiel")
        )
    if cell("heures_hebdo"):
        f["weekly_hours"] = run("heures_hebdo", _parse_hours)
    if cell("accessible_rqth"):
        f["disability_friendly"] = run("accessible_rqth", lambda v: _choice(v, BOOLEANS, "oui ou non"))

    seen: set[int] = set()
    for name, level in (
        ("competences", OfferSkill.Level.REQUIRED),
        ("competences_appreciees", OfferSkill.Level.NICE),
    ):
        for label in cell(name).split("|"):
            if not label.strip():
                continue
            try:
                skill = lookups.skill(label)
            except _CellError as exc:
                row.errors.append(LineError(line, name, str(exc)))
                continue
            if skill.pk not in seen:
                seen.add(skill.pk)
                row.skills.append((skill, level))
    # Drop what could not be parsed: the cell error already says why.
    row.fields = {key: value for key, value in f.items() if value is not None}
    return row


def _occupation(raw: str) -> Occupation:
    code = raw.strip().upper()
    occupation = Occupation.objects.filter(code=code).first() if re.fullmatch(r"[A-N]\d{4}", code) else None
    if occupation is None:
        raise _CellError(
            _("Code ROME « %(v)s » inconnu : une lettre et quatre chiffres, par exemple M1805.")
            % {"v": raw.strip()}
        )
    return occupation


def _appellation(raw: str) -> Appellation:
    text = raw.strip()
    qs = Appellation.objects.select_related("occupation")
    appellation = (
        qs.filter(code=text).first() if text.isdigit() else qs.filter(search_name=fold(text)).first()
    )
    if appellation is None:
        raise _CellError(
            _(
                "Appellation « %(v)s » introuvable dans le référentiel ROME : copiez l'intitulé exact proposé "
                "par le formulaire d'offre, ou laissez la colonne vide et indiquez le code ROME."
            )
            % {"v": text}
        )
    return appellation


# ---------------------------------------------------------------- the service


def offers_import_csv(*, employer: Employer, by: User, file) -> ImportReport:
    """Create one draft offer per line of the CSV, or none at all if any line is wrong."""
    report = ImportReport()
    data = _read_bytes(file)
    if len(data) > MAX_BYTES:
        report.errors.append(
            LineError(
                0,
                "",
                _("Le fichier dépasse 2 Mo : découpez-le en plusieurs fichiers de %(n)s offres au plus.")
                % {"n": MAX_OFFERS},
            )
        )
        return report
    try:
        text = _decode(data)
    except _CellError as exc:
        report.errors.append(LineError(0, "", str(exc)))
        return report

    delimiter = _sniff_delimiter(text)
    records = list(_records(text, delimiter))
    if not records or records[0][1] is None:
        report.errors.append(
            LineError(1, "", _("La première ligne doit donner les noms des colonnes : partez du modèle."))
        )
        return report

    _line, header_cells, _err = records[0]
    while header_cells and not header_cells[-1].strip():
        header_cells = header_cells[:-1]  # spreadsheets add empty trailing columns
    columns = [_column_key(cell) for cell in header_cells]
    header_errors = _check_header(header_cells, columns)
    if header_errors:
        report.errors.extend(header_errors)
        return report

    data_records = records[1:]
    report.lines = len(data_records)
    if not data_records:
        report.errors.append(
            LineError(
                0, "", _("Le fichier ne contient aucune offre : ajoutez une ligne par offre sous les titres.")
            )
        )
        return report
    if len(data_records) > MAX_OFFERS:
        report.errors.append(
            LineError(
                0,
                "",
                _(
                    "Le fichier contient %(n)s offres ; %(max)s au plus par import : découpez-le en plusieurs fichiers."
                )
                % {"n": len(data_records), "max": MAX_OFFERS},
            )
        )
        return report

    lookups = _Lookups()
    rows: list[_Row] = []
    for line, cells, csv_error in data_records:
        if csv_error:
            report.errors.append(LineError(line, "", csv_error))
            continue
        extra = cells[len(columns) :]
        if len(cells) < len(columns) or any(c.strip() for c in extra):
            report.errors.append(
                LineError(
                    line,
                    "",
                    _(
                        'La ligne compte %(n)s colonnes au lieu de %(m)s : entourez de guillemets (") les textes '
                        "qui contiennent %(d)s ou un retour à la ligne."
                    )
                    % {"n": len(cells), "m": len(columns), "d": _delimiter_name(delimiter)},
                )
            )
            continue
        rows.append(_parse_row(line, dict(zip(columns, cells, strict=False)), lookups))

    created: list[Offer] = []
    try:
        with transaction.atomic():
            for row in rows:
                report.errors.extend(row.errors)
                offer = _create(row, employer=employer, by=by, errors=report.errors)
                if offer is not None:
                    created.append(offer)
            if report.errors:
                raise _Rollback
    except _Rollback:
        created = []
    report.created = created
    report.errors.sort(key=lambda e: (e.line, _column_order(e.field)))
    return report


class _Rollback(Exception):
    pass


def _column_order(name: str) -> int:
    return list(COLUMNS).index(name) if name in COLUMNS else -1


def _check_header(cells: list[str], columns: list[str]) -> list[LineError]:
    errors = []
    expected = ", ".join(COLUMNS)
    seen: set[str] = set()
    for cell, key in zip(cells, columns, strict=True):
        if key not in COLUMNS:
            errors.append(
                LineError(
                    1,
                    cell.strip(),
                    _("Colonne « %(c)s » inconnue : les colonnes possibles sont %(e)s.")
                    % {"c": cell.strip(), "e": expected}
                    if cell.strip()
                    else _(
                        "Une colonne n'a pas de titre : donnez-lui un des noms du modèle ou supprimez-la."
                    ),
                )
            )
        elif key in seen:
            errors.append(LineError(1, key, _("La colonne « %(c)s » apparaît deux fois.") % {"c": key}))
        seen.add(key)
    for name in REQUIRED:
        if name not in seen:
            errors.append(
                LineError(
                    1,
                    name,
                    _("Colonne obligatoire « %(c)s » absente : ajoutez-la (voir le modèle).") % {"c": name},
                )
            )
    return errors


def _create(row: _Row, *, employer: Employer, by: User, errors: list[LineError]) -> Offer | None:
    """One line through the same service as the form, in a savepoint so a refusal leaves no trace."""
    reported = {e.field for e in row.errors}
    try:
        with transaction.atomic():
            return services.offer_create(employer=employer, by=by, skills=row.skills, **row.fields)
    except ApplicationError as exc:
        fields = exc.extra.get("fields") or {}
        line_errors = []
        for model_field, messages in fields.items():
            column = FIELD_TO_COLUMN.get(model_field, "")
            if column in reported or (model_field == "occupation" and "appellation" in reported):
                continue  # already explained by the cell's own message
            for message in dict.fromkeys(messages):
                line_errors.append(LineError(row.line, column, str(message)))
        # Constraint messages ("La contrainte … n'est pas respectée") only repeat a field error.
        specific = [e for e in line_errors if e.field]
        line_errors = specific or line_errors
        if not line_errors and not row.errors:
            line_errors.append(LineError(row.line, "", exc.message))
        errors.extend(line_errors)
    except DatabaseError as exc:
        errors.append(LineError(row.line, "", _("Ligne refusée par la base de données : %(e)s") % {"e": exc}))
    return None
