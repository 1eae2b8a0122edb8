import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backend.core import events
from employers.imports import MAX_OFFERS, TEMPLATE_PATH, LineError, offers_import_csv, parse_amount
from employers.models import Offer, OfferSkill, OfferTransitionLog

HEADER = [
    "titre",
    "description",
    "type_contrat",
    "duree_mois",
    "salaire_min",
    "salaire_max",
    "periode_salaire",
    "commune",
    "teletravail",
    "date_debut",
    "date_limite",
    "postes",
    "code_rome",
    "competences",
    "temps_travail",
    "heures_hebdo",
    "accessible_rqth",
]


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")


def line(**overrides) -> dict:
    row = {
        "titre": "Développeur web React (H/F)",
        "description": "Vous développez des interfaces en React et TypeScript pour nos clients régionaux.",
        "type_contrat": "CDI",
        "duree_mois": "",
        "salaire_min": "2 000",
        "salaire_max": "2 400",
        "periode_salaire": "mois",
        "commune": "Liévin (62800)",
        "teletravail": "hybride",
        "date_debut": in_days(30),
        "date_limite": in_days(20),
        "postes": "1",
        "code_rome": "M1805",
        "competences": "React|Git",
        "temps_travail": "temps plein",
        "heures_hebdo": "",
        "accessible_rqth": "oui",
    }
    row.update(overrides)
    return row


def make_csv(rows, *, delimiter=";", encoding="utf-8", header=None, bom=False) -> bytes:
    header = header or HEADER
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def upload(data: bytes, name="offres.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def run_import(employer, employer_user):
    def run(data: bytes, name="offres.csv"):
        return offers_import_csv(employer=employer, by=employer_user, file=upload(data, name))

    return run


def errors_of(report) -> list[tuple[int, str]]:
    return [(e.line, e.field) for e in report.errors]


# ---------------------------------------------------------------- good files


def test_the_downloadable_template_imports_as_two_drafts_with_skills(run_import, employer, employer_user):
    report = run_import(TEMPLATE_PATH.read_bytes())

    assert report.errors == []
    assert report.ok
    assert len(report.created) == 2
    web, domotique = Offer.objects.filter(employer=employer).order_by("pk")
    assert [o.status for o in (web, domotique)] == [Offer.Status.DRAFT, Offer.Status.DRAFT]
    assert web.title == "Développeur web PHP / Symfony (H/F)"
    assert "débutant accepté" in web.description  # the quoted multi-line cell is kept whole
    assert (web.contract_type, web.salary_min, web.salary_max) == ("CDI", Decimal("2000"), Decimal("2400"))
    assert web.commune_id == "62498"
    assert web.remote == Offer.Remote.HYBRID
    assert web.disability_friendly is True
    assert web.occupation_id == "M1805"
    assert web.created_by == employer_user
    assert sorted((s.skill.label_fr, s.level) for s in web.offer_skills.all()) == [
        ("Docker", OfferSkill.Level.NICE),
        ("Git", OfferSkill.Level.REQUIRED),
        ("PHP", OfferSkill.Level.REQUIRED),
        ("Symfony", OfferSkill.Level.REQUIRED),
    ]
    assert (domotique.contract_type, domotique.contract_months, domotique.openings) == (
        "APPRENTISSAGE",
        24,
        2,
    )
    assert domotique.commune_id == "62510"
    # The appellation fills the ROME occupation it belongs to.
    assert domotique.appellation.occupation_id == domotique.occupation_id == "I1314"
    assert {s.skill.label_fr for s in domotique.offer_skills.all()} == {"KNX", "Home Assistant"}
    assert OfferTransitionLog.objects.filter(offer__employer=employer, transition="create").count() == 2


def test_comma_delimiter_and_french_amounts_are_understood(run_import, employer):
    data = make_csv(
        [
            line(salaire_min="35 k€", salaire_max="38,5 k€", periode_salaire=""),
            line(
                titre="Technicien support",
                salaire_min="1 850,50",
                salaire_max="2.100,00",
                periode_salaire="mensuel",
            ),
        ],
        delimiter=",",
    )

    report = run_import(data)

    assert report.ok, report.errors
    first, second = sorted(report.created, key=lambda o: o.pk)
    assert (first.salary_min, first.salary_max, first.salary_period) == (
        Decimal("35000"),
        Decimal("38500"),
        "year",
    )
    assert (second.salary_min, second.salary_max, second.salary_period) == (
        Decimal("1850.50"),
        Decimal("2100.00"),
        "month",
    )


def test_windows_1252_file_saved_by_excel_keeps_its_accents(run_import):
    data = make_csv([line(titre="Référent numérique — médiation", commune="Liévin")], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the file really is not UTF-8

    report = run_import(data)

    assert report.ok, report.errors
    (offer,) = report.created
    assert offer.title == "Référent numérique — médiation"
    assert offer.commune_id == "62510"


def test_utf8_with_bom_and_insee_code_for_the_commune(run_import):
    report = run_import(make_csv([line(commune="62041")], bom=True))

    assert report.ok, report.errors
    assert report.created[0].commune.name == "Arras"


def test_created_offers_are_announced_only_when_the_import_commits(
    run_import, django_capture_on_commit_callbacks
):
    seen = []

    def handler(**payload):
        seen.append(payload["offer_id"])

    events.subscribe("offer.changed", handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            bad = run_import(make_csv([line(), line(commune="Atlantide")]))
        assert not bad.ok
        assert seen == []
        with django_capture_on_commit_callbacks(execute=True):
            good = run_import(make_csv([line(), line()]))
        assert sorted(seen) == sorted(o.pk for o in good.created)
    finally:
        events.unsubscribe("offer.changed", handler)


# ---------------------------------------------------------------- per-line errors


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"commune": "Atlantide"}, "commune", "Commune « Atlantide » introuvable"),
        ({"salaire_min": "2 800", "salaire_max": "2 400"}, "salaire_max", "supérieur ou égal au minimum"),
        ({"date_limite": "31/02/2027"}, "date_limite", "JJ/MM/AAAA"),
        ({"date_limite": "2027/13/01"}, "date_limite", "JJ/MM/AAAA"),
        ({"type_contrat": "CDU"}, "type_contrat", "CDI, CDD, intérim"),
        ({"type_contrat": "alternance"}, "type_contrat", "apprentissage » ou « professionnalisation"),
        (
            {"competences": "React|Cobol quantique"},
            "competences",
            "Compétence « Cobol quantique » introuvable",
        ),
        ({"competences": "React, Git"}, "competences", "séparez les compétences par une barre verticale"),
        ({"type_contrat": "CDD", "duree_mois": ""}, "duree_mois", "durée du contrat en mois"),
        ({"type_contrat": "stage", "duree_mois": "8"}, "duree_mois", "6 mois"),
        ({"temps_travail": "temps partiel", "heures_hebdo": ""}, "heures_hebdo", "heures par semaine"),
        ({"salaire_min": "0", "salaire_max": "0"}, "salaire_min", "transparence salariale"),
        ({"salaire_min": "2.000"}, "salaire_min", "ambigu"),
        ({"salaire_min": "beaucoup"}, "salaire_min", "n'est pas un montant"),
        ({"date_limite": in_days(-3)}, "date_limite", "déjà passée"),
        ({"code_rome": "Z9999"}, "code_rome", "Code ROME « Z9999 » inconnu"),
        ({"teletravail": "parfois"}, "teletravail", "sur site, hybride ou complet"),
        ({"postes": "deux"}, "postes", "nombre entier"),
        ({"accessible_rqth": "peut-être"}, "accessible_rqth", "oui ou non"),
        ({"titre": ""}, "titre", "intitulé du poste"),
    ],
)
def test_a_bad_cell_is_reported_on_its_line_and_column(run_import, overrides, field, words):
    report = run_import(make_csv([line(), line(**overrides), line()]))

    assert not report.ok
    assert report.created == []
    assert errors_of(report) == [(3, field)]
    assert words in report.errors[0].message
    assert Offer.objects.count() == 0


