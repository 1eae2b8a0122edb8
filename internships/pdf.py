"""The agreement as a PDF (fpdf2, text with an embedded DejaVu font for French accents).

:func:`render_document` prints a version's content in the order of the legal mentions (Code de
l'éducation D124-4); it is what the parties sign, frozen at the first signature. :func:`render_signed`
prints the same content followed by the signature records (who, when, from where, and the SHA-256 of
the document each one signed); it is archived once, at the third signature. Both set their dates from
the rows, never from the clock, so the same rows give the same bytes.
"""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .rules import gratification_rule

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"


def _date(day) -> str:
    return date_format(day, "j F Y") if day else "—"


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y à H:i:s")


def _amount(value) -> str:
    return f"{Decimal(value):.2f}".replace(".", ",") + " €"


def _hours(value) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


class _Document(FPDF):
    def __init__(self, *, title: str, footer: str, created: datetime):
        super().__init__(format="A4")
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_author("Tremplin")
        self.set_creator("Tremplin")
        self.set_creation_date(created)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 16, 18)
        self._footer_text = footer
        self.add_page()

    def footer(self):
        self.set_y(-12)
        self.set_font(FAMILY, "", 7)
        self.cell(0, 5, f"{self._footer_text} — page {self.page_no()}/{{nb}}", align="C")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(FAMILY, "B", 11)
        self.multi_cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, "", 9.5)

    def para(self, text: str) -> None:
        self.set_font(FAMILY, "", 9.5)
        self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def field(self, label: str, value) -> None:
        self.set_font(FAMILY, "B", 9.5)
        self.multi_cell(0, 5, f"{label} :", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, "", 9.5)
        self.multi_cell(0, 5, str(value or "—"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _content(doc: _Document, version) -> None:
    agreement = version.agreement
    title = (
        "Convention de stage"
        if not version.is_amendment
        else f"Avenant n° {version.number - 1} à la convention de stage"
    )
    doc.set_font(FAMILY, "B", 15)
    doc.multi_cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.para(
        f"Convention n° {agreement.pk}, version {version.number} — articles L124-1 et suivants et D124-1 et "
        "suivants du Code de l'éducation."
    )
    if version.is_amendment:
        doc.field("Objet de l'avenant", version.reason)

    doc.heading("Article 1 — Les parties")
    doc.field("L'établissement d'enseignement", f"{version.school_name}, {version.school_address}")
    doc.field("Représenté par", version.school_representative)
    doc.field("L'organisme d'accueil", f"{version.host_name} — SIRET {version.host_siret or '—'}")
    doc.field("Adresse du lieu de stage", version.host_address)
    doc.field(
        "Représenté par",
        ", ".join(filter(None, [version.host_representative_name, version.host_representative_title])),
    )
    doc.field(
        "Le ou la stagiaire",
        f"{version.trainee_name}, né·e le {_date(version.trainee_birth_date)} — {version.trainee_email}",
    )
    doc.field("Adresse et téléphone", f"{version.trainee_address} — {version.trainee_phone}")
    doc.field("Formation suivie", version.programme)

    doc.heading("Article 2 — Activités confiées et compétences à acquérir")
    doc.para(version.tasks or "—")

    doc.heading("Article 3 — Dates, durée et horaires")
    rule = gratification_rule(version)
    doc.para(
        f"Du {_date(version.start_date)} au {_date(version.end_date)} : {len(version.presence_days())} jours de "
        f"présence, {_hours(version.presence_hours())} heures ({_hours(version.weekly_hours)} heures par semaine "
        f"sur {version.days_per_week} jours, {_hours(version.daily_hours)} heures par jour). Présence chez cet "
        f"organisme sur l'année scolaire : {_hours(rule.hours)} heures."
    )
    doc.field("Horaires", version.schedule)
    doc.para(
        "Le ou la stagiaire suit les règles de l'organisme sur la durée du travail, les repos et les jours "
        "fériés ; toute présence la nuit, le dimanche ou un jour férié est exclue sauf mention ci-dessus."
    )

    doc.heading("Article 4 — Encadrement")
    doc.field(
        "Tuteur ou tutrice dans l'organisme",
        ", ".join(
            filter(None, [version.tutor_name, version.tutor_title, version.tutor_email, version.tutor_phone])
        ),
    )
    doc.field(
        "Référent·e de l'école",
        ", ".join(filter(None, [version.referent_name, version.referent_email, version.referent_phone])),
    )

    doc.heading("Article 5 — Gratification et avantages")
    if rule.due:
        doc.para(
            f"Le stage dépasse deux mois de présence (plus de 308 heures) : la gratification est due, au moins "
            f"{_amount(rule.minimum_hourly)} par heure de présence (15 % du plafond horaire de la sécurité "
            f"sociale). Montant convenu : {_amount(version.gratification_hourly)} par heure, soit environ "
            f"{_amount(version.monthly_gratification())} par mois complet, versés chaque mois."
        )
    else:
        doc.para(
            f"Le stage ne dépasse pas deux mois de présence : la gratification n'est pas obligatoire. Montant "
            f"convenu : {_amount(version.gratification_hourly)} par heure de présence."
        )
    doc.field("Avantages", version.benefits)

    doc.heading("Article 6 — Protection sociale et assurances")
    doc.para(
        "Le ou la stagiaire reste affilié·e à son régime de sécurité sociale. Tant que la gratification ne "
        "dépasse pas le seuil de franchise de cotisations, l'école déclare les accidents du travail ; au-delà, "
        "l'organisme d'accueil les déclare (article L412-8 du Code de la sécurité sociale)."
    )
    doc.field("Assurance responsabilité civile de l'école", version.school_insurer)
    doc.field("Assurance responsabilité civile de l'organisme", version.host_insurer)
    doc.field(
        "Assurance responsabilité civile du ou de la stagiaire",
        " — contrat ".join(filter(None, [version.trainee_insurer, version.trainee_insurance_number])),
    )
    doc.field("Personne à prévenir en cas d'urgence", version.emergency_contact)

    doc.heading("Article 7 — Congés et absences")
    doc.para(version.leave or "—")

    doc.heading("Article 8 — Discipline, suspension et fin du stage")
    doc.para(
        "Le ou la stagiaire respecte le règlement intérieur de l'organisme. Le stage peut être suspendu ou "
        "interrompu d'un commun accord ou, en cas de manquement, par l'une des parties après avoir informé "
        "les deux autres ; toute modification fait l'objet d'un avenant signé des trois parties."
    )

    doc.heading("Article 9 — Évaluation et attestation")
    doc.para(
        "À la fin du stage, le tuteur ou la tutrice remplit la fiche d'évaluation dans Tremplin et l'organisme "
        "remet une attestation de stage mentionnant la durée effective et la gratification versée ; le ou la "
        "stagiaire rédige son rapport de stage."
    )


def _created(version) -> datetime:
    return version.created_at or timezone.now()


def render_document(version) -> bytes:
    """The PDF the parties sign (no signature yet on it)."""
    doc = _Document(
        title=f"Convention de stage n° {version.agreement_id} — version {version.number}",
        footer=f"Convention de stage n° {version.agreement_id} — version {version.number}",
        created=_created(version),
    )
    _content(doc, version)
    doc.heading("Signatures")
    doc.para(
        "Chaque partie signe ce document dans Tremplin, connectée à son compte. Son empreinte SHA-256 est "
        "enregistrée avec chaque signature."
    )
    return bytes(doc.output())


def render_signed(version, signatures) -> bytes:
    """The archived agreement: the document and the signature records, with the signed document's hash."""
    last = max(s.signed_at for s in signatures)
    doc = _Document(
        title=f"Convention de stage n° {version.agreement_id} — version {version.number} signée",
        footer=f"Convention de stage n° {version.agreement_id} — version {version.number} — signée",
        created=last,
    )
    _content(doc, version)
    doc.heading("Signatures")
    doc.para(f"Empreinte SHA-256 du document signé : {version.document_sha256}")
    for signature in signatures:
        doc.field(
            signature.get_party_display(),
            f"{signature.signer_name}, le {_when(signature.signed_at)} depuis l'adresse "
            f"{signature.ip_address or 'inconnue'} — document {signature.document_sha256}",
        )
    return bytes(doc.output())
