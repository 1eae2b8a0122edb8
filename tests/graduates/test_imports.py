import io

import pytest
from openpyxl import Workbook

from graduates.imports import graduates_import
from graduates.models import Graduate
from tests.factories.graduates import GraduateFactory

HEADER = "nom;prénom;e-mail;commune;date de naissance;genre;niveau de diplôme;situation à l'entrée;QPV;RQTH"


def csv_file(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def xlsx_file(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    "Martin;Léa;lea.martin@example.fr;Liévin;14/03/2003;F;4;NEET;oui;non",
    "Kaczmarek;Théo;theo.k@example.fr;62300 Lens;02/11/2001;M;sans diplôme;demandeur d'emploi;non;oui",
]


def test_a_clean_csv_creates_every_graduate_with_its_entry_characteristics(cohort, officer):
    report = graduates_import(cohort=cohort, by=officer, file=csv_file(*GOOD), filename="promo.csv")
    assert report.ok, report.errors
    assert report.lines == 2
    lea = Graduate.objects.get(email="lea.martin@example.fr")
    assert (lea.first_name, lea.last_name, lea.commune_id, str(lea.birth_date)) == (
        "Léa",
        "Martin",
        "62510",
        "2003-03-14",
    )
    assert (lea.gender, lea.diploma_level, lea.entry_situation, lea.qpv_resident) == ("F", "4", "neet", True)
    theo = Graduate.objects.get(email="theo.k@example.fr")
    assert (theo.commune_id, theo.entry_situation, theo.diploma_level, theo.disability_recognised) == (
        "62498",
        "jobseeker",
        "none",
        True,
    )
    assert theo.user is None and theo.visible_to_employers is False


def test_one_bad_line_means_nothing_is_imported_and_every_error_is_reported(cohort, officer):
    GraduateFactory(email="deja@example.fr", cohort=cohort)
    before = Graduate.objects.count()
    report = graduates_import(
        cohort=cohort,
        by=officer,
        file=csv_file(
            *GOOD,
            "Dubois;Sarah;sarah.dubois@exemple;Lens;01/01/2002;F;4;NEET;non;non",
            "Benali;Yanis;yanis@example.fr;Nulle-Part-sur-Mer;01/01/2002;M;4;NEET;non;non",
            "Petit;Emma;lea.martin@example.fr;Lens;01/01/2002;F;4;NEET;non;non",
            "Nowak;Adam;deja@example.fr;Lens;01/01/2002;M;4;NEET;non;non",
            "Caron;Jade;jade@example.fr;Lens;31/02/2002;F;4;NEET;non;non",
        ),
    )
    assert not report.ok
    assert Graduate.objects.count() == before
    found = {(e.line, e.field) for e in report.errors}
    assert found == {(4, "e-mail"), (5, "commune"), (6, "e-mail"), (7, "e-mail"), (8, "date de naissance")}
    messages = {e.line: e.message for e in report.errors}
    assert "n'est pas une adresse e-mail valide" in messages[4]
    assert "Nulle-Part-sur-Mer" in messages[5] and "introuvable" in messages[5]
    assert "figure déjà ligne 2" in messages[6]
    assert "déjà inscrit" in messages[7]
    assert "n'existe pas dans le calendrier" in messages[8]  # 31/02 has the right shape but is no date
    assert str(report.errors[0]).startswith("Ligne 4, colonne e-mail")


def test_an_excel_file_with_an_extra_column_is_refused_with_the_column_named(cohort, officer):
    header = HEADER.split(";") + ["Remarques"]
    data = xlsx_file([header, GOOD[0].split(";") + ["à rappeler"]])
    report = graduates_import(cohort=cohort, by=officer, file=data, filename="promo.xlsx")
    assert not report.ok
    assert report.errors[0].line == 1 and report.errors[0].field == "Remarques"
    assert "Colonne inconnue « Remarques »" in report.errors[0].message
    assert Graduate.objects.count() == 0


def test_an_excel_row_with_values_beyond_the_header_is_refused(cohort, officer):
    data = xlsx_file([HEADER.split(";"), GOOD[0].split(";") + ["en trop"]])
    report = graduates_import(cohort=cohort, by=officer, file=data, filename="promo.xlsx")
    assert [(e.line, "colonne en trop" in e.message) for e in report.errors] == [(2, True)]
    assert Graduate.objects.count() == 0


def test_a_clean_excel_file_with_real_dates_imports(cohort, officer):
    from datetime import datetime

    row = GOOD[0].split(";")
    row[4] = datetime(2003, 3, 14)
    report = graduates_import(
        cohort=cohort, by=officer, file=xlsx_file([HEADER.split(";"), row]), filename="p.xlsx"
    )
    assert report.ok, report.errors
    assert str(Graduate.objects.get().birth_date) == "2003-03-14"


def test_windows_1252_csv_with_commas_is_read(cohort, officer):
    data = ("nom,prénom,e-mail,commune\nLefebvre,Chloé,chloe@example.fr,Liévin\n").encode("cp1252")
    report = graduates_import(cohort=cohort, by=officer, file=data, filename="p.csv")
    assert report.ok, report.errors
    assert Graduate.objects.get().first_name == "Chloé"


def test_missing_required_column_is_reported(cohort, officer):
    report = graduates_import(cohort=cohort, by=officer, file=b"nom;prenom\nMartin;Lea\n", filename="p.csv")
    assert [(e.line, e.field) for e in report.errors] == [(1, "e-mail")]


def test_only_officers_import(cohort, graduate):
    from backend.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        graduates_import(cohort=cohort, by=graduate.user, file=csv_file(*GOOD), filename="p.csv")
    assert exc.value.status_code == 403