def test_every_error_of_every_line_is_reported_and_nothing_is_created(run_import):
    data = make_csv(
        [
            line(),
            line(commune="Atlantide", type_contrat="CDU"),
            line(),
            line(salaire_min="3 000", salaire_max="2 000", competences="React|Inconnue"),
        ]
    )

    report = run_import(data)

    assert errors_of(report) == [(3, "type_contrat"), (3, "commune"), (5, "salaire_max"), (5, "competences")]
    assert report.created == []
    assert Offer.objects.count() == 0
    assert OfferTransitionLog.objects.count() == 0
    assert OfferSkill.objects.count() == 0


def test_line_numbers_count_the_physical_lines_of_multiline_descriptions(run_import):
    data = make_csv(
        [line(description="Première ligne\nDeuxième ligne\nTroisième ligne"), line(commune="Atlantide")]
    )

    report = run_import(data)

    # Header = 1, the first offer spans lines 2 to 4, the second starts on line 5.
    assert errors_of(report) == [(5, "commune")]


def test_a_missing_required_column_is_reported_on_the_header(run_import):
    header = [name for name in HEADER if name != "salaire_max"]

    report = run_import(make_csv([line()], header=header))

    assert errors_of(report) == [(1, "salaire_max")]
    assert "Colonne obligatoire « salaire_max » absente" in report.errors[0].message
    assert Offer.objects.count() == 0


def test_an_unknown_column_is_named_with_the_expected_ones(run_import):
    header = [*HEADER, "salaire_moyen"]

    report = run_import(make_csv([line()], header=header))

    assert errors_of(report) == [(1, "salaire_moyen")]
    assert "salaire_min" in report.errors[0].message


