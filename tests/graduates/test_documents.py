import io

import pytest

from backend.core.exceptions import ApplicationError
from graduates import documents

from .conftest import make_docx, make_pdf, make_pdf_with_javascript, make_zip_bomb


def test_pdf_is_sniffed_from_content_and_its_text_extracted():
    document = documents.cv_read(make_pdf("Developpeuse React a Lievin"))
    assert document.kind == "pdf"
    assert "Developpeuse React" in document.text


def test_docx_is_sniffed_from_content_and_its_text_extracted():
    document = documents.cv_read(io.BytesIO(make_docx("Technicien KNX, Home Assistant")))
    assert document.kind == "docx"
    assert document.text == "Technicien KNX, Home Assistant"


def test_a_text_file_named_like_a_pdf_is_refused_by_its_content():
    with pytest.raises(ApplicationError) as exc:
        documents.cv_read(b"Mon CV\nDeveloppeur web")
    assert exc.value.extra["reason"] == "type"
    assert "PDF ou Word" in exc.value.message


def test_a_plain_zip_is_not_a_docx():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    with pytest.raises(ApplicationError) as exc:
        documents.cv_read(buffer.getvalue())
    assert exc.value.extra["reason"] == "type"


def test_a_file_over_five_megabytes_is_refused():
    data = make_pdf() + b"%" + b"x" * (5 * 1024 * 1024)
    with pytest.raises(ApplicationError) as exc:
        documents.cv_read(data)
    assert "5 Mo" in exc.value.message
    assert exc.value.extra["max_bytes"] == 5 * 1024 * 1024


def test_a_pdf_with_javascript_is_refused():
    with pytest.raises(ApplicationError) as exc:
        documents.cv_read(make_pdf_with_javascript())
    assert exc.value.extra["reason"] == "active_content"
    assert "JavaScript" in exc.value.message


@pytest.mark.parametrize(
    "extra",
    [
        b"99 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj",
        b"99 0 obj << /OpenAction << /S /Launch /F (calc.exe) >> >> endobj",
        # The same name written with PDF escapes (#4A = J, #53 = S).
        b"99 0 obj << /S /#4Aava#53cript >> endobj",
    ],
)
def test_a_pdf_with_hidden_actions_in_raw_objects_is_refused(extra):
    with pytest.raises(ApplicationError) as exc:
        documents.cv_read(make_pdf(extra=extra))
    assert exc.value.extra["reason"] == "active_content"


def test_a_zip_bomb_disguised_as_docx_is_refused_before_decompression():
    bomb = make_zip_bomb()
    assert len(bomb) < 5 * 1024 * 1024
    with pytest.raises(ApplicationError) as exc:
        documents.cv_read(bomb)
    assert exc.value.extra["reason"] == "zip_bomb"
    assert "archive piégée" in exc.value.message


def test_an_empty_file_is_refused():
    with pytest.raises(ApplicationError, match="vide"):
        documents.cv_read(b"")
