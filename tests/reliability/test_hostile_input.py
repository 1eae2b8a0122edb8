"""Hostile or malformed values get a clear French refusal, never a server error (issue #10)."""

import io
import zipfile
import zlib

import pytest

from backend.core.imports import MAX_XLSX_UNCOMPRESSED_BYTES, xlsx_within_bounds
from graduates.imports import graduates_import
from nlp_models.documents import DocumentRejected, text_from_upload
from tests.factories.graduates import CohortFactory

HEADER = "nom;prénom;e-mail;commune;date de naissance;genre;niveau de diplôme;situation à l'entrée;QPV;RQTH"
LINE = "Martin;Léa;lea.martin@example.fr;Liévin;14/03/2003;F;4;NEET;oui;non"
# pypdf refuses to inflate one stream past 75,000,000 bytes (its ZLIB_MAX_OUTPUT_LENGTH).
PYPDF_INFLATE_LIMIT = 75_000_000


@pytest.fixture
def cohort(db):
    return CohortFactory()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/skills/?q=%00",
        "/api/v1/appellations/?q=dev%00",
        "/api/v1/communes/?q=%00Lens",
        "/api/v1/offers/?q=%00",
    ],
)
def test_a_nul_byte_in_a_search_is_a_french_400_not_a_500(api_client_for, officer, url):
    response = api_client_for(officer).get(url)
    assert response.status_code == 400
    assert "caractère nul" in response.json()["message"]


def test_a_nul_byte_inside_a_json_string_is_refused_before_any_write(api_client_for, employer_user):
    response = api_client_for(employer_user).post(
        "/api/v1/employer/offers/",
        data='{"title": "D\\u0000veloppeur", "description": "x"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "caractère nul" in response.json()["message"]


def test_a_nul_byte_in_a_page_query_is_a_plain_french_400(client_for, officer):
    response = client_for(officer).get("/employeurs/?q=a%00b")
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()


def test_an_ordinary_search_still_passes_the_guard(api_client_for, officer):
    assert api_client_for(officer).get("/api/v1/skills/?q=python").status_code == 200


def test_a_huge_page_number_is_a_404_not_a_database_overflow(api_client_for, officer):
    response = api_client_for(officer).get("/api/v1/offers/?page=99999999999999999999")
    assert response.status_code == 404
    assert response.json()["message"] == "Cette page n'existe pas."


def test_a_csv_with_bare_carriage_returns_is_read_line_by_line(cohort, officer):
    data = (HEADER + "\r" + LINE + "\r").encode("utf-8")
    report = graduates_import(cohort=cohort, by=officer, file=data, filename="promo.csv")
    assert report.ok, report.errors
    assert len(report.created) == 1


def test_a_binary_file_sent_as_csv_is_refused_in_french(cohort, officer):
    report = graduates_import(
        cohort=cohort, by=officer, file=b"\x7fELF\x02\x01\x00\x00" * 50, filename="x.csv"
    )
    assert not report.ok
    assert "n'est pas un tableau CSV ou Excel" in str(report.errors[0])
    assert report.created == []


def _xlsx_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<c>" + "A" * (MAX_XLSX_UNCOMPRESSED_BYTES + 1) + "</c>")
    return buffer.getvalue()


def test_an_xlsx_that_inflates_past_the_bound_is_refused_without_being_parsed(cohort, officer):
    bomb = _xlsx_bomb()
    assert len(bomb) < 200_000
    assert not xlsx_within_bounds(bomb)
    report = graduates_import(cohort=cohort, by=officer, file=bomb, filename="promo.xlsx")
    assert not report.ok
    assert "anormalement volumineux" in str(report.errors[0])


def test_a_long_hostile_header_is_not_echoed_back_whole(cohort, officer):
    data = ("X" * 5000 + ";" + HEADER + "\n" + LINE + "\n").encode("utf-8")
    report = graduates_import(cohort=cohort, by=officer, file=data, filename="promo.csv")
    assert not report.ok
    assert max(len(str(error)) for error in report.errors) < 400


def test_an_impossible_date_in_the_right_format_says_the_date_does_not_exist(cohort, officer):
    line = LINE.replace("14/03/2003", "31/02/2005")
    report = graduates_import(
        cohort=cohort, by=officer, file=(HEADER + "\n" + line + "\n").encode(), filename="p.csv"
    )
    assert "n'existe pas dans le calendrier" in str(report.errors[0])


def _pdf_with_stream(stream: bytes) -> bytes:
    """A one-page PDF whose content stream is ``stream`` (already Flate-compressed)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_a_pdf_whose_stream_inflates_past_pypdf_limits_is_refused_in_french():
    bomb = _pdf_with_stream(zlib.compress(b" " * (PYPDF_INFLATE_LIMIT + 1024), 9))
    assert len(bomb) < 200_000
    with pytest.raises(DocumentRejected) as refused:
        text_from_upload(bomb, "cv.pdf")
    assert str(refused.value).startswith(("Ce PDF", "Aucun texte"))


def test_a_pdf_that_trips_a_pypdf_limit_is_refused_in_french_not_a_500():
    # A /Pages tree that contains itself: pypdf raises LimitReachedError while walking it.
    looped = _pdf_with_stream(zlib.compress(b"")).replace(b"/Kids [3 0 R]", b"/Kids [2 0 R]")
    with pytest.raises(DocumentRejected) as refused:
        text_from_upload(looped, "cv.pdf")
    assert "anormalement volumineux" in str(refused.value)


def test_a_small_real_pdf_stream_still_reads():
    text = _pdf_with_stream(zlib.compress(b"BT /F1 12 Tf 72 712 Td (Bonjour) Tj ET"))
    # No font resource: pypdf reads no text, which the upload reports as a scanned document.
    with pytest.raises(DocumentRejected) as refused:
        text_from_upload(text, "cv.pdf")
    assert "Aucun texte" in str(refused.value)