def test_columns_spelled_with_accents_spaces_and_capitals_are_recognised(run_import):
    spelled = {"duree_mois": "Durée mois", "teletravail": "Télétravail", "competences": "Compétences"}
    header = [spelled.get(name, name.upper()) for name in HEADER]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";")
    writer.writerow(header)
    writer.writerow([line()[name] for name in HEADER])

    report = run_import(buf.getvalue().encode())

    assert report.ok, report.errors
    assert report.created[0].remote == Offer.Remote.HYBRID


def test_a_malformed_quoted_line_is_reported_and_the_following_lines_are_still_read(run_import):
    good = make_csv([line()]).decode().splitlines()[1]
    broken = good.replace("Développeur web React (H/F)", '"Développeur" web React', 1)
    bad_commune = make_csv([line(commune="Atlantide")]).decode().splitlines()[1]
    data = "\r\n".join([";".join(HEADER), good, broken, bad_commune]).encode()

    report = run_import(data)

    assert errors_of(report) == [(3, ""), (4, "commune")]
    assert "guillemets" in report.errors[0].message
    assert Offer.objects.count() == 0


def test_an_unclosed_quote_is_reported_where_it_opens(run_import):
    good = make_csv([line()]).decode().splitlines()[1]
    broken = good.replace("Développeur web React (H/F)", '"Développeur web React', 1)
    data = "\r\n".join([";".join(HEADER), good, broken, good]).encode()

    report = run_import(data)

    assert errors_of(report) == [(3, "")]
    assert "jamais refermé" in report.errors[0].message


def test_a_line_with_an_unquoted_delimiter_has_too_many_columns(run_import):
    good = make_csv([line()]).decode().splitlines()[1]
    shifted = good.replace("Vous développez", "Missions ; vous développez", 1)
    data = "\r\n".join([";".join(HEADER), good, shifted]).encode()

    report = run_import(data)

    assert errors_of(report) == [(3, "")]
    assert "18 colonnes au lieu de 17" in report.errors[0].message


# ---------------------------------------------------------------- whole-file errors


def test_an_excel_workbook_instead_of_a_csv_gets_one_clear_error(run_import):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(list(line().values()))
    buf = io.BytesIO()
    workbook.save(buf)

    report = run_import(buf.getvalue(), name="offres.xlsx")

    assert len(report.errors) == 1
    assert report.errors[0].line == 0
    assert "classeur" in report.errors[0].message
    assert "CSV UTF-8" in report.errors[0].message
    assert str(report.errors[0]).startswith("Fichier : ")
    assert Offer.objects.count() == 0


def test_a_binary_file_is_refused(run_import):
    report = run_import(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", name="photo.csv")

    assert [(e.line, "pas un fichier texte CSV" in e.message) for e in report.errors] == [(0, True)]


def test_a_file_over_two_megabytes_is_refused_before_reading_lines(run_import):
    report = run_import(make_csv([line(description="x" * 3_000_000)]))

    assert [(e.line, "2 Mo" in e.message) for e in report.errors] == [(0, True)]


def test_more_than_the_maximum_number_of_offers_is_refused(run_import):
    report = run_import(make_csv([line()] * (MAX_OFFERS + 1)))

    assert len(report.errors) == 1
    assert "501 offres ; 500 au plus" in report.errors[0].message
    assert Offer.objects.count() == 0


def test_an_empty_file_and_a_header_without_lines_are_explained(run_import):
    empty = run_import(b"")
    header_only = run_import(make_csv([]))

    assert "vide" in empty.errors[0].message
    assert "aucune offre" in header_only.errors[0].message
    assert not empty.ok and not header_only.ok


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1800", Decimal("1800")),
        ("2 000,50", Decimal("2000.50")),
        ("2\u202f000 €", Decimal("2000")),
        ("2.000,50", Decimal("2000.50")),
        ("2,000.50", Decimal("2000.50")),
        ("35 k€", Decimal("35000")),
        ("1,5k", Decimal("1500")),
        ("1.234.567", Decimal("1234567")),
        ("11,65 € brut", Decimal("11.65")),
        ("1 900 € bruts / mois", Decimal("1900")),
        ("12,50 €/heure", Decimal("12.50")),
    ],
)
def test_french_amounts_are_parsed(raw, expected):
    assert parse_amount(raw) == expected


@pytest.mark.parametrize("raw", ["2.000", "2,000", "deux mille", "12,3,4", "€"])
def test_ambiguous_or_wrong_amounts_are_refused(raw):
    from employers.imports import _CellError

    with pytest.raises(_CellError):
        parse_amount(raw)


def test_line_error_reads_as_a_sentence():
    assert str(LineError(4, "commune", "Commune inconnue.")) == "Ligne 4, colonne commune : Commune inconnue."
